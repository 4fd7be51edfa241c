/**
 * Wall time of `mcpdesk list --format json` with 50 running stdio workloads, against
 * `docker ps -a --filter label=<this desk's instance>` over the same 50 containers: what a user
 * would type to see the same servers without MCP Desk. list reads the engine once, then every
 * workload's run config and status file and checks its proxy's liveness (/proc).
 *
 * A third figure, the manager's list() in this process, shows how much of the CLI's time is the
 * list itself and how much is starting a node process and loading the bundle.
 *
 * The 50 workloads are started through the manager ten at a time (50 at once would start 100 node
 * processes together on a small machine). The commands take turns.
 */
import { ensureTestImage } from '../../fixtures/image';
import type { BenchRow } from '../bench-row';
import { BenchDesk } from '../helpers/bench-desk';
import { withCleanup } from '../helpers/cleanup';
import { docker } from '../helpers/docker';
import { inPool } from '../helpers/pool';
import { median, timed } from '../helpers/stats';

/** Options of the suite; the defaults are what the bench runner uses. */
export interface ListBenchOptions {
  /** Running workloads; default 50. */
  workloads?: number;
  /** Measured runs of each command; the median is reported. Default 10. */
  runs?: number;
  /** Workloads starting at once while setting up; default 10. */
  startConcurrency?: number;
}

/** ms of mcpdesk list (CLI, and in process) against docker ps over the same containers. */
export async function listBench(options: ListBenchOptions = {}): Promise<BenchRow[]> {
  const count = options.workloads ?? 50;
  const runs = options.runs ?? 10;
  const startConcurrency = options.startConcurrency ?? 10;
  const image = await ensureTestImage();

  return withCleanup(async (defer) => {
    const desk = await BenchDesk.create();
    defer(() => desk.dispose());
    const names = Array.from({ length: count }, (_, i) => `list-${String(i + 1).padStart(2, '0')}`);
    await inPool(names, startConcurrency, (name) => desk.runWorkload(name, { image }));

    const cli: number[] = [];
    const inProcess: number[] = [];
    const ps: number[] = [];
    // One unmeasured turn first (cold caches).
    for (let run = -1; run < runs; run++) {
      const times = [
        await desk.timeCli('list', '--format', 'json'),
        await timed(async () => {
          const listed = await desk.manager.list();
          if (listed.length !== count) throw new Error(`list showed ${listed.length} workloads, expected ${count}`);
        }),
        await timed(() => docker('ps', '-a', '--filter', desk.instanceFilter)),
      ] as const;
      if (run < 0) continue;
      cli.push(times[0]);
      inProcess.push(times[1]);
      ps.push(times[2]);
    }
    const baseline = { name: `docker ps -a --filter label=… (${count} containers)`, value: median(ps) };
    return [
      { name: `mcpdesk list --format json, ${count} workloads (median of ${runs})`, value: median(cli), unit: 'ms', baseline },
      { name: `WorkloadManager.list() in process, ${count} workloads`, value: median(inProcess), unit: 'ms', baseline },
    ];
  });
}
