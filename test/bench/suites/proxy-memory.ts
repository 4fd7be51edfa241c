/**
 * Resident memory (VmRSS) of a workload's proxy process after it has served calls, for a stdio
 * workload and for a remote one, against the floor of any proxy: a node process that only listens
 * with node:http (DESIGN.md "Lean proxies": every workload costs one such process).
 *
 * Each proxy serves `calls` echo calls from one SDK client first, so what it loads on first use is
 * counted; the floor answers as many plain GETs. The remote workload points at the fixture MCP
 * server running on the host. All three are read the same way, after the same pause, and the
 * median of `samples` reads is reported (RSS moves with the garbage collector).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureTestImage } from '../../fixtures/image';
import type { BenchRow } from '../bench-row';
import { BenchDesk } from '../helpers/bench-desk';
import { withCleanup } from '../helpers/cleanup';
import { residentMegabytes, startBareNodeServer, startHostFixture } from '../helpers/host-processes';
import { connectHttp, echo } from '../helpers/mcp-clients';
import { median } from '../helpers/stats';

/** Options of the suite; the defaults are what the bench runner uses. */
export interface ProxyMemoryBenchOptions {
  /** Calls (or GETs) served before measuring; default 200. */
  calls?: number;
  /** RSS reads per process, 200 ms apart; the median is reported. Default 5. */
  samples?: number;
}

/** MB resident of a stdio and a remote workload's proxy against a bare node:http server. */
export async function proxyMemoryBench(options: ProxyMemoryBenchOptions = {}): Promise<BenchRow[]> {
  const calls = options.calls ?? 200;
  const samples = options.samples ?? 5;
  const image = await ensureTestImage();

  return withCleanup(async (defer) => {
    const desk = await BenchDesk.create();
    defer(() => desk.dispose());
    const fixture = await startHostFixture();
    defer(() => fixture.stop());
    const floor = await startBareNodeServer();
    defer(() => floor.stop());

    const stdio = await desk.runWorkload('memory-stdio', { image });
    const remote = await desk.runWorkload('memory-remote', { remoteUrl: fixture.ready });
    for (const workload of [stdio, remote]) {
      const client = await connectHttp(workload.url);
      try {
        for (let i = 0; i < calls; i++) await echo(client, `call ${i}`);
      } finally {
        await client.close();
      }
    }
    for (let i = 0; i < calls; i++) await (await fetch(`http://127.0.0.1:${floor.ready}/`)).text();

    await sleep(500);
    const pids = { stdio: stdio.pid!, remote: remote.pid!, floor: floor.pid };
    const reads = { stdio: [] as number[], remote: [] as number[], floor: [] as number[] };
    for (let i = 0; i < samples; i++) {
      for (const key of Object.keys(pids) as Array<keyof typeof pids>) reads[key].push(await residentMegabytes(pids[key]));
      await sleep(200);
    }
    const baseline = { name: 'bare node:http server (the floor)', value: median(reads.floor) };
    return [
      { name: `stdio workload's proxy RSS after ${calls} calls`, value: median(reads.stdio), unit: 'MB', baseline },
      { name: `remote workload's proxy RSS after ${calls} calls`, value: median(reads.remote), unit: 'MB', baseline },
    ];
  });
}
