import type { StateCreator } from 'zustand';
import type { WorkloadInfo } from '../../../shared/workload-info';

/** The workloads as main last reported them, keyed by name, and how the first load went. */
export interface WorkloadsSlice {
  /** Replaced on every change (never mutated), so a selector sees a new reference exactly when something changed. */
  readonly workloads: ReadonlyMap<string, WorkloadInfo>;
  /** True once the first list has answered (successfully or not). */
  readonly loaded: boolean;
  /** The first list's error message, or null. */
  readonly loadError: string | null;
  /** Replaces every workload with `list` (the initial load). */
  setWorkloads(list: readonly WorkloadInfo[]): void;
  /** Records that the initial load failed, with the core's message. */
  setLoadError(message: string): void;
  /** Adds or replaces one workload (a `workloads:changed` event). */
  upsertWorkload(info: WorkloadInfo): void;
  /** Forgets one workload (a `workloads:removed` event); a name that is not there changes nothing. */
  removeWorkload(name: string): void;
}

export const createWorkloadsSlice: StateCreator<WorkloadsSlice, [], [], WorkloadsSlice> = (set) => ({
  workloads: new Map(),
  loaded: false,
  loadError: null,
  setWorkloads: (list) => set({ workloads: new Map(list.map((w) => [w.name, w])), loaded: true, loadError: null }),
  setLoadError: (message) => set({ loaded: true, loadError: message }),
  upsertWorkload: (info) =>
    set((state) => {
      const next = new Map(state.workloads);
      next.set(info.name, info);
      return { workloads: next };
    }),
  removeWorkload: (name) =>
    set((state) => {
      if (!state.workloads.has(name)) return state;
      const next = new Map(state.workloads);
      next.delete(name);
      return { workloads: next };
    }),
});
