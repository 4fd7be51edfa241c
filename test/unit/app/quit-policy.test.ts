import { afterEach, describe, expect, it, vi } from 'vitest';
import { createQuitPolicy, type QuitPolicyOptions } from '../../../electron/app/quit-policy';

/** A before-quit event that records whether the quit was held. */
function quitEvent() {
  return { preventDefault: vi.fn() };
}

/** A policy over recording fakes; `overrides` sets the setting, the stop and the timeout. */
function policyWith(overrides: Partial<QuitPolicyOptions>) {
  const log = { info: vi.fn(), error: vi.fn() };
  const quit = vi.fn();
  const stopAll = vi.fn(() => Promise.resolve<readonly string[]>([]));
  const policy = createQuitPolicy({ stopAllOnQuit: () => true, stopAll, quit, log, ...overrides });
  return { policy, log, quit, stopAll: overrides.stopAll ?? stopAll };
}

/** Lets every settled promise's callbacks run. */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  vi.useRealTimers();
});

describe('quit policy', () => {
  it('with the setting off lets the quit through and stops nothing', async () => {
    const { policy, quit, stopAll } = policyWith({ stopAllOnQuit: () => false });
    const event = quitEvent();
    policy.beforeQuit(event);
    await settle();
    expect(event.preventDefault).not.toHaveBeenCalled();
    expect(stopAll).not.toHaveBeenCalled();
    expect(quit).not.toHaveBeenCalled();
    expect(policy.quitting).toBe(true);
  });

  it('with the setting on holds the quit, stops once for two quits, then quits', async () => {
    let finishStop: (failures: readonly string[]) => void = () => undefined;
    const stopAll = vi.fn(() => new Promise<readonly string[]>((resolve) => (finishStop = resolve)));
    const { policy, quit, log } = policyWith({ stopAll });
    const first = quitEvent();
    const second = quitEvent();

    policy.beforeQuit(first);
    policy.beforeQuit(second);
    await settle();
    expect(first.preventDefault).toHaveBeenCalled();
    expect(second.preventDefault).toHaveBeenCalled();
    expect(stopAll).toHaveBeenCalledTimes(1);
    expect(quit).not.toHaveBeenCalled();

    finishStop([]);
    await settle();
    expect(quit).toHaveBeenCalledTimes(1);
    expect(log.error).not.toHaveBeenCalled();

    // The quit that quit() starts goes through without stopping again.
    const again = quitEvent();
    policy.beforeQuit(again);
    expect(again.preventDefault).not.toHaveBeenCalled();
    expect(stopAll).toHaveBeenCalledTimes(1);
  });

  it('reads the setting at quit time, not when it was created', async () => {
    let on = false;
    const { policy, stopAll } = policyWith({ stopAllOnQuit: () => on });
    on = true;
    const event = quitEvent();
    policy.beforeQuit(event);
    await settle();
    expect(event.preventDefault).toHaveBeenCalled();
    expect(stopAll).toHaveBeenCalledTimes(1);
  });

  it('logs each workload that failed to stop and quits anyway', async () => {
    const { policy, quit, log } = policyWith({ stopAll: () => Promise.resolve(['fetch: container not found']) });
    policy.beforeQuit(quitEvent());
    await settle();
    expect(quit).toHaveBeenCalledTimes(1);
    expect(log.error).toHaveBeenCalledWith('stop on quit: fetch: container not found');
  });

  it('a stop that rejects still quits, and logs why', async () => {
    const { policy, quit, log } = policyWith({ stopAll: () => Promise.reject(new Error('engine does not answer')) });
    policy.beforeQuit(quitEvent());
    await settle();
    expect(quit).toHaveBeenCalledTimes(1);
    expect(log.error).toHaveBeenCalledWith(expect.stringContaining('engine does not answer'), expect.any(Error));
  });

  it('a stop that throws before returning a promise still quits, and a later quit is not held forever', async () => {
    const { policy, quit, log } = policyWith({
      stopAll: () => {
        throw new Error('state folder unreadable');
      },
    });
    const event = quitEvent();
    expect(() => policy.beforeQuit(event)).not.toThrow();
    await settle();
    expect(quit).toHaveBeenCalledTimes(1);
    expect(log.error).toHaveBeenCalledWith(expect.stringContaining('state folder unreadable'), expect.any(Error));
    const again = quitEvent();
    policy.beforeQuit(again);
    expect(again.preventDefault).not.toHaveBeenCalled();
  });

  it('a stop that never answers quits after the timeout, and logs it', async () => {
    vi.useFakeTimers();
    const { policy, quit, log } = policyWith({ stopAll: () => new Promise(() => {}), timeoutMs: 5_000 });
    policy.beforeQuit(quitEvent());
    await vi.advanceTimersByTimeAsync(4_999);
    expect(quit).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(quit).toHaveBeenCalledTimes(1);
    expect(log.error).toHaveBeenCalledWith('stop on quit: some workloads did not stop within 5 s; quitting anyway');
  });

  it('a stop that answers in time leaves no timer behind', async () => {
    vi.useFakeTimers();
    const { policy, quit } = policyWith({ timeoutMs: 5_000 });
    policy.beforeQuit(quitEvent());
    await vi.advanceTimersByTimeAsync(0);
    expect(quit).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});
