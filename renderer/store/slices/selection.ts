import type { StateCreator } from 'zustand';

/** The workloads ticked for a batch action. */
export interface SelectionSlice {
  /** Replaced on every change, never mutated. */
  readonly selected: ReadonlySet<string>;
  /** Ticks `name` if it is not ticked, unticks it if it is. */
  toggleSelected(name: string): void;
  /** Ticks exactly `names`. */
  setSelected(names: Iterable<string>): void;
  /** Unticks `name`; a name that is not ticked changes nothing (no new Set, no re-render). */
  deselect(name: string): void;
  clearSelection(): void;
}

export const createSelectionSlice: StateCreator<SelectionSlice, [], [], SelectionSlice> = (set) => ({
  selected: new Set(),
  toggleSelected: (name) =>
    set((state) => {
      const next = new Set(state.selected);
      if (next.has(name)) next.delete(name);
      else next.add(name);
      return { selected: next };
    }),
  setSelected: (names) => set({ selected: new Set(names) }),
  deselect: (name) =>
    set((state) => {
      if (!state.selected.has(name)) return state;
      const next = new Set(state.selected);
      next.delete(name);
      return { selected: next };
    }),
  clearSelection: () => set({ selected: new Set() }),
});
