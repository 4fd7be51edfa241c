import { z } from 'zod';

/** The seven workload states of the specification. */
export const WORKLOAD_STATES = ['starting', 'running', 'stopping', 'stopped', 'removing', 'error', 'unhealthy'] as const;

export const WorkloadStateSchema = z.enum(WORKLOAD_STATES);
export type WorkloadState = z.infer<typeof WorkloadStateSchema>;

/** One edge of the transition table: from a state (or `null`, a workload that does not exist yet) to a state. */
export interface Transition {
  readonly from: WorkloadState | null;
  readonly to: WorkloadState;
  /** The event that moves the workload along this edge. */
  readonly event: string;
  /** Present on the edges MCP Desk adds to the specification's diagram: why it is needed. */
  readonly addedBecause?: string;
}

/**
 * The transition table, the single source for every status change. The first block is the
 * specification's diagram; the second holds the edges we add, each with its reason. `removing`
 * leads nowhere: its success is the deletion of the status file, not a state.
 */
export const TRANSITIONS: readonly Transition[] = [
  { from: null, to: 'starting', event: 'Deploy' },
  { from: 'starting', to: 'running', event: 'Success' },
  { from: 'starting', to: 'error', event: 'Failed' },
  { from: 'running', to: 'stopping', event: 'Stop' },
  { from: 'running', to: 'unhealthy', event: 'Health failed' },
  { from: 'running', to: 'error', event: 'Container exit' },
  { from: 'stopping', to: 'stopped', event: 'Success' },
  { from: 'stopped', to: 'starting', event: 'Restart' },
  { from: 'stopped', to: 'removing', event: 'Delete' },
  { from: 'error', to: 'starting', event: 'Restart' },
  { from: 'error', to: 'removing', event: 'Delete' },

  { from: 'unhealthy', to: 'running', event: 'Health recovered', addedBecause: 'a server that answers pings again is healthy again without a restart' },
  { from: 'unhealthy', to: 'stopping', event: 'Stop', addedBecause: 'an unhealthy workload must be stoppable, or the user could only delete it' },
  { from: 'unhealthy', to: 'error', event: 'Container exit', addedBecause: 'an unhealthy server can still exit, and the exit is the more useful thing to show' },
  { from: 'starting', to: 'stopping', event: 'Stop', addedBecause: 'a stop asked for while the server is still starting must not wait for it to come up' },
  { from: 'stopping', to: 'error', event: 'Failed', addedBecause: 'a stop that fails (engine gone, container stuck) must say so rather than stay stopping forever' },
] as const;

const allowed = new Set(TRANSITIONS.map((t) => `${t.from ?? '(new)'}>${t.to}`));

/**
 * Whether the table holds the edge `from → to`. `from` is `null` for a workload that has no status
 * yet. A state to itself is not an edge: re-setting the same state is refused like any other
 * transition the table lacks.
 */
export function transitionAllowed(from: WorkloadState | null, to: WorkloadState): boolean {
  return allowed.has(`${from ?? '(new)'}>${to}`);
}

/** The states a plain `list` shows (without `--all`): the ones whose server is, or should be, up. */
export const ACTIVE_STATES: readonly WorkloadState[] = ['starting', 'running', 'unhealthy'];
