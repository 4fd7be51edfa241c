import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Resolves once the HTTP server at `target` answers anything (a 404 will do), trying every 100 ms;
 * throws at `deadline` (epoch ms) naming the target. A bare TCP connect would not do: the engine's
 * port publisher accepts connections before the server in the container listens. `check` runs
 * before every try; when it throws, the wait ends with its error (the server's container exited,
 * so waiting on is pointless).
 */
export async function waitUntilAnswering(target: URL, deadline: number, check: () => Promise<void> = async () => undefined): Promise<void> {
  for (;;) {
    await check();
    const ok = await new Promise<boolean>((resolve) => {
      const req = http.request(new URL('/.well-known/mcpdesk-probe', target), { method: 'GET', timeout: 2_000 }, (res) => {
        res.resume();
        resolve(true);
      });
      req.once('timeout', () => req.destroy());
      req.once('error', () => resolve(false));
      req.end();
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`the server at ${target.origin} did not answer in time`);
    await sleep(100);
  }
}
