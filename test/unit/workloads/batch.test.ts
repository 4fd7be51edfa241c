import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { OperationTimeoutError, runBatch } from '../../../electron/core/workloads/batch';

describe('batch operations', () => {
  it('run every item at once and report each in order', async () => {
    let inFlight = 0;
    let most = 0;
    const results = await runBatch(['a', 'b', 'c', 'd'], async (name) => {
      most = Math.max(most, ++inFlight);
      await sleep(30);
      inFlight--;
      return name.toUpperCase();
    });
    expect(most).toBe(4);
    expect(results).toEqual(['A', 'B', 'C', 'D'].map((value) => ({ name: value.toLowerCase(), ok: true, value })));
  });

  it('let one failure fail alone', async () => {
    const results = await runBatch(['ok', 'bad', 'fine'], async (name) => {
      if (name === 'bad') throw new Error('failed to stop workload "bad": boom');
      await sleep(10);
      return name;
    });
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(results[1]).toMatchObject({ name: 'bad', ok: false, error: { message: 'failed to stop workload "bad": boom' } });
  });

  it('time out an item on its own, abort its signal, and name it', async () => {
    let aborted = false;
    const results = await runBatch(
      ['slow', 'quick'],
      async (name, signal) => {
        signal.addEventListener('abort', () => (aborted = true));
        await sleep(name === 'slow' ? 1_000 : 5);
        return name;
      },
      { timeoutMs: 100, verb: 'stop' },
    );
    expect(results[0]).toMatchObject({ name: 'slow', ok: false });
    expect((results[0] as { error: Error }).error).toBeInstanceOf(OperationTimeoutError);
    expect((results[0] as { error: Error }).error.message).toBe('failed to stop workload "slow": timed out after 100 ms');
    expect(results[1]).toEqual({ name: 'quick', ok: true, value: 'quick' });
    expect(aborted).toBe(true);
  });

  it('run a name given twice once', async () => {
    let calls = 0;
    await runBatch(['a', 'a'], async () => void calls++);
    expect(calls).toBe(1);
  });
});
