import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { WorkloadWatch } from '../../../electron/core/live/workload-watch';
import { createDockerRuntime } from '../../../electron/core/runtime';
import type { WorkloadInfo } from '../../../shared/workload-info';
import { useDesk } from '../workloads/helpers/use-desk';

const run = promisify(execFile);
const image = inject('testImage');
const desk = useDesk();
let watch: WorkloadWatch;
const seen: Array<{ at: number; kind: 'changed' | 'removed'; name: string; status?: string; context?: string }> = [];

beforeAll(async () => {
  watch = new WorkloadWatch({ manager: desk().manager, paths: desk().state.paths, runtime: () => createDockerRuntime() });
  watch.on('changed', (info: WorkloadInfo) => seen.push({ at: Date.now(), kind: 'changed', name: info.name, status: info.status, context: info.statusContext }));
  watch.on('removed', (name) => seen.push({ at: Date.now(), kind: 'removed', name }));
  await watch.start();
});
afterAll(() => {
  watch?.close();
});

/** Resolves with the time of the first event (after `since`) that matches, or fails after 5 s. */
async function seenAt(since: number, match: (event: (typeof seen)[number]) => boolean): Promise<number> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const event = seen.find((e) => e.at >= since && match(e));
    if (event) return event.at;
    if (Date.now() > deadline) throw new Error(`no matching event; seen: ${JSON.stringify(seen.filter((e) => e.at >= since))}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** When the transition to `to` of workload `name` was written, from transitions.jsonl. */
async function transitionAt(name: string, to: string): Promise<number> {
  const record = (await desk().state.statuses.transitions.read(name)).filter((r) => r.to === to).at(-1);
  if (!record) throw new Error(`no transition of "${name}" to ${to}`);
  return Date.parse(record.at);
}

describe('live workload changes, pushed without polling', () => {
  it('shows a workload run, stopped and removed from the CLI within a second of each change', async () => {
    const started = Date.now();
    expect((await desk().cli('run', image, '--name', 'live-a')).code).toBe(0);
    const runningSeen = await seenAt(started, (e) => e.name === 'live-a' && e.status === 'running');
    expect(runningSeen - (await transitionAt('live-a', 'running'))).toBeLessThan(1_000);

    const stopping = Date.now();
    expect((await desk().cli('stop', 'live-a')).code).toBe(0);
    const stoppedSeen = await seenAt(stopping, (e) => e.name === 'live-a' && e.status === 'stopped');
    expect(stoppedSeen - (await transitionAt('live-a', 'stopped'))).toBeLessThan(1_000);

    const removing = Date.now();
    expect((await desk().cli('rm', 'live-a')).code).toBe(0);
    const removedSeen = await seenAt(removing, (e) => e.name === 'live-a' && e.kind === 'removed');
    expect(removedSeen - (await transitionAt('live-a', 'gone'))).toBeLessThan(1_000);
  });

  it('shows a container that dies as error within a second, with the reason', async () => {
    expect((await desk().cli('run', image, '--name', 'live-b', '--wait')).code).toBe(0);
    await seenAt(0, (e) => e.name === 'live-b' && e.status === 'running');
    await run('docker', ['kill', 'live-b']);
    const killed = Date.now();
    const errorSeen = await seenAt(killed - 50, (e) => e.name === 'live-b' && e.status === 'error');
    expect(errorSeen - killed).toBeLessThan(1_000);
    expect(seen.find((e) => e.name === 'live-b' && e.status === 'error')?.context).toMatch(/exited with code 137/);
  });

  it('shows a proxy killed with SIGKILL as unhealthy within a second, though no file changes', async () => {
    expect((await desk().cli('run', image, '--name', 'live-c', '--wait')).code).toBe(0);
    await seenAt(0, (e) => e.name === 'live-c' && e.status === 'running');
    const { pid } = await desk().manager.get('live-c');
    process.kill(pid!, 'SIGKILL');
    const killed = Date.now();
    const unhealthySeen = await seenAt(killed, (e) => e.name === 'live-c' && e.status === 'unhealthy');
    expect(unhealthySeen - killed).toBeLessThan(1_000);
    expect(seen.find((e) => e.name === 'live-c' && e.status === 'unhealthy')?.context).toContain(`pid ${pid}`);
  });
});
