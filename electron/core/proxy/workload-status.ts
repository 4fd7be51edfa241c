import type { WorkloadState } from '../../../shared/states';
import type { StatusStore } from '../state/status-store';

const NOT_MOVED = Symbol('not moved');

/**
 * Moves the workload to `to` only if it is now in one of `from`, in one locked read-modify-write.
 * Returns whether it moved. This is how the proxy writes the transitions it owns without
 * overwriting one the manager made meanwhile (a stop in progress wins over a health failure).
 */
export async function moveStatusIf(
  statuses: StatusStore,
  name: string,
  from: readonly WorkloadState[],
  to: WorkloadState,
  statusContext: string,
): Promise<boolean> {
  try {
    await statuses.update(name, (current) => {
      // A sentinel that never leaves this function: it aborts the write.
      if (!current || !from.includes(current.status)) throw NOT_MOVED;
      return { status: to, statusContext, pid: current.pid };
    });
    return true;
  } catch (error) {
    if (error === NOT_MOVED) return false;
    throw error;
  }
}
