import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { LockTimeoutError, openState } from '../../../electron/core/state';
import { kill9, spawnStateChild, waitForLine } from './helpers/spawn-child';
import { useTempRoots } from './helpers/temp-root';

const newRoot = useTempRoots();

describe('workload lock', () => {
  it('waits for a live holder and names it when the wait times out', async () => {
    const root = await newRoot();
    const child = spawnStateChild(['hold-lock', root, 'fetch']);
    try {
      await waitForLine(child, 'locked');
      const state = openState(root, { timeoutMs: 300 });
      const attempt = state.statuses.setWorkloadStatus('fetch', 'starting');
      await expect(attempt).rejects.toBeInstanceOf(LockTimeoutError);
      await expect(state.statuses.setWorkloadStatus('fetch', 'starting')).rejects.toThrow(`held by process ${child.pid}`);
      expect(await state.statuses.getWorkload('fetch')).toBeUndefined();
    } finally {
      await kill9(child);
    }
  }, 30_000);

  it('breaks the lock of a holder killed with SIGKILL', async () => {
    const root = await newRoot();
    const child = spawnStateChild(['hold-lock', root, 'fetch']);
    await waitForLine(child, 'locked');
    await kill9(child);
    const state = openState(root, { timeoutMs: 2_000 });
    await state.statuses.setWorkloadStatus('fetch', 'starting');
    expect((await state.statuses.getWorkload('fetch'))?.status).toBe('starting');
  }, 30_000);

  it('breaks a lock whose PID now belongs to another process', async () => {
    const root = await newRoot();
    const state = openState(root, { timeoutMs: 2_000 });
    await mkdir(state.paths.locks, { recursive: true });
    // Our own PID with a start time it never had: the holder died and the PID was reused.
    await writeFile(state.paths.lockFile('fetch'), JSON.stringify({ pid: process.pid, startTime: '1', token: 'old' }));
    await state.statuses.setWorkloadStatus('fetch', 'starting');
    expect((await state.statuses.getWorkload('fetch'))?.status).toBe('starting');
  });

  it('queues takers inside one process in order', async () => {
    const state = openState(await newRoot());
    const order: number[] = [];
    await Promise.all(
      [0, 1, 2, 3].map((i) =>
        state.locks.withLock('fetch', async () => {
          order.push(i);
          await sleep(5);
          order.push(i);
        }),
      ),
    );
    expect(order).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
  });

  it('throws at once instead of deadlocking when taken again inside itself', async () => {
    const state = openState(await newRoot());
    await expect(state.locks.withLock('fetch', () => state.locks.withLock('fetch', async () => 1))).rejects.toThrow(/already held by this call chain/);
    // Other workloads' locks can be nested.
    await expect(state.locks.withLock('a', () => state.locks.withLock('b', async () => 2))).resolves.toBe(2);
  });

  it('releases the lock when the work throws', async () => {
    const state = openState(await newRoot(), { timeoutMs: 500 });
    await expect(state.locks.withLock('fetch', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(readFile(state.paths.lockFile('fetch'))).rejects.toThrow(/ENOENT/);
    await expect(state.locks.withLock('fetch', async () => 'again')).resolves.toBe('again');
  });
});

describe('operation lock', () => {
  it("makes a command wait for another process's command on the same workload, and runs it once that one is done", async () => {
    const root = await newRoot();
    const child = spawnStateChild(['hold-operation', root, 'fetch', '400']);
    try {
      await waitForLine(child, 'locked');
      const state = openState(root);
      // Only once the other command wrote its last file does this one begin.
      const seen = await state.locks.withOperation('fetch', () => readFile(path.join(root, 'operation-done'), 'utf8'));
      expect(seen).toBe('done\n');
    } finally {
      await kill9(child);
    }
  }, 30_000);

  it("leaves the workload's files free while a command holds it (a proxy's status write does not wait), and refuses after the timeout naming the holder", async () => {
    const root = await newRoot();
    const child = spawnStateChild(['hold-operation', root, 'fetch', '0']);
    try {
      await waitForLine(child, 'locked');
      const state = openState(root, { timeoutMs: 300, operationTimeoutMs: 300 });
      await state.statuses.setWorkloadStatus('fetch', 'starting');
      const ran: string[] = [];
      const attempt = state.locks.withOperation('fetch', async () => ran.push('ran'));
      await expect(attempt).rejects.toBeInstanceOf(LockTimeoutError);
      await expect(state.locks.withOperation('fetch', async () => ran.push('ran'))).rejects.toThrow(
        new RegExp(`^timed out after \\d+ ms waiting for another command on workload "fetch" to finish \\(held by process ${child.pid}\\)$`),
      );
      expect(ran).toEqual([]);
      // Another workload's commands do not wait.
      await expect(state.locks.withOperation('other', async () => 'free')).resolves.toBe('free');
    } finally {
      await kill9(child);
    }
  }, 30_000);

  it('breaks the operation lock of a command killed with SIGKILL', async () => {
    const root = await newRoot();
    const child = spawnStateChild(['hold-operation', root, 'fetch', '0']);
    await waitForLine(child, 'locked');
    await kill9(child);
    const state = openState(root, { operationTimeoutMs: 2_000 });
    await expect(state.locks.withOperation('fetch', async () => 'taken')).resolves.toBe('taken');
  }, 30_000);

  it('runs the commands of one process one after another, never interleaved', async () => {
    const state = openState(await newRoot());
    const order: string[] = [];
    await Promise.all(
      ['restart', 'rm', 'update'].map((command) =>
        state.locks.withOperation('fetch', async () => {
          order.push(`${command} begins`);
          await sleep(10);
          order.push(`${command} ends`);
        }),
      ),
    );
    expect(order).toEqual(['restart begins', 'restart ends', 'rm begins', 'rm ends', 'update begins', 'update ends']);
  });

  it('is re-entrant (update removes then runs), takes the state lock inside it, and refuses to be taken inside the state lock', async () => {
    const state = openState(await newRoot(), { operationTimeoutMs: 500 });
    await expect(state.locks.withOperation('fetch', () => state.locks.withOperation('fetch', async () => 'nested'))).resolves.toBe('nested');
    await expect(state.locks.withOperation('fetch', () => state.statuses.setWorkloadStatus('fetch', 'starting'))).resolves.toMatchObject({ status: 'starting' });
    await expect(state.locks.withLock('fetch', () => state.locks.withOperation('fetch', async () => 1))).rejects.toThrow(/taken inside its state lock/);
    // Released after each: a later command takes it at once.
    await expect(readFile(state.paths.operationLockFile('fetch'))).rejects.toThrow(/ENOENT/);
    await expect(state.locks.withOperation('fetch', async () => 'again')).resolves.toBe('again');
  });
});
