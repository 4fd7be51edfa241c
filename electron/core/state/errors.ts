import type { ErrorCode } from '../../../shared/errors';
import type { WorkloadState } from '../../../shared/states';

/** Base of the state layer's errors; `code` is what crosses process boundaries. */
export abstract class StateError extends Error {
  abstract readonly code: ErrorCode;
}

/** A state file that does not parse or does not match its schema. The file is left as it is. */
export class CorruptStateError extends StateError {
  override readonly name = 'CorruptStateError';
  readonly code = 'corrupt-state';
  constructor(
    readonly file: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(`corrupt state file ${file}: ${reason} (left as it is; fix or remove it)`, options);
  }
}

/** A status change the transition table does not hold. */
export class TransitionRefusedError extends StateError {
  override readonly name = 'TransitionRefusedError';
  readonly code = 'transition-refused';
  constructor(
    readonly workload: string,
    readonly from: WorkloadState | null,
    readonly to: WorkloadState | 'gone',
  ) {
    super(`workload "${workload}" cannot go from ${from ?? '(no status)'} to ${to}`);
  }
}

/**
 * A per-workload lock could not be taken in time: another process holds it. `lock` says which:
 * the lock on the workload's files (default), or the one another command on it holds.
 */
export class LockTimeoutError extends StateError {
  override readonly name = 'LockTimeoutError';
  readonly code = 'lock-timeout';
  constructor(workload: string, holder: string, waitedMs: number, lock: 'files' | 'command' = 'files') {
    const what = lock === 'files' ? `the lock on workload "${workload}"` : `another command on workload "${workload}" to finish`;
    super(`timed out after ${waitedMs} ms waiting for ${what} (held by ${holder})`);
  }
}

/** A workload with no status or no RunConfig where one was needed. */
export class WorkloadNotFoundError extends StateError {
  override readonly name = 'WorkloadNotFoundError';
  readonly code = 'not-found';
  constructor(workload: string, what = 'workload') {
    super(`${what} "${workload}" not found`);
  }
}

/** A RunConfig for a name that is already taken. */
export class WorkloadExistsError extends StateError {
  override readonly name = 'WorkloadExistsError';
  readonly code = 'already-exists';
  constructor(workload: string) {
    super(`workload "${workload}" already exists`);
  }
}

/** Why a write under the state root failed, as a reader would say it, by errno code. */
const WRITE_FAILURES: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

/** A state file that could not be written (disk full, read-only folder); nothing was half-written. */
export class StateWriteError extends StateError {
  override readonly name = 'StateWriteError';
  readonly code = 'state-unwritable';
  constructor(
    readonly file: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(`cannot write ${file}: ${reason}`, options);
  }

  /** `error` as a StateWriteError naming `file` when it is a write failure the user can fix; else `error` as it is. */
  static from(file: string, error: unknown): unknown {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    const reason = code ? WRITE_FAILURES[code] : undefined;
    return reason ? new StateWriteError(file, reason, { cause: error }) : error;
  }
}
