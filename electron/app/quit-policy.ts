// What quitting does with the workloads. By default nothing: detached workloads keep running and
// the next launch re-adopts them. With the "stop all workloads on quit" setting, the quit waits
// while every workload that can be stopped is stopped, all at once, then goes on.

/** Electron's before-quit event, as far as the policy uses it. */
export interface QuitEvent {
  preventDefault(): void;
}

export interface QuitPolicyOptions {
  /** The setting as it is now (kept current by the caller), read synchronously at quit. */
  readonly stopAllOnQuit: () => boolean;
  /** Stops every workload that can be stopped, in parallel; resolves with one line per failure. */
  readonly stopAll: () => Promise<readonly string[]>;
  /** Quits again, once the workloads are stopped. */
  readonly quit: () => void;
  readonly log: { info(message: string): void; error(message: string, cause?: unknown): void };
  /** The quit goes on after this long even if a stop has not answered. Default 60 s. */
  readonly timeoutMs?: number;
}

export interface QuitPolicy {
  /** Handles before-quit: lets it through, or holds it while the workloads are stopped. */
  beforeQuit(event: QuitEvent): void;
  /** Whether a quit has begun (the window then closes instead of hiding). */
  readonly quitting: boolean;
}

/**
 * The before-quit handler for the "stop all workloads on quit" setting. Whatever the stop does
 * (answers, throws, rejects or hangs past the timeout) the app quits in the end and each failure
 * is logged: a quit that never completes is worse than a workload left running.
 */
export function createQuitPolicy(options: QuitPolicyOptions): QuitPolicy {
  let quitting = false;
  let phase: 'idle' | 'stopping' | 'done' = 'idle';

  const stopThenQuit = async (): Promise<void> => {
    const timeoutMs = options.timeoutMs ?? 60_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      options.log.info('stopping every workload before quitting (setting "stop all workloads on quit")');
      const timedOut = new Promise<readonly string[]>((resolve) => {
        timer = setTimeout(() => resolve([`some workloads did not stop within ${describeDuration(timeoutMs)}; quitting anyway`]), timeoutMs);
      });
      // Called inside the try, so a stopAll that throws before returning its promise is caught too.
      const failures = await Promise.race([options.stopAll(), timedOut]);
      for (const failure of failures) options.log.error(`stop on quit: ${failure}`);
    } catch (error) {
      options.log.error(`stop on quit: stopping the workloads failed: ${error instanceof Error ? error.message : String(error)}; quitting anyway`, error);
    } finally {
      clearTimeout(timer);
      phase = 'done';
      options.quit();
    }
  };

  return {
    get quitting() {
      return quitting;
    },
    beforeQuit(event) {
      quitting = true;
      if (phase === 'done' || !options.stopAllOnQuit()) return;
      event.preventDefault();
      // A second Quit while the workloads are stopping waits for the same stop.
      if (phase === 'stopping') return;
      phase = 'stopping';
      void stopThenQuit();
    },
  };
}

function describeDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}
