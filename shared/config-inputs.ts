import { isForbiddenObjectKey } from './object-keys';
import { EnvKeySchema, HeaderNameSchema, type Volume } from './run-config';
import { shorten } from './text';

/** The longest env value and header value taken, as the IPC contract bounds them too. */
export const MAX_ENV_VALUE = 32_768;
export const MAX_HEADER_VALUE = 8192;

/** Thrown for a command-line or form value that cannot go into a RunConfig; the message names it. */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';
}

/**
 * Parses `KEY=VALUE` for the container's environment: split on the first `=`; the value may be
 * empty but not longer than MAX_ENV_VALUE. `__proto__`, `constructor` and `prototype` are refused
 * as keys (see FORBIDDEN_OBJECT_KEYS): the IPC contract refuses them too.
 */
export function parseEnvAssignment(text: string): [key: string, value: string] {
  const eq = text.indexOf('=');
  if (eq === -1) throw new InvalidInputError(`invalid environment variable "${shorten(text)}": expected KEY=VALUE`);
  const key = text.slice(0, eq);
  const parsed = EnvKeySchema.safeParse(key);
  if (!parsed.success) throw new InvalidInputError(`invalid environment variable "${shorten(text)}": ${parsed.error.issues[0]?.message}`);
  if (isForbiddenObjectKey(key)) throw new InvalidInputError(`invalid environment variable "${shorten(text)}": the name "${key}" is reserved`);
  const value = text.slice(eq + 1);
  if (value.length > MAX_ENV_VALUE) throw new InvalidInputError(`invalid environment variable "${shorten(text)}": the value is longer than ${MAX_ENV_VALUE} characters`);
  return [key, value];
}

/**
 * Parses `KEY=VALUE` for a secret environment variable: the rules of parseEnvAssignment, but a
 * message never quotes a value. `KEY` alone takes its value from `lookup` (the CLI's own
 * environment, so that the value need not be typed on a command line); a form has no lookup and
 * needs the `=`. Text without `=` may be a value pasted in by mistake, so it is quoted only when it
 * is a variable name the lookup does not know.
 */
export function parseSecretEnvAssignment(text: string, lookup?: (key: string) => string | undefined): [key: string, value: string] {
  const eq = text.indexOf('=');
  if (eq === -1) {
    if (!lookup) throw new InvalidInputError('invalid secret environment variable: a line has no "=" (expected KEY=VALUE)');
    if (!EnvKeySchema.safeParse(text).success || isForbiddenObjectKey(text)) throw new InvalidInputError('invalid secret environment variable: expected KEY=VALUE, or the name of a variable set in this shell');
  }
  const key = eq === -1 ? text : text.slice(0, eq);
  const what = `invalid secret environment variable "${shorten(key)}"`;
  const parsed = EnvKeySchema.safeParse(key);
  if (!parsed.success) throw new InvalidInputError(`${what}: ${parsed.error.issues[0]?.message}`);
  if (isForbiddenObjectKey(key)) throw new InvalidInputError(`${what}: the name "${key}" is reserved`);
  const value = eq === -1 ? lookup?.(key) : text.slice(eq + 1);
  if (value === undefined) throw new InvalidInputError(`${what}: expected KEY=VALUE, or KEY set in this shell's environment`);
  if (value.length > MAX_ENV_VALUE) throw new InvalidInputError(`${what}: the value is longer than ${MAX_ENV_VALUE} characters`);
  return [key, value];
}

/**
 * Parses `HOST:CONTAINER[:ro|:rw]`. Both paths must be absolute (callers resolve a relative host
 * path against their working directory first).
 */
export function parseVolume(text: string): Volume {
  const parts = text.split(':');
  if (parts.length < 2 || parts.length > 3) throw new InvalidInputError(`invalid volume "${shorten(text)}": expected HOST:CONTAINER[:ro]`);
  const [hostPath = '', containerPath = '', mode = 'rw'] = parts;
  if (mode !== 'ro' && mode !== 'rw') throw new InvalidInputError(`invalid volume "${shorten(text)}": the mode must be ro or rw, not "${shorten(mode)}"`);
  if (!hostPath.startsWith('/')) throw new InvalidInputError(`invalid volume "${shorten(text)}": the host path must be absolute`);
  if (!containerPath.startsWith('/')) throw new InvalidInputError(`invalid volume "${shorten(text)}": the container path must be absolute`);
  if (containerPath === '/') throw new InvalidInputError(`invalid volume "${shorten(text)}": the container path must not be /`);
  return { hostPath, containerPath, readOnly: mode === 'ro' };
}

/**
 * Parses an HTTP header as `Name: value` (the value trimmed; it must not hold a line break, nor be
 * longer than MAX_HEADER_VALUE). The names of FORBIDDEN_OBJECT_KEYS are refused.
 */
export function parseHeader(text: string): [name: string, value: string] {
  const colon = text.indexOf(':');
  if (colon === -1) throw new InvalidInputError(`invalid header "${shorten(text)}": expected "Name: value"`);
  const name = text.slice(0, colon).trim();
  const value = text.slice(colon + 1).trim();
  const parsed = HeaderNameSchema.safeParse(name);
  if (name === '') throw new InvalidInputError(`invalid header "${shorten(text)}": the name is empty`);
  if (!parsed.success) throw new InvalidInputError(`invalid header "${shorten(text)}": ${parsed.error.issues[0]?.message}`);
  if (isForbiddenObjectKey(name)) throw new InvalidInputError(`invalid header "${shorten(text)}": the name "${name}" is reserved`);
  if (value.length > MAX_HEADER_VALUE) throw new InvalidInputError(`invalid header "${shorten(text)}": the value is longer than ${MAX_HEADER_VALUE} characters`);
  if (/[\r\n\0]/.test(value)) throw new InvalidInputError(`invalid header "${shorten(text)}": the value must not hold a line break or NUL`);
  return [name, value];
}

/** Parses a TCP port given as text: a whole number from 1 to 65535. `what` names it in the error. */
export function parsePort(text: string, what: string): number {
  if (!/^[0-9]{1,5}$/.test(text.trim())) throw new InvalidInputError(`invalid ${what} "${shorten(text)}": expected a number from 1 to 65535`);
  const port = Number(text.trim());
  if (port < 1 || port > 65535) throw new InvalidInputError(`invalid ${what} "${shorten(text)}": expected a number from 1 to 65535`);
  return port;
}
