/** The outcome of one item of a batch operation. */
export type ItemResult<T> =
  | { readonly name: string; readonly ok: true; readonly value: T }
  | { readonly name: string; readonly ok: false; readonly error: Error };

/** The per-item limit of batch operations, as the specification sets it. */
export const OPERATION_TIMEOUT_MS = 5 * 60 * 1000;

/** Thrown into an item's result when it did not finish within its time. */
export class OperationTimeoutError extends Error {
  override readonly name = 'OperationTimeoutError';
  readonly code = 'timeout';
}

/**
 * Runs `operation` for every name at once, each under its own timeout, and settles each on its
 * own: one failure or timeout never cancels or hides the others. Results come back in the order
 * of `names`. A name given twice runs once. The signal passed to an operation aborts when its
 * time is up, so it can stop waiting on the engine.
 */
export async function runBatch<T>(
  names: readonly string[],
  operation: (name: string, signal: AbortSignal) => Promise<T>,
  options: { timeoutMs?: number; verb?: string } = {},
): Promise<ItemResult<T>[]> {
  const timeoutMs = options.timeoutMs ?? OPERATION_TIMEOUT_MS;
  const unique = [...new Set(names)];
  return Promise.all(
    unique.map(async (name): Promise<ItemResult<T>> => {
      const controller = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const error = new OperationTimeoutError(`failed to ${options.verb ?? 'act on'} workload "${name}": timed out after ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}`);
          controller.abort(error);
          reject(error);
        }, timeoutMs);
      });
      try {
        const value = await Promise.race([operation(name, controller.signal), timeout]);
        return { name, ok: true, value };
      } catch (error) {
        return { name, ok: false, error: error instanceof Error ? error : new Error(String(error)) };
      } finally {
        clearTimeout(timer);
      }
    }),
  );
}
