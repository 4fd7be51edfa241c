/**
 * The closed set of error codes that cross a process boundary (IPC, CLI JSON output). Callers
 * branch on these, never on message text.
 */
export const ERROR_CODES = [
  'invalid-input',
  'not-found',
  'already-exists',
  'transition-refused',
  'corrupt-state',
  'state-unwritable',
  'lock-timeout',
  'runtime-unavailable',
  'image-pull-failed',
  'port-unavailable',
  'timeout',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];
