import type { Settings } from '../../../shared/settings';
import type { WorkloadInfo } from '../../../shared/workload-info';
import { contractEvents, eventOutlet, mergeEventSources, type ContractEventSource } from '../live/contract-events';
import { LogFollowers } from '../live/log-followers';
import { WorkloadWatch } from '../live/workload-watch';
import type { Runtime } from '../runtime/runtime';
import type { StateStores } from '../state';
import { SettingsStore } from '../state/settings-store';
import type { WorkloadManager } from '../workloads/workload-manager';
import { createRequestHandler, type RequestHandler } from './request-handler';

export interface DeskServiceOptions {
  readonly state: StateStores;
  readonly manager: WorkloadManager;
  readonly runtime: () => Runtime;
}

/** What a renderer talks to, over IPC (the app) or HTTP (the preview): the contract, answered and pushed. */
export interface DeskService {
  readonly watch: WorkloadWatch;
  readonly logs: LogFollowers;
  /** The app's settings; an update is also pushed as `settings:changed`. */
  readonly settings: Pick<SettingsStore, 'read' | 'update'>;
  /** Answers every request channel. */
  readonly handler: RequestHandler;
  /** Every event of the contract but `links:opened`, which the app adds. */
  readonly events: ContractEventSource;
  /** Starts watching; returns the workloads as they are now. */
  start(): Promise<WorkloadInfo[]>;
  close(): void;
}

/**
 * The core side of the app, composed once for the Electron main process, the preview command and
 * the end-to-end tests: the live watch, the log followers, the settings and the request handler
 * over one WorkloadManager.
 */
export function createDeskService(options: DeskServiceOptions): DeskService {
  const { state, manager, runtime } = options;
  const watch = new WorkloadWatch({ manager, paths: state.paths, runtime });
  const logs = new LogFollowers({ manager, watch });
  const store = new SettingsStore(state.paths);
  const settingsChanged = eventOutlet('settings:changed');
  const settings = {
    read: () => store.read(),
    update: async (changes: Partial<Settings>) => {
      const updated = await store.update(changes);
      settingsChanged.emit(updated);
      return updated;
    },
  };
  return {
    watch,
    logs,
    settings,
    handler: createRequestHandler({ manager, runtime, transitions: state.statuses.transitions, logs, settings }),
    events: mergeEventSources(contractEvents(watch), logs, settingsChanged),
    start: () => watch.start(),
    close: () => {
      logs.close();
      watch.close();
    },
  };
}
