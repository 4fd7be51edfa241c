/**
 * Cleanup of what a bench suite started (containers, workloads, host processes, temp folders),
 * run when the suite ends however it ends, and also when the bench is interrupted: the runner
 * calls runPendingCleanups() on SIGINT/SIGTERM, where no finally block would run.
 */

type Cleanup = () => unknown;

/** Cleanups registered by suites still running, newest last. */
const pending = new Set<Cleanup>();

/** Registers `cleanup` to run at the end of the surrounding withCleanup (newest first). */
export type Defer = (cleanup: Cleanup) => void;

/**
 * Runs `body`, then every cleanup it deferred, newest first, also when `body` throws. A failing
 * cleanup is reported on stderr and does not stop the others; the body's error (if any) wins.
 */
export async function withCleanup<T>(body: (defer: Defer) => Promise<T>): Promise<T> {
  const mine: Cleanup[] = [];
  const defer: Defer = (cleanup) => {
    mine.push(cleanup);
    pending.add(cleanup);
  };
  try {
    return await body(defer);
  } finally {
    for (const cleanup of mine.reverse()) {
      // An interrupt may have run it already.
      if (!pending.delete(cleanup)) continue;
      await runOne(cleanup);
    }
  }
}

/** Runs every cleanup not yet run, newest first (the bench is being interrupted). */
export async function runPendingCleanups(): Promise<void> {
  const all = [...pending].reverse();
  pending.clear();
  for (const cleanup of all) await runOne(cleanup);
}

async function runOne(cleanup: Cleanup): Promise<void> {
  try {
    await cleanup();
  } catch (error) {
    console.error(`bench cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
