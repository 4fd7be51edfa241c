import type { ErrorCode } from '../../../shared/errors';

/** A refused request: bad input, a name or port already taken. Nothing was changed. */
export class WorkloadRequestError extends Error {
  override readonly name = 'WorkloadRequestError';
  constructor(
    message: string,
    readonly code: ErrorCode = 'invalid-input',
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** An operation refused because of the workload's current state (say, restarting one being removed). */
export class WorkloadStateError extends Error {
  override readonly name = 'WorkloadStateError';
  readonly code: ErrorCode = 'transition-refused';
}
