import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { processGone } from '../../../electron/core/system/process-identity';
import { findProxies } from '../../../electron/core/workloads/proxy-processes';
import type { WorkloadInfo } from '../../../shared/workload-info';
import { echoThrough } from './helpers/clients';
import { eventually } from './helpers/harness';
import { useDesk } from './helpers/use-desk';
import { edgeOf, edgesOf, waitForEdge } from './helpers/transition-log';

// Faults made behind MCP Desk's back (a killed proxy, a killed or removed container, a stale proxy
// on the port), what list shows for them, and that restart converges; and batch stop.

const run = promisify(execFile);
const image = inject('testImage');
const desk = useDesk();

type Listed = Pick<WorkloadInfo, 'name' | 'status' | 'statusContext' | 'port' | 'url' | 'pid'>;

/** The workloads as `mcpdesk list --all --format json` shows them. */
async function listAll(): Promise<Listed[]> {
  const result = await desk().cli('list', '--all', '--format', 'json');
  expect(result).toMatchObject({ code: 0, stderr: '' });
  return JSON.parse(result.stdout) as Listed[];
}

async function listed(name: string): Promise<Listed> {
  const found = (await listAll()).find((w) => w.name === name);
  if (!found) throw new Error(`mcpdesk list --all does not show "${name}"`);
  return found;
}

/** Runs a workload through the CLI and waits until it is running; returns it as list shows it. */
async function runWorkload(name: string): Promise<Listed> {
  const ran = await desk().cli('run', image, '--name', name, '--wait');
  expect(ran).toMatchObject({ code: 0, stderr: '' });
  const info = await listed(name);
  expect(info.status).toBe('running');
  return info;
}

/** Waits until list derives `running`, and returns the workload then. */
async function whenRunning(name: string): Promise<WorkloadInfo> {
  return eventually(`"${name}" to be running`, async () => {
    const info = await desk().manager.get(name);
    return info.status === 'running' ? info : undefined;
  });
}

async function containerId(name: string): Promise<string> {
  return (await run('docker', ['inspect', '--format', '{{.Id}}', name])).stdout.trim();
}

async function waitGone(pid: number): Promise<void> {
  await eventually(`process ${pid} to exit`, async () => (processGone(pid) ? true : undefined), 10_000);
}

/** The most stops that were in progress at one moment, from [start, end] times. */
function mostAtOnce(intervals: readonly (readonly [number, number])[]): number {
  const events = intervals.flatMap(([start, end]) => [[start, 1] as const, [end, -1] as const]);
  // At equal times an end comes first: touching intervals did not overlap.
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let most = 0;
  for (const [, step] of events) most = Math.max(most, (now += step));
  return most;
}

