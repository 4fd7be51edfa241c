import { vi } from 'vitest';
import type { BatchItem, EngineState, EventChannel, EventPayloads, McpDeskApi, RequestInput, Result, RunInput, TimelineEntry, WorkloadSettings } from '../../../shared/contract';
import type { Settings } from '../../../shared/settings';
import type { WorkloadInfo } from '../../../shared/workload-info';
import { workload } from '../../fixtures/workload-info';

/** A workload row with plausible defaults; `overrides` sets what a test cares about. */
export { workload };

/** A fake window.mcpdesk: answers from its fields, records calls, and lets a test push events. */
export interface FakeApi extends McpDeskApi {
  /** Pushes an event to every listener, as main would. */
  emit<E extends EventChannel>(event: E, payload: EventPayloads[E]): void;
  /** How many listeners are subscribed to `event`. */
  listenerCount(event: EventChannel): number;
}

export interface FakeApiOptions {
  readonly workloads?: readonly WorkloadInfo[];
  readonly engine?: EngineState;
  /** The list's answer, when it should not be the workloads (an error, or a promise a test resolves). */
  readonly list?: () => Promise<Result<WorkloadInfo[]>>;
  /** The answer of stop/restart/delete; by default every name succeeds. */
  readonly batch?: (names: readonly string[]) => Promise<Result<BatchItem[]>>;
  /** The answer of run; by default the workload starts. */
  readonly run?: (input: RunInput) => Promise<Result<WorkloadInfo>>;
  /** The answer of timeline; by default an empty timeline. */
  readonly timeline?: (name: string) => Promise<Result<TimelineEntry[]>>;
  /** The settings get answers with; set changes them. */
  readonly settings?: Settings;
  /** The answer of logs.follow; by default the follow starts (its text comes by emit). */
  readonly follow?: (input: RequestInput<'logs:follow'>) => Promise<Result<null>>;
  /** The answer of config (a workload's saved settings); unset, config rejects (not used by the test). */
  readonly config?: (name: string) => Promise<Result<WorkloadSettings>>;
  /** The answer of update; by default it succeeds (the workload starting again). */
  readonly update?: (input: RequestInput<'workloads:update'>) => Promise<Result<WorkloadInfo>>;
}

const unused = () => Promise.reject(new Error('not used by this test'));

export function createFakeApi(options: FakeApiOptions = {}): FakeApi {
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  let settings: Settings = options.settings ?? { stopAllOnQuit: false };
  const batch = (input: { names: string[] }) =>
    options.batch ? options.batch(input.names) : Promise.resolve<Result<BatchItem[]>>({ ok: true, data: input.names.map((name) => ({ name, ok: true as const })) });
  return {
    workloads: {
      list: vi.fn(options.list ?? (() => Promise.resolve<Result<WorkloadInfo[]>>({ ok: true, data: [...(options.workloads ?? [])] }))),
      get: vi.fn(unused),
      config: vi.fn((input: { name: string }) => (options.config ? options.config(input.name) : unused())),
      run: vi.fn(options.run ?? ((input: RunInput) => Promise.resolve<Result<WorkloadInfo>>({ ok: true, data: workload({ name: input.name, status: 'starting' }) }))),
      stop: vi.fn(batch),
      restart: vi.fn(batch),
      delete: vi.fn(batch),
      update: vi.fn(options.update ?? ((input: RequestInput<'workloads:update'>) => Promise.resolve<Result<WorkloadInfo>>({ ok: true, data: workload({ name: input.name, status: 'starting' }) }))),
      logs: vi.fn(unused),
      timeline: vi.fn((input: { name: string }) => (options.timeline ? options.timeline(input.name) : Promise.resolve<Result<TimelineEntry[]>>({ ok: true, data: [] }))),
    },
    logs: {
      follow: vi.fn(options.follow ?? ((_input: RequestInput<'logs:follow'>) => Promise.resolve<Result<null>>({ ok: true, data: null }))),
      unfollow: vi.fn(() => Promise.resolve<Result<null>>({ ok: true, data: null })),
    },
    settings: {
      get: vi.fn(() => Promise.resolve<Result<Settings>>({ ok: true, data: settings })),
      set: vi.fn((changes: Partial<Settings>) => {
        settings = { ...settings, ...changes };
        return Promise.resolve<Result<Settings>>({ ok: true, data: settings });
      }),
    },
    engine: {
      status: vi.fn(() => Promise.resolve<Result<EngineState>>({ ok: true, data: options.engine ?? { available: true, endpoint: 'unix:///var/run/docker.sock' } })),
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
    emit(event, payload) {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
    listenerCount: (event) => listeners.get(event)?.size ?? 0,
  };
}
