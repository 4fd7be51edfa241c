import { mkdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { TransitionLog, type TransitionRecord } from '../../../electron/core/state';
import { useTempRoots } from './helpers/temp-root';

const roots = useTempRoots();

async function newRoot(): Promise<string> {
  const root = await roots();
  await mkdir(root, { recursive: true });
  return root;
}

function record(name: string, context = ''): TransitionRecord {
  return { at: new Date(0).toISOString(), name, from: null, to: 'starting', context, by: process.pid };
}

describe('transition log', () => {
  it('rotates once when writers of several workloads find it full at the same moment, losing none of their records nor the rotated history', async () => {
    // Room for all forty new records after the one rotation.
    const rotateBytes = 10_000;
    const names = Array.from({ length: 40 }, (_, i) => `w${i}`);
    // The race is a matter of timing (without the guard, about one round in twenty-five lost the
    // history here): a hundred rounds make its loss all but certain where it exists.
    for (let round = 0; round < 100; round++) {
      const root = await newRoot();
      await new TransitionLog(root, { rotateBytes }).append(record('history', 'x'.repeat(rotateBytes)));
      // Each workload's writer holds only that workload's lock: nothing orders their appends.
      await Promise.all(
        names.map(async (name, i) => {
          // Arrivals spread over a few event-loop turns, so one writer's rotation overlaps another's.
          for (let turn = 0; turn < i % 2; turn++) await new Promise((resolve) => setImmediate(resolve));
          await new TransitionLog(root, { rotateBytes }).append(record(name));
        }),
      );
      const log = new TransitionLog(root, { rotateBytes });
      // Rotated once: the older file begins with the history (a writer that found the rotation
      // under way may have appended to it just before it was moved; its record is kept there).
      const rotated = await readFile(log.file.replace(/\.jsonl$/, '.1.jsonl'), 'utf8');
      expect((JSON.parse(rotated.split('\n')[0] ?? '') as TransitionRecord).name, `round ${round}`).toBe('history');
      expect((await log.read()).map((r) => r.name).sort(), `round ${round}`).toEqual(['history', ...names].sort());
    }
  });

  it('rotates past the size it is given, keeping one older file', async () => {
    const root = await newRoot();
    const log = new TransitionLog(root, { rotateBytes: 300 });
    for (let i = 0; i < 12; i++) await log.append(record(`w${i}`));
    const names = (await log.read()).map((r) => r.name);
    // Three generations were written; the oldest is gone, the last two remain in order.
    expect(names.length).toBeLessThan(12);
    expect(names).toEqual(Array.from({ length: 12 }, (_, i) => `w${i}`).slice(12 - names.length));
  });
});
