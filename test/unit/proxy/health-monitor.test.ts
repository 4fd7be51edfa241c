import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HealthMonitor, type HealthMonitorOptions, type MonitorTimers } from '../../../electron/core/proxy/health/health-monitor';

/** A ping whose outcome each test scripts; records when each call started (fake clock). */
function scriptedPing(outcome: (call: number) => Promise<void> | void) {
  const starts: number[] = [];
  const ping = vi.fn((_timeoutMs: number) => {
    starts.push(Date.now());
    return Promise.resolve().then(() => outcome(starts.length));
  });
  return { ping, starts };
}

const never = (): Promise<void> => new Promise<void>(() => {});
const fail = (message = 'connection refused'): never => {
  throw new Error(message);
};

function monitor(ping: HealthMonitorOptions['ping'], options: Partial<HealthMonitorOptions> = {}) {
  const onUnhealthy = vi.fn<(reason: string) => void>();
  const onRecovered = vi.fn<() => void>();
  const log = { debug: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const m = new HealthMonitor({ ping, intervalMs: 1_000, timeoutMs: 500, onUnhealthy, onRecovered, log, ...options });
  return { m, onUnhealthy, onRecovered, log };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('HealthMonitor', () => {
  it('pings nothing until started, then once per interval', async () => {
    const { ping, starts } = scriptedPing(() => undefined);
    const { m } = monitor(ping);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(ping).not.toHaveBeenCalled();

    m.start();
    await vi.advanceTimersByTimeAsync(3_500);
    expect(starts).toEqual([6_000, 7_000, 8_000]);
    expect(ping).toHaveBeenCalledWith(500);
    m.stop();
  });

  it('reports unhealthy once, after 3 failures in a row, with the last failure as reason', async () => {
    const { ping } = scriptedPing((call) => fail(`refused #${call}`));
    const { m, onUnhealthy, onRecovered } = monitor(ping);
    m.start();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(onUnhealthy).not.toHaveBeenCalled();
    expect(m.consecutiveFailures).toBe(2);

    await vi.advanceTimersByTimeAsync(1_000);
    expect(onUnhealthy).toHaveBeenCalledExactlyOnceWith('3 health checks failed in a row: refused #3');
    expect(m.isUnhealthy).toBe(true);

    await vi.advanceTimersByTimeAsync(10_000);
    expect(ping).toHaveBeenCalledTimes(13);
    expect(onUnhealthy).toHaveBeenCalledTimes(1);
    expect(onRecovered).not.toHaveBeenCalled();
    m.stop();
  });

  it('a success resets the count of failures in a row', async () => {
    // fail, fail, ok, fail, fail, ok, ...: never 3 in a row
    const { ping } = scriptedPing((call) => (call % 3 === 0 ? undefined : fail()));
    const { m, onUnhealthy } = monitor(ping);
    m.start();
    await vi.advanceTimersByTimeAsync(12_000);
    expect(ping).toHaveBeenCalledTimes(12);
    expect(onUnhealthy).not.toHaveBeenCalled();
    m.stop();
  });

  it('reports recovery once, on the first success after unhealthy, and can turn unhealthy again', async () => {
    // calls 1-3 fail, 4-6 succeed, 7-9 fail
    const { ping } = scriptedPing((call) => (call <= 3 || call >= 7 ? fail() : undefined));
    const { m, onUnhealthy, onRecovered } = monitor(ping);
    m.start();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(onUnhealthy).toHaveBeenCalledTimes(1);
    expect(onRecovered).not.toHaveBeenCalled();

    await vi.advanceTimersByTimeAsync(1_000);
    expect(onRecovered).toHaveBeenCalledTimes(1);
    expect(m.isUnhealthy).toBe(false);

    await vi.advanceTimersByTimeAsync(2_000);
    expect(onRecovered).toHaveBeenCalledTimes(1);

    await vi.advanceTimersByTimeAsync(3_000);
    expect(onUnhealthy).toHaveBeenCalledTimes(2);
    expect(onRecovered).toHaveBeenCalledTimes(1);
    m.stop();
  });

  it('counts a ping that does not settle in time as failed, and never starts a second one beside it', async () => {
    const { ping } = scriptedPing(never);
    const { m, onUnhealthy } = monitor(ping);
    m.start();
    // 1,000: ping starts; 1,500: times out; 2,500 and 3,500: the first is still running.
    await vi.advanceTimersByTimeAsync(3_500);
    expect(ping).toHaveBeenCalledTimes(1);
    expect(onUnhealthy).toHaveBeenCalledExactlyOnceWith('3 health checks failed in a row: the previous check has not ended');
    m.stop();
  });

  it('names the timeout when the ping does not enforce one', async () => {
    let settle: (() => void) | undefined;
    const { ping } = scriptedPing((call) => (call === 1 ? new Promise<void>((resolve) => (settle = resolve)) : fail('refused')));
    const { m, onUnhealthy, log } = monitor(ping);
    m.start();
    await vi.advanceTimersByTimeAsync(1_500);
    expect(log.debug).toHaveBeenLastCalledWith('health check failed (1 in a row): ping timed out after 500 ms');
    settle?.(); // the late answer does not count as a success
    await vi.advanceTimersByTimeAsync(2_000);
    expect(m.consecutiveFailures).toBe(3);
    expect(onUnhealthy).toHaveBeenCalledExactlyOnceWith('3 health checks failed in a row: refused');
    m.stop();
  });

  it("reports the ping's own timeout message when the ping enforces the same timeout", async () => {
    const ping = (timeoutMs: number): Promise<void> =>
      new Promise((_, reject) => setTimeout(() => reject(new Error(`ping to http://127.0.0.1:9 timed out after ${timeoutMs} ms`)), timeoutMs));
    const { m, onUnhealthy } = monitor(ping);
    m.start();
    // Checks start at 1,000, 2,500 and 4,000, and each fails 500 ms later.
    await vi.advanceTimersByTimeAsync(4_500);
    expect(onUnhealthy).toHaveBeenCalledExactlyOnceWith('3 health checks failed in a row: ping to http://127.0.0.1:9 timed out after 500 ms');
    m.stop();
  });

  it('waits for a slow ping before scheduling the next, so pings never overlap', async () => {
    let running = 0;
    let most = 0;
    const { ping, starts } = scriptedPing(async () => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, 400));
      running--;
    });
    const { m, onUnhealthy } = monitor(ping);
    m.start();
    await vi.advanceTimersByTimeAsync(4_300);
    // Each ping takes 400 ms; the next starts an interval after it ended.
    expect(starts).toEqual([1_000, 2_400, 3_800]);
    expect(most).toBe(1);
    expect(onUnhealthy).not.toHaveBeenCalled();
    m.stop();
  });

  it('counts a ping that throws instead of rejecting as failed', async () => {
    const ping = vi.fn((): Promise<void> => fail('not connected'));
    const { m, onUnhealthy } = monitor(ping, { failuresBeforeUnhealthy: 1 });
    m.start();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(onUnhealthy).toHaveBeenCalledExactlyOnceWith('a health check failed: not connected');
    m.stop();
  });

  it('stops pinging on stop(), and ignores the answer of a ping that was in flight', async () => {
    let settle: ((error: Error) => void) | undefined;
    const { ping } = scriptedPing((call) => (call < 3 ? fail() : new Promise<void>((_, reject) => (settle = reject))));
    const { m, onUnhealthy } = monitor(ping);
    m.start();
    await vi.advanceTimersByTimeAsync(3_100);
    expect(ping).toHaveBeenCalledTimes(3);
    m.stop();
    settle?.(new Error('refused'));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(ping).toHaveBeenCalledTimes(3);
    expect(onUnhealthy).not.toHaveBeenCalled();
  });

  it('starts afresh after stop() and start(): healthy, no failures counted', async () => {
    const { ping } = scriptedPing(() => fail());
    const { m, onUnhealthy } = monitor(ping);
    m.start();
    await vi.advanceTimersByTimeAsync(2_000);
    m.stop();
    m.start();
    expect(m.consecutiveFailures).toBe(0);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(onUnhealthy).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(onUnhealthy).toHaveBeenCalledTimes(1);
    m.stop();
  });

  it('logs a callback that fails and goes on checking', async () => {
    const { ping } = scriptedPing((call) => (call <= 3 ? fail() : undefined));
    const { m, log, onRecovered } = monitor(ping, {
      onUnhealthy: () => {
        throw new Error('status file locked');
      },
    });
    m.start();
    await vi.advanceTimersByTimeAsync(4_000);
    expect(log.error).toHaveBeenCalledWith('health monitor: onUnhealthy failed: status file locked');
    expect(onRecovered).toHaveBeenCalledTimes(1);
    m.stop();
  });

  it('defaults to a 10 s interval, a 5 s timeout and 3 failures', async () => {
    const { ping, starts } = scriptedPing(never);
    const onUnhealthy = vi.fn();
    const m = new HealthMonitor({ ping, onUnhealthy, onRecovered: vi.fn() });
    m.start();
    await vi.advanceTimersByTimeAsync(9_999);
    expect(ping).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(starts).toEqual([10_000]);
    expect(ping).toHaveBeenCalledWith(5_000);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(m.consecutiveFailures).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(m.consecutiveFailures).toBe(1);
    // Then 10 s later and 20 s later: "the previous check has not ended".
    await vi.advanceTimersByTimeAsync(20_000);
    expect(onUnhealthy).toHaveBeenCalledExactlyOnceWith('3 health checks failed in a row: the previous check has not ended');
    m.stop();
  });

  it('uses injected timers when given', async () => {
    vi.useRealTimers();
    const due: { callback: () => void; ms: number }[] = [];
    const timers: MonitorTimers = {
      setTimeout: (callback, ms) => due.push({ callback, ms }),
      clearTimeout: () => undefined,
    };
    const ping = vi.fn(() => Promise.reject(new Error('refused')));
    const { m, onUnhealthy } = monitor(ping, { timers, failuresBeforeUnhealthy: 2 });
    m.start();
    for (let round = 0; round < 2; round++) {
      const next = due.find((timer) => timer.ms === 1_000);
      due.length = 0;
      next?.callback();
      await vi.waitFor(() => expect(due.some((timer) => timer.ms === 1_000)).toBe(true));
    }
    expect(ping).toHaveBeenCalledTimes(2);
    expect(onUnhealthy).toHaveBeenCalledExactlyOnceWith('2 health checks failed in a row: refused');
    m.stop();
  });

  it('refuses a threshold below 1 and a non-positive interval', () => {
    const base = { ping: () => Promise.resolve(), onUnhealthy: () => undefined, onRecovered: () => undefined };
    expect(() => new HealthMonitor({ ...base, failuresBeforeUnhealthy: 0 })).toThrow(/failuresBeforeUnhealthy/);
    expect(() => new HealthMonitor({ ...base, intervalMs: 0 })).toThrow(/interval/);
  });
});
