/**
 * Wall time of `mcpdesk run IMAGE --wait` until it returns with the workload running, against
 * `docker run -d -i --init IMAGE` (stdin kept open, else the stdio server exits at once), both as a
 * user types them: a new CLI process each time.
 *
 * They end at comparable points: docker returns once the container is started; mcpdesk --wait
 * returns once the proxy has attached to the started container and listens (the proxy writes
 * running), neither waits for the server to answer. What mcpdesk adds is its validation (engine
 * ping, name and port checks, image check), the state files, starting the detached proxy process
 * and polling the status until it says running.
 *
 * The two take turns; one unmeasured turn of each comes first (cold caches). Each workload and
 * container is removed before the next turn, outside the measured time.
 */
import { ensureTestImage } from '../../fixtures/image';
import type { BenchRow } from '../bench-row';
import { BenchDesk } from '../helpers/bench-desk';
import { withCleanup } from '../helpers/cleanup';
import { BENCH_LABEL, benchContainerName, docker, removeBenchContainers } from '../helpers/docker';
import { median, timed } from '../helpers/stats';

const SUITE = 'run-to-running';
const SUITE_LABEL = `${BENCH_LABEL}=${SUITE}`;

/** Options of the suite; the defaults are what the bench runner uses. */
export interface RunToRunningBenchOptions {
  /** Measured runs of each command; the median is reported. Default 5. */
  runs?: number;
}

/** ms from command start to running: mcpdesk run --wait against docker run -d. */
export async function runToRunningBench(options: RunToRunningBenchOptions = {}): Promise<BenchRow[]> {
  const runs = options.runs ?? 5;
  const image = await ensureTestImage();

  return withCleanup(async (defer) => {
    const desk = await BenchDesk.create();
    defer(() => desk.dispose());
    defer(() => removeBenchContainers(SUITE));

    const mcpdesk: number[] = [];
    const plain: number[] = [];
    for (let turn = -1; turn < runs; turn++) {
      const name = `run-${turn + 1}`;
      const ours = await desk.timeCli('run', image, '--name', name, '--wait');
      await desk.manager.delete([name]);

      const container = benchContainerName('run');
      const theirs = await timed(() => docker('run', '-d', '-i', '--init', '--name', container, '--label', SUITE_LABEL, image));
      await docker('rm', '-f', container);

      if (turn < 0) continue;
      mcpdesk.push(ours);
      plain.push(theirs);
    }
    return [
      {
        name: `mcpdesk run --wait to running (median of ${runs})`,
        value: median(mcpdesk),
        unit: 'ms',
        baseline: { name: 'docker run -d -i --init', value: median(plain) },
      },
    ];
  });
}
