import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CorruptStateError, openState, TransitionRefusedError, WorkloadNotFoundError } from '../../../electron/core/state';
import { snapshotTree } from './helpers/snapshot';
import { useTempRoots } from './helpers/temp-root';

const newRoot = useTempRoots();

async function mode(file: string): Promise<string> {
  return ((await stat(file)).mode & 0o777).toString(8);
}

describe('status store', () => {
  it('writes status files 0600 in folders 0700', async () => {
    const state = openState(await newRoot());
    await state.statuses.setWorkloadStatus('fetch', 'starting');
    await state.statuses.setWorkloadPID('fetch', 4242);
    expect(await mode(state.paths.root)).toBe('700');
    expect(await mode(state.paths.status)).toBe('700');
    expect(await mode(state.paths.pids)).toBe('700');
    expect(await mode(state.paths.statusFile('fetch'))).toBe('600');
    expect(await mode(state.paths.pidFile('fetch'))).toBe('600');
  });

  it('makes an existing state folder private on the first write', async () => {
    const root = await newRoot();
    await mkdir(`${root}/status`, { recursive: true, mode: 0o755 });
    const state = openState(root);
    await state.statuses.setWorkloadStatus('fetch', 'starting');
    expect(await mode(state.paths.status)).toBe('700');
  });

  it('records status, reason, pid and timestamps', async () => {
    let clock = Date.parse('2026-11-26T10:00:00.000Z');
    const state = openState(await newRoot(), { now: () => new Date(clock) });
    await state.statuses.setWorkloadStatus('fetch', 'starting');
    clock += 1000;
    await state.statuses.setWorkloadPID('fetch', 4242);
    clock += 1000;
    await state.statuses.setWorkloadStatus('fetch', 'running', 'proxy listening on 127.0.0.1:18080');
    const onDisk = JSON.parse(await readFile(state.paths.statusFile('fetch'), 'utf8'));
    expect(onDisk).toEqual({
      status: 'running',
      statusContext: 'proxy listening on 127.0.0.1:18080',
      pid: 4242,
      createdAt: '2026-11-26T10:00:00.000Z',
      updatedAt: '2026-11-26T10:00:02.000Z',
    });
    expect(await state.statuses.getWorkload('fetch')).toEqual(onDisk);
    expect(await readFile(state.paths.pidFile('fetch'), 'utf8')).toBe('4242\n');
    expect(await state.statuses.readPidFile('fetch')).toBe(4242);
  });

  it('refuses a first status other than starting, writing nothing', async () => {
    const state = openState(await newRoot());
    await expect(state.statuses.setWorkloadStatus('fetch', 'running')).rejects.toThrow(
      new TransitionRefusedError('fetch', null, 'running'),
    );
    await expect(state.statuses.setWorkloadStatus('fetch', 'running')).rejects.toThrow('workload "fetch" cannot go from (no status) to running');
    expect(await state.statuses.getWorkload('fetch')).toBeUndefined();
  });

  it('refuses a transition the table forbids, naming both states, and leaves the file as it was', async () => {
    const state = openState(await newRoot());
    await state.statuses.setWorkloadStatus('fetch', 'starting');
    await state.statuses.setWorkloadStatus('fetch', 'running');
    const before = await snapshotTree(state.paths.root);
    await expect(state.statuses.setWorkloadStatus('fetch', 'stopped')).rejects.toThrow('workload "fetch" cannot go from running to stopped');
    await expect(state.statuses.setWorkloadStatus('fetch', 'running')).rejects.toThrow('cannot go from running to running');
    await expect(state.statuses.setWorkloadStatus('fetch', 'removing')).rejects.toBeInstanceOf(TransitionRefusedError);
    expect(await snapshotTree(state.paths.root)).toEqual(before);
  });

  it('moves only from the states it is given (moveIf), and otherwise writes nothing, not even a log record', async () => {
    const state = openState(await newRoot());
    expect(await state.statuses.moveIf('fetch', ['running'], 'stopping')).toBe(false);
    expect(await state.statuses.getWorkload('fetch')).toBeUndefined();
    await state.statuses.setWorkloadStatus('fetch', 'starting');
    await state.statuses.setWorkloadPID('fetch', 31);
    await state.statuses.setWorkloadStatus('fetch', 'running');
    // Another writer got there first: the container exited and the proxy recorded it.
    await state.statuses.setWorkloadStatus('fetch', 'error', 'the container exited with code 3');
    const before = await snapshotTree(state.paths.root);
    expect(await state.statuses.moveIf('fetch', ['starting', 'running', 'unhealthy'], 'stopping')).toBe(false);
    expect(await snapshotTree(state.paths.root)).toEqual(before);

    expect(await state.statuses.moveIf('fetch', ['error'], 'starting', 'restart')).toBe(true);
    expect(await state.statuses.getWorkload('fetch')).toMatchObject({ status: 'starting', statusContext: 'restart', pid: 31 });
  });

  it('walks a whole lifecycle and deletes the status only from removing', async () => {
    const state = openState(await newRoot());
    for (const next of ['starting', 'running', 'unhealthy', 'running', 'stopping', 'stopped'] as const) {
      await state.statuses.setWorkloadStatus('fetch', next);
    }
    await state.statuses.setWorkloadPID('fetch', 99);
    await expect(state.statuses.deleteWorkloadStatus('fetch')).rejects.toThrow('cannot go from stopped to gone');
    await state.statuses.setWorkloadStatus('fetch', 'removing');
    await state.statuses.deleteWorkloadStatus('fetch');
    expect(await state.statuses.getWorkload('fetch')).toBeUndefined();
    expect(await state.statuses.readPidFile('fetch')).toBeUndefined();
    await state.statuses.deleteWorkloadStatus('fetch'); // already gone: nothing to do
  });

  it('clears the pid file with a null pid', async () => {
    const state = openState(await newRoot());
    await state.statuses.setWorkloadStatus('fetch', 'starting');
    await state.statuses.setWorkloadPID('fetch', 77);
    await state.statuses.setWorkloadPID('fetch', null);
    expect(await state.statuses.readPidFile('fetch')).toBeUndefined();
    expect((await state.statuses.getWorkload('fetch'))?.pid).toBeNull();
  });

  it('refuses a pid for a workload without status', async () => {
    const state = openState(await newRoot());
    await expect(state.statuses.setWorkloadPID('ghost', 1)).rejects.toBeInstanceOf(WorkloadNotFoundError);
  });

  it('never writes when reading: no folder is created and files keep their mtime', async () => {
    const root = await newRoot();
    const state = openState(root);
    expect(await state.statuses.getWorkload('fetch')).toBeUndefined();
    expect(await state.statuses.listNames()).toEqual([]);
    await expect(stat(root)).rejects.toThrow(/ENOENT/);

    await state.statuses.setWorkloadStatus('fetch', 'starting');
    const before = await snapshotTree(root);
    await state.statuses.getWorkload('fetch');
    await state.statuses.readPidFile('fetch');
    await state.statuses.listNames();
    expect(await snapshotTree(root)).toEqual(before);
  });

  it.each([
    ['truncated JSON', '{"status": "runn', /not valid JSON/],
    ['an empty file', '', /the file is empty/],
    ['an unknown state', '{"status":"sleeping","statusContext":"","pid":null,"createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:00Z"}', /status/],
  ])('reports %s with its path and leaves it as it is', async (_what, content, reason) => {
    const state = openState(await newRoot());
    await state.statuses.setWorkloadStatus('fetch', 'starting');
    const file = state.paths.statusFile('fetch');
    await writeFile(file, content);
    await expect(state.statuses.getWorkload('fetch')).rejects.toBeInstanceOf(CorruptStateError);
    await expect(state.statuses.getWorkload('fetch')).rejects.toThrow(file);
    await expect(state.statuses.getWorkload('fetch')).rejects.toThrow(reason);
    await expect(state.statuses.setWorkloadStatus('fetch', 'running')).rejects.toBeInstanceOf(CorruptStateError);
    expect(await readFile(file, 'utf8')).toBe(content);
  });

  it('reports a PID file that holds no process id', async () => {
    const state = openState(await newRoot());
    await state.statuses.setWorkloadStatus('fetch', 'starting');
    await state.statuses.setWorkloadPID('fetch', 5);
    await writeFile(state.paths.pidFile('fetch'), 'garbage');
    await expect(state.statuses.readPidFile('fetch')).rejects.toThrow(`corrupt state file ${state.paths.pidFile('fetch')}: not a process id`);
  });

  it('lists workload names, skipping temp files left by a crash', async () => {
    const state = openState(await newRoot());
    await state.statuses.setWorkloadStatus('b', 'starting');
    await state.statuses.setWorkloadStatus('a', 'starting');
    await writeFile(`${state.paths.status}/.c.json.123.abcd.tmp`, '{');
    expect(await state.statuses.listNames()).toEqual(['a', 'b']);
  });

  it('logs every change of state, with its reason, and the deletion, but not reason-only updates', async () => {
    const state = openState(await newRoot());
    await state.statuses.setWorkloadStatus('fetch', 'starting');
    await state.statuses.setWorkloadStatus('fetch', 'error', 'container exited with code 3');
    await state.statuses.update('fetch', (s) => ({ status: 'error', statusContext: 'still exited', pid: s?.pid ?? null }));
    await state.statuses.setWorkloadStatus('fetch', 'removing');
    await state.statuses.deleteWorkloadStatus('fetch');
    await state.statuses.setWorkloadStatus('other', 'starting');
    await expect(state.statuses.setWorkloadStatus('other', 'stopped')).rejects.toBeInstanceOf(TransitionRefusedError);
    const log = await state.statuses.transitions.read('fetch');
    expect(log.map((r) => [r.from, r.to, r.context])).toEqual([
      [null, 'starting', ''],
      ['starting', 'error', 'container exited with code 3'],
      ['error', 'removing', ''],
      ['removing', 'gone', ''],
    ]);
    expect(log.every((r) => r.by === process.pid)).toBe(true);
    expect((await state.statuses.transitions.read()).map((r) => r.name)).toEqual(['fetch', 'fetch', 'fetch', 'fetch', 'other']);
  });
});
