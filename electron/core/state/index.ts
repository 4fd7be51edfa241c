import { StatePaths, resolveStateRoot } from './paths';
import { RunConfigStore } from './run-config-store';
import { SecretStore } from './secret-store';
import { StatusStore } from './status-store';
import { WorkloadLocks, type WorkloadLockOptions } from './workload-lock';

export { StatePaths, resolveStateRoot } from './paths';
export { RunConfigStore } from './run-config-store';
export { SecretStore } from './secret-store';
export { StatusStore, WorkloadStatusSchema, type WorkloadStatus } from './status-store';
export { WorkloadLocks } from './workload-lock';
export { TransitionLog, type TransitionRecord } from './transition-log';
export * from './errors';

/** The state layer over one root: paths, the locks and both stores, sharing one lock table. */
export interface StateStores {
  readonly paths: StatePaths;
  readonly locks: WorkloadLocks;
  readonly statuses: StatusStore;
  readonly runConfigs: RunConfigStore;
  readonly secrets: SecretStore;
}

/** Opens the state under `root` (default: resolveStateRoot()). Creates nothing until the first write. */
export function openState(root: string = resolveStateRoot(), options: WorkloadLockOptions & { now?: () => Date } = {}): StateStores {
  const paths = new StatePaths(root);
  const locks = new WorkloadLocks(paths, options);
  return {
    paths,
    locks,
    statuses: new StatusStore(paths, locks, options.now),
    runConfigs: new RunConfigStore(paths, locks),
    secrets: new SecretStore(paths, locks),
  };
}
