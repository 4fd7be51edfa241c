/**
 * Errors the runtime throws. Callers branch on the class, never on the message; the message is for
 * people and always names the operation and the thing it was done to.
 */

/** Any failure of a runtime operation the engine reported and no narrower class describes. */
export class RuntimeError extends Error {
  override readonly name: string = 'RuntimeError';
}

/**
 * The container engine cannot be reached: no socket was found, the socket refuses connections, or
 * the user may not open it. `tried` lists every endpoint looked at, in order.
 */
export class RuntimeUnavailableError extends RuntimeError {
  override readonly name: string = 'RuntimeUnavailableError';
  readonly tried: readonly string[];

  constructor(message: string, tried: readonly string[], options?: ErrorOptions) {
    super(message, options);
    this.tried = tried;
  }
}

/** The named container does not exist (or vanished while the operation ran). */
export class ContainerNotFoundError extends RuntimeError {
  override readonly name: string = 'ContainerNotFoundError';
  readonly container: string;

  constructor(operation: string, container: string, options?: ErrorOptions) {
    super(`failed to ${operation} container "${container}": container not found`, options);
    this.container = container;
  }
}

/** Deploy found a container that already has the workload's name; nothing was changed. */
export class ContainerExistsError extends RuntimeError {
  override readonly name: string = 'ContainerExistsError';
  readonly container: string;

  constructor(container: string, options?: ErrorOptions) {
    super(`failed to create container "${container}": a container with this name already exists`, options);
    this.container = container;
  }
}

/** The image was not present and pulling it failed; `reason` is the engine's own words. */
export class ImagePullError extends RuntimeError {
  override readonly name: string = 'ImagePullError';
  readonly image: string;
  readonly reason: string;

  constructor(image: string, reason: string, options?: ErrorOptions) {
    super(`failed to pull image "${image}": ${reason}`, options);
    this.image = image;
    this.reason = reason;
  }
}

/** The container spec cannot be turned into a container (bad volume, env key, port...). */
export class ContainerSpecError extends RuntimeError {
  override readonly name: string = 'ContainerSpecError';
}

/** Network error codes that mean "the engine is not there", as opposed to "the engine said no". */
const UNREACHABLE_CODES = new Set(['ENOENT', 'ECONNREFUSED', 'EACCES', 'EPERM', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTSOCK']);

/** What dockerode's errors carry besides the message. */
interface EngineErrorShape {
  code?: unknown;
  statusCode?: unknown;
  json?: unknown;
  message?: unknown;
}

/** The HTTP status the engine answered with, when the error came from an answer. */
export function engineStatus(err: unknown): number | undefined {
  const status = (err as EngineErrorShape | undefined)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** True when the error is a failure to talk to the engine at all (no socket, refused, reset). */
export function isUnreachable(err: unknown): boolean {
  const code = (err as EngineErrorShape | undefined)?.code;
  return typeof code === 'string' && UNREACHABLE_CODES.has(code);
}

/**
 * The engine's reason in its own words. dockerode wraps it as `(HTTP code 500) server error - <reason> `
 * and only sets `json` for non-streaming calls, so the prefix is stripped from the message otherwise.
 */
export function engineReason(err: unknown): string {
  const shape = err as EngineErrorShape | undefined;
  const json = shape?.json as { message?: unknown } | null | undefined;
  if (json && typeof json.message === 'string' && json.message.length > 0) return json.message.trim();
  const message = typeof shape?.message === 'string' ? shape.message : String(err);
  return message.replace(/^\(HTTP code \d+\) [^-]*- /, '').trim();
}

/**
 * The error a caller sees when talking to the engine at `endpoint` failed outright; EACCES gets a
 * hint because it is nearly always a user outside the docker group.
 */
export function unavailable(endpoint: string, err: unknown): RuntimeUnavailableError {
  const code = (err as EngineErrorShape | undefined)?.code;
  const hint = code === 'EACCES' || code === 'EPERM' ? ' (permission denied: is the user allowed to use the engine socket?)' : '';
  const reason = err instanceof Error ? err.message : String(err);
  return new RuntimeUnavailableError(`container engine unavailable at ${endpoint}: ${reason}${hint}`, [endpoint], { cause: err });
}

/**
 * Maps an engine failure during `operation` on container `container` to our classes: unreachable
 * engine, 404 as not found, everything else a RuntimeError with the engine's reason.
 */
export function containerError(operation: string, container: string, endpoint: string, err: unknown): RuntimeError {
  if (err instanceof RuntimeError) return err;
  if (isUnreachable(err)) return unavailable(endpoint, err);
  if (engineStatus(err) === 404) return new ContainerNotFoundError(operation, container, { cause: err });
  return new RuntimeError(`failed to ${operation} container "${container}": ${engineReason(err)}`, { cause: err });
}
