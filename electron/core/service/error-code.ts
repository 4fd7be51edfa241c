import type { ContractError } from '../../../shared/contract';
import { ERROR_CODES, type ErrorCode } from '../../../shared/errors';
import { InvalidFilterError } from '../../../shared/filters';
import { InvalidInputError } from '../../../shared/config-inputs';
import { InvalidLabelError } from '../../../shared/labels';
import { InvalidNameError } from '../../../shared/names';
import { ImagePullError, RuntimeUnavailableError } from '../runtime/errors';

/**
 * The code an error crosses a process boundary with: the error's own `code` when it is one of
 * ours, else by class; anything unknown is `internal`.
 */
export function errorCodeOf(error: unknown): ErrorCode {
  const own = (error as { code?: unknown } | null)?.code;
  if (typeof own === 'string' && (ERROR_CODES as readonly string[]).includes(own)) return own as ErrorCode;
  if (error instanceof RuntimeUnavailableError) return 'runtime-unavailable';
  if (error instanceof ImagePullError) return 'image-pull-failed';
  if (error instanceof InvalidNameError || error instanceof InvalidLabelError || error instanceof InvalidFilterError || error instanceof InvalidInputError) return 'invalid-input';
  return 'internal';
}

/** An error as the contract carries it: its code and its one-line message. */
export function toContractError(error: unknown): ContractError {
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ').trim();
  return { code: errorCodeOf(error), message };
}
