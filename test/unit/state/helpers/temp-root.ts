import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

/**
 * Returns a maker of fresh state roots (`<tmp>/mcpdesk-test-XXXX/mcpdesk`, not yet created, as on a
 * new machine); each is removed after its test.
 */
export function useTempRoots(): () => Promise<string> {
  const made: string[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  return async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mcpdesk-test-'));
    made.push(dir);
    return path.join(dir, 'mcpdesk');
  };
}
