/**
 * How long stopping a workload's container takes with an init process (HostConfig.Init, our
 * default) and without one. A Node MCP server as PID 1 gets no default SIGTERM action from the
 * kernel, so without init `docker stop` waits the whole timeout and then kills it.
 */
import { randomBytes } from 'node:crypto';
import { createDockerRuntime } from '../../../electron/core/runtime/docker-runtime';
import type { Runtime } from '../../../electron/core/runtime/runtime';
import { ensureTestImage } from '../../fixtures/image';
import type { BenchRow } from '../bench-row';

/** Options of the suite; the defaults are what the bench runner uses. */
export interface ContainerStopBenchOptions {
  /** Containers stopped per mode; the median is reported. Default 5. */
  runs?: number;
  /** The stop timeout, in seconds, the engine waits before SIGKILL. Default 10, Docker's own default. */
  stopTimeoutSeconds?: number;
}

/**
 * Stop time (ms, median of `runs`) of the fixture MCP server's container with init, against the
 * same without init as the baseline. Stops run one at a time in both modes: concurrent stops
 * measured ~0.4 s instead of ~0.1 s with init, which would hide the real figure. The price is
 * that the no-init mode takes `runs` × the timeout (about 50 s by default). Every container is
 * removed afterwards, also on failure.
 */
export async function containerStopBench(options: ContainerStopBenchOptions = {}): Promise<BenchRow[]> {
  const runs = options.runs ?? 5;
  const timeout = options.stopTimeoutSeconds ?? 10;
  const image = await ensureTestImage();
  const runtime = createDockerRuntime();

  const withInit = median(await stopTimes(runtime, image, true, runs, timeout));
  const withoutInit = median(await stopTimes(runtime, image, false, runs, timeout));
  const baselineName = `container stop without init (median of ${runs}, ${timeout} s timeout)`;
  return [
    { name: baselineName, value: withoutInit, unit: 'ms' },
    {
      name: `container stop with init (median of ${runs})`,
      value: withInit,
      unit: 'ms',
      baseline: { name: baselineName, value: withoutInit },
    },
  ];
}

async function stopTimes(runtime: Runtime, image: string, init: boolean, runs: number, timeout: number): Promise<number[]> {
  const names = Array.from({ length: runs }, () => `mcpdesk-bench-stop-${randomBytes(4).toString('hex')}`);
  try {
    await Promise.all(
      names.map((name, i) =>
        runtime.deploy({ name, image, transport: 'stdio', proxyPort: 42000 + i, initEnabled: init, labels: { 'mcpdesk-bench/suite': 'container-stop' } }),
      ),
    );
    // Stopping a server that has not finished starting would measure something else.
    await Promise.all(names.map((name) => waitForLog(runtime, name, 'serving MCP on stdio')));
    const times: number[] = [];
    for (const name of names) {
      const started = performance.now();
      await runtime.stop(name, timeout);
      times.push(performance.now() - started);
    }
    return times;
  } finally {
    await Promise.allSettled(names.map((name) => runtime.remove(name)));
  }
}

async function waitForLog(runtime: Runtime, name: string, text: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    let log = '';
    for await (const chunk of await runtime.logs(name)) log += String(chunk);
    if (log.includes(text)) return;
    if (Date.now() > deadline) throw new Error(`container "${name}" did not log "${text}" within 15 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return Math.round(value * 10) / 10;
}
