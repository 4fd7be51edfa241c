/**
 * Runs `work` on every item with at most `limit` running at once, starting the next as soon as one
 * settles (a sliding window: unlike fixed batches, one slow item holds up only its own slot).
 * Rejects with the first failure once every started item has settled, so nothing is left running
 * behind the caller's cleanup.
 */
export async function inPool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (next < items.length && !failure) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
}
