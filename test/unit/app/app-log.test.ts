import { mkdtemp, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openAppLog } from '../../../electron/app/app-log';

describe('openAppLog', () => {
  it('appends timestamped lines to a private file, debug only when verbose', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'app-log-'));
    const file = path.join(dir, 'logs', 'app.log');
    const log = openAppLog(file, { now: () => new Date('2026-01-01T00:00:00Z') });
    log.debug('hidden');
    log.warn('engine down');
    log.error('failed to stop workload "a"', new Error('boom'));
    await log.close();
    const text = await readFile(file, 'utf8');
    expect(text).toMatch(/^2026-01-01T00:00:00.000Z warn engine down\n2026-01-01T00:00:00.000Z error failed to stop workload "a": Error: boom/);
    expect(text).not.toContain('hidden');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
  });
});
