import { createHash } from 'node:crypto';
import type { Runtime } from '../runtime/runtime';
import type { StateStores } from '../state';
import type { ProxyCommand } from './proxy-processes';

/** How a log line is written; the default is silent. */
export type Logger = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;

/** What the WorkloadManager is built from. Test seams are these options, not module mocks. */
export interface WorkloadManagerOptions {
  readonly state: StateStores;
  /** The container runtime, created on first use so that remote-only work needs no engine. */
  readonly runtime: () => Runtime;
  /** How to start a detached proxy process. */
  readonly proxyCommand: ProxyCommand;
  /** How long a proxy gets to exit after SIGTERM before SIGKILL. Default 5 s. */
  readonly proxyStopGraceMs?: number;
  /** How long a container gets to stop before the engine kills it. Default 10 s. */
  readonly containerStopTimeoutSeconds?: number;
  /** Per-item limit of batch operations. Default 5 minutes. */
  readonly operationTimeoutMs?: number;
  readonly now?: () => Date;
  readonly log?: Logger;
}

/** The options with their defaults filled in, shared by the operation modules. */
export interface WorkloadContext {
  readonly state: StateStores;
  /** The value of INSTANCE_LABEL for this state root. */
  readonly instance: string;
  readonly runtime: () => Runtime;
  readonly proxyCommand: ProxyCommand;
  readonly proxyStopGraceMs: number;
  readonly containerStopTimeoutSeconds: number;
  readonly operationTimeoutMs: number;
  readonly now: () => Date;
  readonly log: Logger;
}

export function resolveContext(options: WorkloadManagerOptions): WorkloadContext {
  let runtime: Runtime | undefined;
  return {
    state: options.state,
    instance: instanceOf(options.state.paths.root),
    runtime: () => (runtime ??= options.runtime()),
    proxyCommand: options.proxyCommand,
    proxyStopGraceMs: options.proxyStopGraceMs ?? 5_000,
    containerStopTimeoutSeconds: options.containerStopTimeoutSeconds ?? 10,
    operationTimeoutMs: options.operationTimeoutMs ?? 5 * 60 * 1000,
    now: options.now ?? (() => new Date()),
    log: options.log ?? (() => undefined),
  };
}

/** An error's message, for a status reason or a one-line report. */
export function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The instance label value of a state root: the first 12 hex digits of its path's sha256. */
export function instanceOf(root: string): string {
  return createHash('sha256').update(root).digest('hex').slice(0, 12);
}
