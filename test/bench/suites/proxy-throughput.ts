/**
 * Calls per second with 16 calls in flight at all times, through a stdio workload's proxy.
 *
 * The baseline is one SDK client speaking stdio straight to `docker run -i --rm --init IMAGE` with
 * the same 16 calls in flight, multiplexed by JSON-RPC ids over its one pipe. That is the fair
 * comparison: both sides drive ONE server process with 16 concurrent requests, which is what the
 * proxy does (16 HTTP clients, each its own session, multiplexed onto the one stdio server). 16
 * direct `docker run -i` containers would be 16 servers on the machine's cores, measuring the
 * server's parallelism rather than the proxy. A second baseline is the same 16 HTTP clients against
 * a canned node:http responder: the HTTP hop alone, the most any HTTP path could reach here.
 *
 * Every path runs in this process, so its clients compete for the same cores as the proxy and the
 * server: on a small machine the figures are lower than a client on another machine would see,
 * for all paths alike.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ensureTestImage } from '../../fixtures/image';
import type { BenchRow } from '../bench-row';
import { BenchDesk } from '../helpers/bench-desk';
import { startCannedResponder } from '../helpers/canned-responder';
import { withCleanup, type Defer } from '../helpers/cleanup';
import { benchContainerName, removeBenchContainers } from '../helpers/docker';
import { connectDirectStdio, connectHttp, echo } from '../helpers/mcp-clients';
import { median } from '../helpers/stats';

const SUITE = 'proxy-throughput';

/** Options of the suite; the defaults are what the bench runner uses. */
export interface ProxyThroughputBenchOptions {
  /** Calls in flight at once (clients through the proxy); default 16. */
  concurrency?: number;
  /** Calls per in-flight slot per measured run; default 40 (640 calls per run). */
  callsPerSlot?: number;
  /** Measured runs per path, taking turns; the median is reported. Default 3. */
  runs?: number;
}

/** calls/s through the proxy against one direct stdio client and against the bare HTTP hop. */
export async function proxyThroughputBench(options: ProxyThroughputBenchOptions = {}): Promise<BenchRow[]> {
  const concurrency = options.concurrency ?? 16;
  const perSlot = options.callsPerSlot ?? 40;
  const runs = options.runs ?? 3;
  const image = await ensureTestImage();

  return withCleanup(async (defer) => {
    const desk = await BenchDesk.create();
    defer(() => desk.dispose());
    defer(() => removeBenchContainers(SUITE));
    const responder = await startCannedResponder();
    defer(() => responder.close());
    const workload = await desk.runWorkload('throughput', { image });

    // One at a time: a failed connect then leaves no other connect running past the cleanup.
    const connectAll = async (url: string): Promise<Client[]> => {
      const clients: Client[] = [];
      for (let i = 0; i < concurrency; i++) clients.push(await track(defer, connectHttp(url, `bench-${i}`)));
      return clients;
    };
    const direct = await track(defer, connectDirectStdio(image, benchContainerName('throughput'), SUITE));
    const proxied = await connectAll(workload.url);
    const bare = await connectAll(responder.url);
    // Slot i uses client i; the direct path has one client for every slot.
    const paths = { proxy: proxied, direct: proxied.map(() => direct), bare } as const;

    const rates = { proxy: [] as number[], direct: [] as number[], bare: [] as number[] };
    for (const slots of Object.values(paths)) await callsPerSecond(slots, 10);
    for (let run = 0; run < runs; run++) {
      for (const [path, slots] of Object.entries(paths) as Array<[keyof typeof paths, Client[]]>) rates[path].push(await callsPerSecond(slots, perSlot));
    }

    const proxy = median(rates.proxy);
    const name = `${concurrency} clients through the proxy to one stdio server (median of ${runs} × ${concurrency * perSlot} calls)`;
    return [
      { name, value: proxy, unit: 'calls/s', baseline: { name: `one direct stdio client, ${concurrency} in flight`, value: median(rates.direct) } },
      { name, value: proxy, unit: 'calls/s', baseline: { name: `${concurrency} clients, bare HTTP hop`, value: median(rates.bare) } },
    ];
  });
}

async function track(defer: Defer, connecting: Promise<Client>): Promise<Client> {
  const client = await connecting;
  defer(() => client.close());
  return client;
}

/** Runs `perSlot` sequential echo calls on every slot at once; the rate of all of them. */
async function callsPerSecond(slots: readonly Client[], perSlot: number): Promise<number> {
  const started = performance.now();
  await Promise.all(
    slots.map(async (client, slot) => {
      for (let i = 0; i < perSlot; i++) await echo(client, `slot ${slot} call ${i}`);
    }),
  );
  return Math.round((slots.length * perSlot * 1000) / (performance.now() - started));
}
