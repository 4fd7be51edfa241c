import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { createDeskService } from '../../../electron/core/service/desk-service';
import { createDockerRuntime } from '../../../electron/core/runtime';
import { processGone } from '../../../electron/core/system/process-identity';
import type { WorkloadInfo } from '../../../shared/workload-info';
import { snapshotTree } from '../../unit/state/helpers/snapshot';
import { echoThrough } from '../../integration/workloads/helpers/clients';
import { eventually } from '../../integration/workloads/helpers/harness';
import { useDesk } from '../../integration/workloads/helpers/use-desk';
import { FaultFigures, since } from './helpers/fault-figures';
import { expectServing, listedBy, runRunning, type Listed } from './helpers/workload-steps';

// Issue 5, item 3: "The app core, started after a crash, re-adopts live workloads and marks the
// others with the reason." Workloads are left as a crashed app (or a killed foreground run)
// leaves them: some still live, some whose proxy or container was killed or removed while no
// app ran, so no one recorded it. The core (createDeskService, as the Electron main process and
// the preview compose it) is then started over that state root.

const run = promisify(execFile);
const image = inject('testImage');
const desk = useDesk();
const figures = new FaultFigures('faults-core-after-crash');

async function killed(pid: number): Promise<void> {
  process.kill(pid, 'SIGKILL');
  await eventually(`process ${pid} to exit`, async () => (processGone(pid) ? true : undefined));
}

/** `mcpdesk run IMAGE --name NAME --foreground`, once it serves; returns the CLI's pid and the workload. */
async function servedInForeground(name: string): Promise<{ pid: number; info: Listed }> {
  const child = desk().spawnCli('run', image, '--name', name, '--foreground');
  child.stdout?.resume();
  child.stderr?.resume();
  const info = await eventually(`"${name}" to be served in the foreground`, async () => {
    const now = await desk().manager.get(name).catch(() => undefined);
    return now?.status === 'running' ? now : undefined;
  }, 60_000);
  expect(info.pid).toBe(child.pid);
  return { pid: child.pid!, info };
}

describe('the app core started after a crash', () => {
  it('re-adopts the live workloads as running without touching them, marks the others with the reason, and restart recovers them', async () => {
    const live = await Promise.all(['cc-live-1', 'cc-live-2'].map((name) => runRunning(desk(), image, name)));
    const [proxyKilled, containerKilled, containerRemoved, stopped] = await Promise.all(
      ['cc-proxy-killed', 'cc-container-killed', 'cc-container-removed', 'cc-stopped'].map((name) => runRunning(desk(), image, name)),
    );
    const foreground = await servedInForeground('cc-foreground');
    expect(await desk().cli('stop', stopped!.name)).toMatchObject({ code: 0 });

    // What happened while no app ran: the proxies are killed first, so no one records what
    // follows to their containers either.
    await Promise.all([proxyKilled!, containerKilled!, containerRemoved!].map((w) => killed(w.pid!)));
    await killed(foreground.pid);
    await run('docker', ['kill', containerKilled!.name]);
    await run('docker', ['rm', '-f', containerRemoved!.name]);
    const files = await snapshotTree(desk().root);

    const service = createDeskService({ state: desk().state, manager: desk().manager, runtime: () => createDockerRuntime() });
    try {
      const started = performance.now();
      const seen = await service.start();
      const detectMs = since(started);
      const byName = new Map(seen.map((w) => [w.name, w]));
      const expected: Record<string, Pick<WorkloadInfo, 'status' | 'statusContext'>> = {
        'cc-live-1': { status: 'running', statusContext: '' },
        'cc-live-2': { status: 'running', statusContext: '' },
        'cc-proxy-killed': { status: 'unhealthy', statusContext: `the proxy process (pid ${proxyKilled!.pid}) is not running; restart to recover` },
        'cc-foreground': { status: 'unhealthy', statusContext: `the proxy process (pid ${foreground.pid}) is not running; restart to recover` },
        'cc-container-killed': { status: 'error', statusContext: 'the container exited with code 137; restart to recover' },
        'cc-container-removed': { status: 'error', statusContext: 'the container is gone; restart to recreate it' },
        'cc-stopped': { status: 'stopped', statusContext: '' },
      };
      for (const [name, want] of Object.entries(expected)) expect(byName.get(name), name).toMatchObject(want);
      expect(seen).toHaveLength(Object.keys(expected).length);
      // Re-adopted means left alone: the same proxies still serve, and starting wrote nothing.
      for (const w of live) {
        expect(byName.get(w.name)?.pid).toBe(w.pid);
        expect(await echoThrough(w.url, 'adopted')).toBe('adopted');
      }
      expect(await snapshotTree(desk().root)).toEqual(files);
      // The CLI agrees.
      for (const [name, want] of Object.entries(expected)) expect(await listedBy(desk(), name), name).toMatchObject(want);

      const broken = ['cc-proxy-killed', 'cc-foreground', 'cc-container-killed', 'cc-container-removed'];
      const recovering = performance.now();
      const restarted = await service.handler('workloads:restart', { names: broken });
      expect(restarted).toEqual({ ok: true, data: broken.map((name) => ({ name, ok: true })) });
      await Promise.all(broken.map((name) => expectServing(desk(), name, byName.get(name)!.port)));
      const recoverMs = since(recovering);
      broken.forEach(() => figures.add({ fault: 'broken-while-no-app-ran', detectMs, recoverMs }));
      // The live ones were never restarted.
      for (const w of live) expect((await desk().manager.get(w.name)).pid).toBe(w.pid);
    } finally {
      service.close();
      await figures.record({ adopted: live.length });
    }
  });
});
