/**
 * The fixed cost of every mcpdesk command: `mcpdesk --version` (start node, load and compile the
 * bundle, parse the arguments, print) against `node -e 0` (node alone, the floor of any Node CLI)
 * and against `docker --version` (the CLI a user would type instead). run, stop and list all pay it
 * once per command; a detached proxy pays the same kind of cost for its own bundle at every start.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { BenchRow } from '../bench-row';
import { CLI, ensureDist } from '../helpers/dist';
import { median, timed } from '../helpers/stats';

const run = promisify(execFile);

/** Options of the suite; the defaults are what the bench runner uses. */
export interface CliStartBenchOptions {
  /** Measured runs of each command, taking turns; the median is reported. Default 10. */
  runs?: number;
}

/** ms of `mcpdesk --version` against `node -e 0` and `docker --version`. */
export async function cliStartBench(options: CliStartBenchOptions = {}): Promise<BenchRow[]> {
  const runs = options.runs ?? 10;
  await ensureDist();
  const commands = {
    mcpdesk: [process.execPath, CLI, '--version'],
    node: [process.execPath, '-e', '0'],
    docker: ['docker', '--version'],
  } as const;
  const times = { mcpdesk: [] as number[], node: [] as number[], docker: [] as number[] };
  // One unmeasured turn first (cold caches).
  for (let turn = -1; turn < runs; turn++) {
    for (const [key, [file, ...args]] of Object.entries(commands) as Array<[keyof typeof commands, readonly string[]]>) {
      const ms = await timed(() => run(file!, args));
      if (turn >= 0) times[key].push(ms);
    }
  }
  const name = `mcpdesk --version (median of ${runs})`;
  return [
    { name, value: median(times.mcpdesk), unit: 'ms', baseline: { name: 'node -e 0', value: median(times.node) } },
    { name, value: median(times.mcpdesk), unit: 'ms', baseline: { name: 'docker --version', value: median(times.docker) } },
  ];
}
