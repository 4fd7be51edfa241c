import type { ProxyLog } from '../http-forwarder';

/** The timer functions the monitor uses; injected in tests, the global ones by default. */
export interface MonitorTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface HealthMonitorOptions {
  /**
   * One health check. Gets the time it has; should settle within it (the HTTP health client and the
   * stdio bridge's ping do). A rejection or a late answer is a failed check.
   */
  readonly ping: (timeoutMs: number) => Promise<void>;
  /** From the end of one check to the start of the next. Default 10 s. */
  readonly intervalMs?: number;
  /** A check that has not settled by then failed. Default 5 s. */
  readonly timeoutMs?: number;
  /** Failed checks in a row that make the server unhealthy. Default 3. */
  readonly failuresBeforeUnhealthy?: number;
  /**
   * Called once when the failures in a row reach `failuresBeforeUnhealthy`, with a reason such as
   * "3 health checks failed in a row: ping to http://127.0.0.1:8080 timed out after 5000 ms (…)"
   * (the last failure's message). Not called again until a check has succeeded.
   */
  readonly onUnhealthy: (reason: string) => void | Promise<void>;
  /** Called once for the first successful check after onUnhealthy. */
  readonly onRecovered: () => void | Promise<void>;
  /** Where a callback's failure is reported; the monitor itself goes on. */
  readonly log?: ProxyLog;
  readonly timers?: MonitorTimers;
}

/**
 * Checks a server's health on an interval: `failuresBeforeUnhealthy` failed checks in a row make it
 * unhealthy (onUnhealthy, once), and the first success after that makes it healthy again
 * (onRecovered, once). Any success resets the count. It starts out healthy.
 *
 * Checks never overlap: the next one is scheduled `intervalMs` after the previous one ended, so a
 * slow server is checked less often rather than piled up. A check that outlives `timeoutMs` counts
 * as failed at once; if it is still running when the next one is due, that next one fails too
 * ("the previous check has not ended") instead of starting a second ping.
 */
export class HealthMonitor {
  private readonly intervalMs: number;
  private readonly timeoutMs: number;
  private readonly threshold: number;
  private readonly timers: MonitorTimers;
  private timer: unknown;
  private running = false;
  /** Bumped by start() and stop(), so a check that ends after them is ignored. */
  private generation = 0;
  private failures = 0;
  private unhealthy = false;
  private pending: Promise<unknown> | undefined;

  constructor(private readonly options: HealthMonitorOptions) {
    this.intervalMs = options.intervalMs ?? 10_000;
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.threshold = options.failuresBeforeUnhealthy ?? 3;
    if (!(this.intervalMs > 0) || !(this.timeoutMs > 0)) throw new Error('health check interval and timeout must be positive');
    if (!Number.isInteger(this.threshold) || this.threshold < 1) throw new Error('failuresBeforeUnhealthy must be a positive integer');
    // Looked up at each call, not captured here, so that fake timers installed later still apply.
    this.timers = options.timers ?? {
      setTimeout: (callback, ms) => setTimeout(callback, ms),
      clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
    };
  }

  /** True between onUnhealthy and the next success. */
  get isUnhealthy(): boolean {
    return this.unhealthy;
  }

  /** Failed checks since the last success. */
  get consecutiveFailures(): number {
    return this.failures;
  }

  /**
   * Starts checking: the first check runs `intervalMs` from now (the server has just been started
   * or adopted). Starting a running monitor does nothing; starting a stopped one begins afresh,
   * healthy with no failures counted.
   */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.generation++;
    this.failures = 0;
    this.unhealthy = false;
    this.schedule();
  }

  /** Stops checking. A check in flight is left to end, and its result is ignored. Idempotent. */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.generation++;
    this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    const generation = this.generation;
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      if (generation === this.generation) void this.check(generation);
    }, this.intervalMs);
  }

  private async check(generation: number): Promise<void> {
    let failure: string | undefined;
    if (this.pending) {
      failure = 'the previous check has not ended';
    } else {
      failure = await this.pingWithin();
    }
    if (generation !== this.generation) return;
    if (failure === undefined) this.succeeded();
    else this.failed(failure);
    this.schedule();
  }

  /** Runs one ping; resolves undefined on success, else the failure's message. Never rejects. */
  private pingWithin(): Promise<string | undefined> {
    // The ping is called before our own timer is set: a ping that enforces the same timeout itself
    // then fails first, with its own, more telling message; our timer only catches one that does not.
    let started: Promise<void>;
    try {
      started = this.options.ping(this.timeoutMs);
    } catch (error) {
      started = Promise.reject(error);
    }
    const ping = started.then(
      () => undefined,
      (error: unknown) => (error instanceof Error ? error.message : String(error)) || 'the check failed',
    );
    const pending = ping.finally(() => {
      if (this.pending === pending) this.pending = undefined;
    });
    this.pending = pending;
    return new Promise((resolve) => {
      const timer = this.timers.setTimeout(() => resolve(`ping timed out after ${this.timeoutMs} ms`), this.timeoutMs);
      void ping.then((result) => {
        this.timers.clearTimeout(timer);
        resolve(result);
      });
    });
  }

  private succeeded(): void {
    this.failures = 0;
    if (!this.unhealthy) return;
    this.unhealthy = false;
    this.options.log?.debug('health check succeeded again: recovered');
    this.notify('onRecovered', () => this.options.onRecovered());
  }

  private failed(reason: string): void {
    this.failures++;
    this.options.log?.debug(`health check failed (${this.failures} in a row): ${reason}`);
    if (this.unhealthy || this.failures < this.threshold) return;
    this.unhealthy = true;
    const checks = this.threshold === 1 ? 'a health check failed' : `${this.threshold} health checks failed in a row`;
    this.notify('onUnhealthy', () => this.options.onUnhealthy(`${checks}: ${reason}`));
  }

  /** Runs a callback so that its failure, thrown or rejected, is logged and stops nothing. */
  private notify(name: string, callback: () => void | Promise<void>): void {
    const report = (error: unknown): void => this.options.log?.error(`health monitor: ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
    try {
      void Promise.resolve(callback()).catch(report);
    } catch (error) {
      report(error);
    }
  }
}