describe.concurrent('faults behind our back', () => {
  it('a proxy killed with SIGKILL shows as unhealthy naming its pid, the read leaves the files alone, and restart recovers on the same port', async () => {
    const name = 'fa-proxy-killed';
    const before = await runWorkload(name);
    const pid = before.pid!;
    expect(pid).toBeGreaterThan(0);
    const statusFile = desk().state.paths.statusFile(name);
    const pidFile = desk().state.paths.pidFile(name);
    const [statusBytes, statusStat, pidBytes, edges] = await Promise.all([readFile(statusFile), stat(statusFile), readFile(pidFile), edgesOf(desk(), name)]);

    process.kill(pid, 'SIGKILL');
    await waitGone(pid);

    // A plain list (active workloads only) still shows it: unhealthy, with the reason and the fix.
    const result = await desk().cli('list', '--format', 'json');
    expect(result.code).toBe(0);
    const shown = (JSON.parse(result.stdout) as Listed[]).find((w) => w.name === name);
    expect(shown).toMatchObject({ status: 'unhealthy', statusContext: `the proxy process (pid ${pid}) is not running; restart to recover`, pid, port: before.port });
    expect((await desk().cli('status', name)).stdout).toMatch(new RegExp(`${name}\\s+unhealthy\\s.*the proxy process \\(pid ${pid}\\) is not running`));

    // Reads never write: the status and PID files are byte for byte what they were, and the
    // transition log has nothing new for it.
    expect(await readFile(statusFile)).toEqual(statusBytes);
    expect((await stat(statusFile)).mtimeMs).toBe(statusStat.mtimeMs);
    expect(await readFile(pidFile)).toEqual(pidBytes);
    expect(await edgesOf(desk(), name)).toEqual(edges);
    // The container never noticed.
    expect(await desk().containers()).toContainEqual(expect.stringMatching(new RegExp(`^${name} running `)));

    const restarted = await desk().cli('restart', name);
    expect(restarted.code).toBe(0);
    expect(restarted.stdout).toMatch(new RegExp(`^${name}: restarted \\((starting|running)\\) ${before.url}\\n$`));
    const after = await whenRunning(name);
    expect(after.port).toBe(before.port);
    expect(after.pid).not.toBe(pid);
    expect(await echoThrough(after.url, 'proxy is back')).toBe('proxy is back');
    expect(await edgesOf(desk(), name)).toEqual([
      '(new) → starting',
      'starting → running',
      'running → stopping',
      'stopping → stopped',
      'stopped → starting',
      'starting → running',
    ]);
  });

  it('a container killed behind our back shows as error with its exit code, and restart recovers', async () => {
    const name = 'fa-container-killed';
    const before = await runWorkload(name);
    await run('docker', ['kill', name]);

    const exited = await waitForEdge(desk(), name, 'running → error');
    expect(exited.context).toMatch(/^the container exited with code 137/);
    expect(await listed(name)).toMatchObject({ status: 'error', statusContext: exited.context });
    // The proxy wrote that and ended: nothing of ours holds the port.
    await waitGone(before.pid!);

    expect((await desk().cli('restart', name)).code).toBe(0);
    const after = await whenRunning(name);
    expect(after.port).toBe(before.port);
    expect(await echoThrough(after.url, 'container is back')).toBe('container is back');
    expect(await edgesOf(desk(), name)).toEqual(['(new) → starting', 'starting → running', 'running → error', 'error → starting', 'starting → running']);
  });

  it('a container removed behind our back shows as error "the container is gone", and restart recreates it', async () => {
    const name = 'fa-container-removed';
    const before = await runWorkload(name);
    const oldId = await containerId(name);
    await run('docker', ['rm', '-f', name]);

    const gone = await waitForEdge(desk(), name, 'running → error');
    expect(gone.context).toBe('the container is gone');
    expect(await listed(name)).toMatchObject({ status: 'error', statusContext: 'the container is gone' });

    expect((await desk().cli('restart', name)).code).toBe(0);
    const after = await whenRunning(name);
    expect(after.port).toBe(before.port);
    expect(await containerId(name)).not.toBe(oldId);
    expect(await echoThrough(after.url, 'container made anew')).toBe('container made anew');
    expect(await edgesOf(desk(), name)).toEqual(['(new) → starting', 'starting → running', 'running → error', 'error → starting', 'starting → running']);
  });

  it('with its proxy dead too, a removed container is derived as error "the container is gone" without a write, and restart recreates it', async () => {
    const name = 'fa-all-gone';
    const before = await runWorkload(name);
    const statusFile = desk().state.paths.statusFile(name);
    process.kill(before.pid!, 'SIGKILL');
    await waitGone(before.pid!);
    await run('docker', ['rm', '-f', name]);
    const statusBytes = await readFile(statusFile);

    expect(await listed(name)).toMatchObject({ status: 'error', statusContext: 'the container is gone; restart to recreate it' });
    expect(await readFile(statusFile)).toEqual(statusBytes);

    expect((await desk().cli('restart', name)).code).toBe(0);
    const after = await whenRunning(name);
    expect(after.port).toBe(before.port);
    expect(await echoThrough(after.url, 'all back')).toBe('all back');
  });

  it('a stale proxy of ours still holding the port while the status says stopped is stopped by restart, which converges on the same port', async () => {
    const name = 'fa-stale-proxy';
    const before = await runWorkload(name);
    const stale = before.pid!;
    // What a stop cut short leaves behind: the status says stopped and records no proxy, but the
    // proxy lives on and holds the port.
    await desk().state.statuses.setWorkloadStatus(name, 'stopping');
    await desk().state.statuses.update(name, () => ({ status: 'stopped', statusContext: '', pid: null }));
    expect(await listed(name)).toMatchObject({ status: 'stopped', pid: null });
    expect(processGone(stale)).toBe(false);
    expect(await findProxies(name, desk().root)).toEqual([stale]);

    const restarted = await desk().cli('restart', name);
    expect(restarted).toMatchObject({ code: 0, stderr: '' });
    const after = await whenRunning(name);
    expect(after.port).toBe(before.port);
    expect(processGone(stale)).toBe(true);
    expect(await findProxies(name, desk().root)).toEqual([after.pid]);
    expect(await echoThrough(after.url, 'one proxy again')).toBe('one proxy again');
    expect((await edgesOf(desk(), name)).slice(-2)).toEqual(['stopped → starting', 'starting → running']);
  });

  it('a frozen proxy (SIGSTOP) is killed by restart, which converges on the same port', async () => {
    const name = 'fa-frozen-proxy';
    const before = await runWorkload(name);
    const frozen = before.pid!;
    process.kill(frozen, 'SIGSTOP');
    try {
      const restarted = await desk().cli('restart', name);
      expect(restarted).toMatchObject({ code: 0, stderr: '' });
    } finally {
      if (!processGone(frozen)) process.kill(frozen, 'SIGKILL');
    }
    const after = await whenRunning(name);
    expect(after.port).toBe(before.port);
    expect(processGone(frozen)).toBe(true);
    expect(await echoThrough(after.url, 'thawed')).toBe('thawed');
    expect(await edgesOf(desk(), name)).toEqual([
      '(new) → starting',
      'starting → running',
      'running → stopping',
      'stopping → stopped',
      'stopped → starting',
      'starting → running',
    ]);
  });

  it('stop of 10 workloads in one command stops them side by side with a line each; an unknown name among them fails alone with exit 1', async () => {
    const names = Array.from({ length: 10 }, (_, i) => `fa-batch-${i}`);
    await Promise.all(names.map((name) => desk().manager.run({ name, image, cmdArgs: [], transport: 'stdio', proxyMode: 'streamable-http', env: {}, volumes: [], labels: { batch: 'yes' }, headers: {} })));
    await Promise.all(names.map(whenRunning));

    const stopped = await desk().cli('stop', ...names);
    expect(stopped).toMatchObject({ code: 0, stderr: '', stdout: names.map((name) => `${name}: stopped\n`).join('') });
    const shown = await listAll();
    for (const name of names) expect(shown.find((w) => w.name === name)).toMatchObject({ status: 'stopped', pid: null });

    // Side by side: the stops overlapped in time (one after the other, at most one would be under way).
    const intervals = await Promise.all(
      names.map(async (name) => {
        const records = await desk().state.statuses.transitions.read(name);
        const start = records.find((r) => edgeOf(r) === 'running → stopping');
        const end = records.find((r) => edgeOf(r) === 'stopping → stopped');
        if (!start || !end) throw new Error(`"${name}" has no stop in the log: ${records.map(edgeOf).join(', ')}`);
        return [Date.parse(start.at), Date.parse(end.at)] as const;
      }),
    );
    expect(mostAtOnce(intervals)).toBeGreaterThanOrEqual(5);

    const restarted = await desk().cli('restart', ...names);
    expect(restarted.code).toBe(0);
    expect(restarted.stdout.trim().split('\n')).toHaveLength(10);
    await Promise.all(names.map(whenRunning));

    const withUnknown = [...names.slice(0, 5), 'no-such-workload', ...names.slice(5)];
    const partly = await desk().cli('stop', ...withUnknown);
    expect(partly.code).toBe(1);
    expect(partly.stderr).toBe('no-such-workload: error: workload "no-such-workload" not found\n');
    expect(partly.stdout).toBe(names.map((name) => `${name}: stopped\n`).join(''));
    const after = await listAll();
    for (const name of names) expect(after.find((w) => w.name === name)).toMatchObject({ status: 'stopped' });
    expect(after.find((w) => w.name === 'no-such-workload')).toBeUndefined();
  });
});
