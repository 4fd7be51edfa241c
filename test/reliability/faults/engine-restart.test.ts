import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { processGone } from '../../../electron/core/system/process-identity';
import { Desk, eventually } from '../../integration/workloads/helpers/harness';
import { scaled } from '../helpers/scale';
import { FaultFigures, since } from './helpers/fault-figures';
import { PrivateDockerd } from './helpers/private-dockerd';
import { LiveView, listedBy, recoverByRestart, runRunning } from './helpers/workload-steps';

// Issue 5, item 3: dockerd stopped and started again behind MCP Desk's back. The shared engine
// must never stop, so this file runs its own daemon and points its Desk at it through DOCKER_HOST
// (the CLI's environment, and this worker's process.env for the in-process manager, the live view
// and the proxies it would start). The daemon is stopped as a service manager stops it (SIGTERM),
// which stops its containers; started again, it has them exited.

const image = inject('testImage');
const ROUNDS = scaled(1, 3);
const figures = new FaultFigures('faults-engine-restart');
let daemon: PrivateDockerd | undefined;
let desk: Desk | undefined;
let live: LiveView | undefined;
const savedHost = process.env.DOCKER_HOST;
/** The live view's engine events, in order. */
const engineEvents: string[] = [];

beforeAll(async () => {
  daemon = await PrivateDockerd.start();
  await daemon.loadImage(image);
  process.env.DOCKER_HOST = daemon.host;
  desk = await Desk.create();
  live = new LiveView(desk);
  live.watch.on('engine', (state, reason) => engineEvents.push(reason ? `${state}: ${reason}` : state));
  await live.watch.start();
});

afterAll(async () => {
  live?.watch.close();
  if (daemon && !daemon.running) await daemon.resume().catch(() => undefined);
  await desk?.dispose().catch(() => undefined);
  await daemon?.dispose();
  if (savedHost === undefined) delete process.env.DOCKER_HOST;
  else process.env.DOCKER_HOST = savedHost;
  await figures.record({ rounds: ROUNDS });
});

function theDesk(): Desk {
  if (!desk) throw new Error('the desk exists only inside tests');
  return desk;
}

describe('dockerd stopped and started again', () => {
  it(`a running workload shows error naming the engine, a stopped one stays stopped, and restart alone recovers once the engine is back, ${ROUNDS} times`, async () => {
    const d = theDesk();
    const engine = daemon!;
    const before = await runRunning(d, image, 'fe-running');
    await runRunning(d, image, 'fe-stopped');
    expect(await d.cli('stop', 'fe-stopped')).toMatchObject({ code: 0, stdout: 'fe-stopped: stopped\n' });

    for (let round = 0; round < ROUNDS; round++) {
      const proxy = (await listedBy(d, 'fe-running')).pid!;
      const pushed = live!.next('fe-running', 'error', /container engine/);
      const stopping = performance.now();
      await engine.stop();
      const shown = await pushed;
      const detectMs = since(stopping);
      expect(shown.statusContext).toMatch(/container engine/);
      await eventually('the live view to report the engine down', async () => (engineEvents.at(-1)?.startsWith('down') ? true : undefined));
      // Its proxy has nothing left to serve, and says why before it goes.
      await eventually(`proxy ${proxy} to exit`, async () => (processGone(proxy) ? true : undefined), 30_000);

      // While the engine is down: the CLI still lists, in one line each, and the next command
      // refuses in one line naming the engine.
      const down = await listedBy(d, 'fe-running');
      expect(down).toMatchObject({ status: 'error', port: before.port });
      expect(down.statusContext).toMatch(/container engine/);
      expect(await listedBy(d, 'fe-stopped')).toMatchObject({ status: 'stopped' });
      const refused = await d.cli('restart', 'fe-running');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(new RegExp(`^fe-running: error: .*${engine.host.replace(/[/.]/g, '\\$&')}.*\\n$`));
      expect(refused.stderr.split('\n')).toHaveLength(2);

      await engine.resume();
      await eventually('the live view to report the engine up', async () => (engineEvents.at(-1) === 'up' ? true : undefined), 30_000);
      // Back: the workload stays in error with its reason until someone acts; the stopped one is stopped.
      const after = await listedBy(d, 'fe-running');
      expect(after).toMatchObject({ status: 'error', port: before.port });
      expect(after.statusContext).toMatch(/container engine/);
      expect(await listedBy(d, 'fe-stopped')).toMatchObject({ status: 'stopped' });

      const recoverMs = await recoverByRestart(d, 'fe-running', before.port);
      figures.add({ fault: 'dockerd-stop-start', detectMs, recoverMs });
    }
    // The stopped workload comes back too, when asked.
    await recoverByRestart(d, 'fe-stopped', (await listedBy(d, 'fe-stopped')).port);
    expect(engineEvents.filter((e) => e.startsWith('down'))).toHaveLength(ROUNDS);
  });
});
