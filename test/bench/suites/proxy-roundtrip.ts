/**
 * Latency of one tools/call (echo) round trip through a stdio workload's proxy, against the same
 * SDK client on the paths the proxy is made of, all measured in this run with one client each:
 *
 * - proxy: streamable HTTP to the workload URL → proxy → attach to the container's stdio.
 * - direct stdio: stdio straight to `docker run -i --rm --init IMAGE`, as an AI client configured
 *   without MCP Desk runs a server. The docker CLI relays stdin/stdout through the engine.
 * - bare HTTP hop: streamable HTTP to a node:http server answering canned JSON-RPC (framed as the
 *   proxy frames it) on 127.0.0.1.
 * - client alone: the SDK client against canned answers in memory, no transport.
 *
 * Calls are sequential (one in flight) and the paths take turns in rounds, so a slow moment of the
 * machine lands on all of them. The derived row is proxy − direct − bare + client: the client's own
 * work is in all three measured paths, so it is added back once. What remains is the proxy's work
 * beyond the HTTP hop and the stdio leg; it is an underestimate, because the direct path also pays
 * the docker CLI's relay, which the proxy (attached to the engine's socket) does not.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ensureTestImage } from '../../fixtures/image';
import type { BenchRow } from '../bench-row';
import { BenchDesk } from '../helpers/bench-desk';
import { connectInMemoryCanned, startCannedResponder } from '../helpers/canned-responder';
import { withCleanup } from '../helpers/cleanup';
import { benchContainerName, removeBenchContainers } from '../helpers/docker';
import { connectDirectStdio, connectHttp, echo } from '../helpers/mcp-clients';
import { median, percentile } from '../helpers/stats';

const SUITE = 'proxy-roundtrip';

/** Options of the suite; the defaults are what the bench runner uses. */
export interface ProxyRoundtripBenchOptions {
  /** Measured calls per path; default 300. */
  calls?: number;
  /** Unmeasured calls per path first (JIT, connection setup); default 50. */
  warmup?: number;
  /** The measured calls are split into this many turns per path; default 3. */
  rounds?: number;
}

type PathName = 'proxy' | 'direct' | 'bare' | 'client';

/** Median and p95 round trip (ms) through the proxy beside each baseline, and the derived overhead. */
export async function proxyRoundtripBench(options: ProxyRoundtripBenchOptions = {}): Promise<BenchRow[]> {
  const calls = options.calls ?? 300;
  const warmup = options.warmup ?? 50;
  const rounds = options.rounds ?? 3;
  const image = await ensureTestImage();

  return withCleanup(async (defer) => {
    const desk = await BenchDesk.create();
    defer(() => desk.dispose());
    defer(() => removeBenchContainers(SUITE));
    const responder = await startCannedResponder();
    defer(() => responder.close());

    const workload = await desk.runWorkload('roundtrip', { image });
    const clients = new Map<PathName, Client>();
    const open = async (path: PathName, connect: () => Promise<Client>): Promise<void> => {
      const client = await connect();
      defer(() => client.close());
      clients.set(path, client);
    };
    await open('proxy', () => connectHttp(workload.url));
    await open('direct', () => connectDirectStdio(image, benchContainerName('roundtrip'), SUITE));
    await open('bare', () => connectHttp(responder.url));
    await open('client', () => connectInMemoryCanned());

    const samples = new Map<PathName, number[]>();
    for (const [path, client] of clients) {
      for (let i = 0; i < warmup; i++) await echo(client, `warm-up ${i}`);
      samples.set(path, []);
    }
    for (let round = 0; round < rounds; round++) {
      const count = Math.floor(calls / rounds) + (round < calls % rounds ? 1 : 0);
      for (const [path, client] of clients) {
        const times = samples.get(path)!;
        for (let i = 0; i < count; i++) {
          const started = performance.now();
          await echo(client, `call ${round}.${i}`);
          times.push(performance.now() - started);
        }
      }
    }

    const at = (path: PathName, p: number): number => percentile(samples.get(path)!, p);
    const proxyMedian = median(samples.get('proxy')!);
    const direct = `direct stdio, docker run -i`;
    const bare = `bare HTTP hop, canned node:http`;
    const overhead = Math.round((proxyMedian - at('direct', 50) - at('bare', 50) + at('client', 50)) * 100) / 100;
    return [
      { name: `echo round trip via proxy, median of ${calls}`, value: proxyMedian, unit: 'ms', baseline: { name: direct, value: at('direct', 50) } },
      { name: `echo round trip via proxy, median of ${calls}`, value: proxyMedian, unit: 'ms', baseline: { name: bare, value: at('bare', 50) } },
      { name: `echo round trip via proxy, p95 of ${calls}`, value: at('proxy', 95), unit: 'ms', baseline: { name: `${direct}, p95`, value: at('direct', 95) } },
      { name: `echo round trip via proxy, p95 of ${calls}`, value: at('proxy', 95), unit: 'ms', baseline: { name: `${bare}, p95`, value: at('bare', 95) } },
      { name: 'SDK client alone, canned in memory, median', value: at('client', 50), unit: 'ms' },
      {
        name: 'proxy overhead beyond HTTP hop and stdio leg (proxy − direct − bare + client, medians)',
        value: overhead,
        unit: 'ms',
        baseline: { name: 'proxy round trip, median', value: proxyMedian },
      },
    ];
  });
}
