import { readdir, readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { openState, WorkloadStatusSchema } from '../../../electron/core/state';
import { kill9, spawnStateChild, waitForLine, waitForSuccess } from './helpers/spawn-child';
import { useTempRoots } from './helpers/temp-root';

const newRoot = useTempRoots();

describe('state files across processes', () => {
  it('two processes writing one status 1,000 times each lose no update and never leave a bad file', async () => {
    const root = await newRoot();
    const state = openState(root);
    const writers = [spawnStateChild(['increment', root, 'shared', '1000']), spawnStateChild(['increment', root, 'shared', '1000'])];
    const done = Promise.all(writers.map(waitForSuccess));
    // Meanwhile, read as the app would: every read must parse.
    let reads = 0;
    let finished = false;
    void done.finally(() => (finished = true));
    while (!finished) {
      const status = await state.statuses.getWorkload('shared');
      if (status) expect(WorkloadStatusSchema.safeParse(status).success).toBe(true);
      reads++;
      await sleep(1);
    }
    await done;
    expect((await state.statuses.getWorkload('shared'))?.statusContext).toBe('2000');
    expect(reads).toBeGreaterThan(0);
    // No temp file and no lock is left behind.
    expect((await readdir(state.paths.status)).filter((f) => f.includes('.tmp'))).toEqual([]);
    expect(await readdir(state.paths.locks)).toEqual([]);
  }, 120_000);

  it('a process killed mid-write leaves the old file or the new one, never a mix', async () => {
    const root = await newRoot();
    const state = openState(root);
    const file = state.paths.statusFile('victim');
    for (let round = 0; round < 12; round++) {
      const child = spawnStateChild(['rewrite', root, 'victim']);
      await waitForLine(child, 'ready');
      await sleep(20 + Math.random() * 150);
      await kill9(child);
      const text = await readFile(file, 'utf8').catch(() => undefined);
      if (text === undefined) continue; // killed before its first write landed
      const status = WorkloadStatusSchema.parse(JSON.parse(text));
      // One digit repeated: a mix of two writes would hold two digits.
      expect(new Set(status.statusContext).size).toBe(1);
      expect(status.statusContext).toHaveLength(512 * 1024);
    }
    // The dead writers' locks do not block the next write.
    await state.statuses.update('victim', (current) => ({ status: 'starting', statusContext: 'after', pid: current?.pid ?? null }));
    expect((await state.statuses.getWorkload('victim'))?.statusContext).toBe('after');
  }, 120_000);
});
