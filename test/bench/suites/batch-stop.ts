/**
 * Wall time of `mcpdesk stop` of ten running stdio workloads in one command, against stopping one:
 * the manager stops a batch in parallel, so ten should cost far less than ten times one. Both
 * are new CLI processes as a user runs them; a stop ends the proxy (SIGTERM) and stops the
 * container (with init, about 0.1 s alone; see container-stop).
 *
 * Each measured turn stops the ten, then the one, then restarts all eleven through the manager
 * (outside the measured time) and waits until they run again.
 */
import { ensureTestImage } from '../../fixtures/image';
import type { BenchRow } from '../bench-row';
import { BenchDesk } from '../helpers/bench-desk';
import { withCleanup } from '../helpers/cleanup';
import { inPool } from '../helpers/pool';
import { median } from '../helpers/stats';

/** Options of the suite; the defaults are what the bench runner uses. */
export interface BatchStopBenchOptions {
  /** Workloads stopped by the batch command; default 10. */
  batch?: number;
  /** Measured turns; the median is reported. Default 3. */
  runs?: number;
}

/** ms of `mcpdesk stop` of `batch` workloads against `mcpdesk stop` of one. */
export async function batchStopBench(options: BatchStopBenchOptions = {}): Promise<BenchRow[]> {
  const size = options.batch ?? 10;
  const runs = options.runs ?? 3;
  const image = await ensureTestImage();

  return withCleanup(async (defer) => {
    const desk = await BenchDesk.create();
    defer(() => desk.dispose());
    const batch = Array.from({ length: size }, (_, i) => `batch-${i + 1}`);
    const single = 'single';
    await inPool([...batch, single], 6, (name) => desk.runWorkload(name, { image }));

    const batchTimes: number[] = [];
    const singleTimes: number[] = [];
    for (let run = 0; run < runs; run++) {
      batchTimes.push(await desk.timeCli('stop', ...batch));
      singleTimes.push(await desk.timeCli('stop', single));
      if (run === runs - 1) break;
      const restarted = await desk.manager.restart([...batch, single]);
      for (const result of restarted) if (!result.ok) throw new Error(`restart of "${result.name}" failed: ${result.error.message}`);
      await Promise.all([...batch, single].map((name) => desk.waitRunning(name)));
    }
    return [
      {
        name: `mcpdesk stop of ${size} workloads at once (median of ${runs})`,
        value: median(batchTimes),
        unit: 'ms',
        baseline: { name: 'mcpdesk stop of one workload', value: median(singleTimes) },
      },
    ];
  });
}
