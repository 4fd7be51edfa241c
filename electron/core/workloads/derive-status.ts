import type { WorkloadState } from '../../../shared/states';
import type { WorkloadStatus } from '../state/status-store';

/** What a read found about a workload besides its status file. */
export interface Observation {
  /** The status file, or undefined when there is none. */
  readonly status: WorkloadStatus | undefined;
  /** Whether a RunConfig exists. */
  readonly hasConfig: boolean;
  /** When the RunConfig was made, if there is one. */
  readonly configCreatedAt?: string | undefined;
  /**
   * The container as the engine reports it: undefined for a remote workload (no container),
   * null when the engine has no container of this name. A paused container is not running (its
   * engine state is `paused`, not `running`) but has not exited either: `paused` tells them apart.
   */
  readonly container: { readonly running: boolean; readonly paused?: boolean | undefined; readonly exitCode?: number | undefined } | null | undefined;
  /** Whether the recorded proxy PID is alive and verified to be this workload's proxy. */
  readonly proxyAlive: boolean;
  /** The time of the read, in epoch milliseconds. */
  readonly now: number;
}

/** A run that recorded `starting` but no proxy for this long was interrupted. */
export const START_GRACE_MS = 2 * 60 * 1000;

/** The state a read shows, and why. */
export interface Derived {
  readonly status: WorkloadState;
  readonly statusContext: string;
}

const UP: readonly WorkloadState[] = ['starting', 'running', 'unhealthy'];

/**
 * The status to show for a workload, derived from its files and what is alive, without writing
 * anything (DESIGN.md rule 2). A file that says the workload is up is believed only while its proxy
 * and container are: otherwise the workload shows as unhealthy (container paused, or proxy dead)
 * or error (container gone or exited, or the proxy died before the workload ever ran), with the
 * reason and the fix.
 */
export function deriveStatus(seen: Observation): Derived {
  const file = seen.status;
  if (!file) {
    if (!seen.hasConfig) return { status: 'error', statusContext: 'a container of ours without a saved configuration; remove it with mcpdesk rm' };
    // A run writes its RunConfig a moment before its first status.
    if (seen.configCreatedAt && seen.now - Date.parse(seen.configCreatedAt) < START_GRACE_MS) return { status: 'starting', statusContext: '' };
    return { status: 'error', statusContext: 'no status was recorded (an interrupted run?); restart or remove it' };
  }
  if (!UP.includes(file.status)) return { status: file.status, statusContext: file.statusContext };
  if (file.status === 'starting' && file.pid === null) {
    // The run is between recording `starting` and launching the proxy (its container may not be
    // made or started yet), unless that was long ago.
    if (seen.now - Date.parse(file.updatedAt) < START_GRACE_MS) return { status: 'starting', statusContext: file.statusContext };
    return { status: 'error', statusContext: 'the run was interrupted before its proxy started; restart or remove it' };
  }
  if (seen.container === null) return { status: 'error', statusContext: 'the container is gone; restart to recreate it' };
  // Paused, the server answers nothing until it is unpaused, and then carries on where it was.
  if (seen.container?.paused) return { status: 'unhealthy', statusContext: 'the container is paused; unpause it to resume' };
  if (seen.container && !seen.container.running) {
    const code = seen.container.exitCode === undefined ? '' : ` with code ${seen.container.exitCode}`;
    return { status: 'error', statusContext: `the container exited${code}; restart to recover` };
  }
  if (!seen.proxyAlive) {
    const which = file.pid === null ? 'the proxy process' : `the proxy process (pid ${file.pid})`;
    if (file.status === 'starting') return { status: 'error', statusContext: `${which} exited before the workload was running; see mcpdesk logs --proxy` };
    return { status: 'unhealthy', statusContext: `${which} is not running; restart to recover` };
  }
  return { status: file.status, statusContext: file.statusContext };
}
