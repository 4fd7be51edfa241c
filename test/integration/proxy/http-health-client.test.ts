/**
 * The proxy's HTTP health client against the fixture MCP server run on the host (both HTTP
 * transports), and the HealthMonitor wired to it: pings, hung pings, restarts, recovery.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHttpForwarder } from '../../../electron/core/proxy/http-forwarder';
import { HealthMonitor } from '../../../electron/core/proxy/health/health-monitor';
import { createHttpHealthClient, PingTimeoutError, type HttpHealthClient, type HttpHealthClientOptions } from '../../../electron/core/proxy/health/http-health-client';
import { recordingLog, selfSignedCertificate, serve, startFixture, stopAll, unusedPort } from './helpers/servers';

const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  await Promise.allSettled(closers.splice(0).map((close) => close()));
  await stopAll();
});

const TRANSPORTS = ['streamable-http', 'sse'] as const;

function healthClient(options: Omit<HttpHealthClientOptions, 'log'>): HttpHealthClient & { log: ReturnType<typeof recordingLog> } {
  const log = recordingLog();
  const client = createHttpHealthClient({ log, ...options });
  closers.push(() => client.close());
  return Object.assign(client, { log });
}

/** A forwarder in front of `target` that records each request's method, path and headers. */
async function recordingFront(target: URL, tls?: { key: string; cert: string }) {
  const seen: { method: string; path: string; headers: IncomingHttpHeaders }[] = [];
  const forward = createHttpForwarder({ target, log: recordingLog() });
  const { url } = await serve((req, res) => {
    seen.push({ method: req.method ?? '', path: new URL(req.url ?? '/', 'http://x').pathname, headers: req.headers });
    forward(req, res);
  }, tls);
  return { url, seen, requests: () => seen.map((r) => `${r.method} ${r.path}`) };
}

describe('HTTP health client', () => {
  it.each(TRANSPORTS)('pings a %s server over one session of its own, sending the configured headers', async (transport) => {
    const fixture = await startFixture(transport);
    const front = await recordingFront(fixture.url);
    const client = healthClient({ url: new URL(fixture.url.pathname, front.url), transport, headers: { Authorization: 'Bearer health-secret' } });

    for (let i = 0; i < 3; i++) await client.ping(2_000);

    if (transport === 'streamable-http') {
      // initialize, notifications/initialized, then one POST per ping
      expect(front.requests()).toEqual(Array(5).fill('POST /mcp'));
      expect(front.seen[4]?.headers).toMatchObject({ 'mcp-protocol-version': '2025-06-18', 'mcp-session-id': expect.any(String) });
    } else {
      expect(front.requests()).toEqual(['GET /sse', ...Array(5).fill('POST /messages')]);
      expect(front.seen[5]?.headers).toMatchObject({ 'mcp-protocol-version': '2024-11-05' });
    }
    for (const request of front.seen) expect(request.headers.authorization).toBe('Bearer health-secret');
    expect(client.log.lines.join('\n')).not.toContain('health-secret');
  });

  it('ends its streamable-HTTP session with DELETE on close', async () => {
    const fixture = await startFixture('streamable-http');
    const front = await recordingFront(fixture.url);
    const client = healthClient({ url: new URL('/mcp', front.url), transport: 'streamable-http' });
    await client.ping(2_000);
    const sessionId = front.seen[2]?.headers['mcp-session-id'];
    await client.close();
    expect(front.requests().at(-1)).toBe('DELETE /mcp');
    expect(front.seen.at(-1)?.headers['mcp-session-id']).toBe(sessionId);
    await expect(client.ping(1_000)).rejects.toThrow(/closed/);
  });

  it.each(TRANSPORTS)('rejects with a timeout when a %s server stops answering pings', async (transport) => {
    const fixture = await startFixture(transport, { args: ['--stop-pings-after=0'] });
    const client = healthClient({ url: fixture.url, transport });
    const started = performance.now();
    const error = await client.ping(300).catch((e: unknown) => e);
    const took = performance.now() - started;
    expect(error).toBeInstanceOf(PingTimeoutError);
    expect((error as Error).message).toBe(`ping to ${fixture.url.origin} timed out after 300 ms (waiting for the reply to ping)`);
    expect(took).toBeGreaterThanOrEqual(290);
    expect(took).toBeLessThan(2_000);
  });

  it('names the step that hung when the server never opens its event stream', async () => {
    const { url } = await serve(() => {
      // accepts the request and never answers
    });
    const client = healthClient({ url: new URL('/sse', url), transport: 'sse' });
    await expect(client.ping(200)).rejects.toThrow(`ping to ${url.origin} timed out after 200 ms (waiting for the event stream)`);
  });

  it.each(TRANSPORTS)('opens a new session after a %s server restarts on the same port', async (transport) => {
    const first = await startFixture(transport);
    const client = healthClient({ url: first.url, transport });
    await client.ping(2_000);

    await first.kill();
    // Refused, or reset when a kept-alive connection to the dead server is tried first.
    await expect(client.ping(1_000)).rejects.toThrow(/^health check of http:\/\/127\.0\.0\.1:\d+ failed: (ECONNREFUSED|ECONNRESET|the event stream ended)/);
    await startFixture(transport, { port: first.port });
    await client.ping(2_000);
  });

  it('replaces a streamable-HTTP session the server no longer knows within the same ping', async () => {
    const first = await startFixture('streamable-http');
    const client = healthClient({ url: first.url, transport: 'streamable-http' });
    await client.ping(2_000);
    // Restarted between two checks: the old session id gets 404, and the ping still succeeds.
    await first.kill();
    await startFixture('streamable-http', { port: first.port });
    await client.ping(2_000);
    expect(client.log.lines).toContain(`debug health session with ${first.url.origin} dropped: the server no longer knows the session (HTTP 404)`);
  });

  it('reads replies sent as plain JSON, and works without a session id', async () => {
    const methods: string[] = [];
    const { url } = await serve(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += String(chunk);
      const message = JSON.parse(body) as { id?: number; method: string };
      methods.push(message.method);
      if (message.id === undefined) {
        res.writeHead(202).end();
        return;
      }
      const result = message.method === 'initialize' ? { protocolVersion: '2025-03-26', capabilities: {}, serverInfo: { name: 'raw', version: '1' } } : {};
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify([{ jsonrpc: '2.0', method: 'notifications/message', params: {} }, { jsonrpc: '2.0', id: message.id, result }]));
    });
    const client = healthClient({ url: new URL('/mcp', url), transport: 'streamable-http' });
    await client.ping(1_000);
    await client.ping(1_000);
    expect(methods).toEqual(['initialize', 'notifications/initialized', 'ping', 'ping']);
  });

  it('fails with the HTTP status when the server refuses the check', async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorized"}');
    });
    const client = healthClient({ url: new URL('/mcp', url), transport: 'streamable-http' });
    await expect(client.ping(1_000)).rejects.toThrow(`health check of ${url.origin} failed: initialize got HTTP 401 Unauthorized`);
  });

  it('refuses an SSE endpoint on another origin, so the configured headers never leave the server', async () => {
    const elsewhere = await unusedPort();
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`event: endpoint\ndata: http://127.0.0.1:${elsewhere}/messages\n\n`);
    });
    const client = healthClient({ url: new URL('/sse', url), transport: 'sse', headers: { authorization: 'Bearer x' } });
    await expect(client.ping(1_000)).rejects.toThrow(`the event stream ended: the endpoint is on another origin (http://127.0.0.1:${elsewhere})`);
  });

  it('pings over https', async () => {
    const tls = await selfSignedCertificate();
    const fixture = await startFixture('streamable-http');
    const front = await recordingFront(fixture.url, tls);
    const client = healthClient({ url: new URL('/mcp', front.url), transport: 'streamable-http', ca: tls.cert });
    await client.ping(2_000);
    expect(front.requests()).toHaveLength(3);
  });
});

describe('HealthMonitor with the HTTP health client', () => {
  it.each(TRANSPORTS)('turns unhealthy after 3 failed checks of a %s server and recovers once it is back', async (transport) => {
    const first = await startFixture(transport);
    const client = healthClient({ url: first.url, transport });
    const onUnhealthy = vi.fn<(reason: string) => void>();
    const onRecovered = vi.fn<() => void>();
    let answered = 0;
    const ping = async (ms: number): Promise<void> => {
      await client.ping(ms);
      answered++;
    };
    const monitor = new HealthMonitor({ ping, intervalMs: 100, timeoutMs: 300, onUnhealthy, onRecovered });
    monitor.start();
    closers.push(async () => monitor.stop());

    await expect.poll(() => answered, { timeout: 3_000 }).toBeGreaterThanOrEqual(3);
    expect(onUnhealthy).not.toHaveBeenCalled();

    await first.kill();
    await expect.poll(() => onUnhealthy.mock.calls.length, { timeout: 5_000 }).toBe(1);
    expect(onUnhealthy).toHaveBeenCalledWith(`3 health checks failed in a row: health check of ${first.url.origin} failed: ECONNREFUSED`);
    expect(onRecovered).not.toHaveBeenCalled();

    await startFixture(transport, { port: first.port });
    await expect.poll(() => onRecovered.mock.calls.length, { timeout: 5_000 }).toBe(1);
    expect(monitor.isUnhealthy).toBe(false);
    expect(onUnhealthy).toHaveBeenCalledTimes(1);
  });

  it('turns unhealthy with a timeout reason when the server stops answering pings', async () => {
    const fixture = await startFixture('streamable-http', { args: ['--stop-pings-after=0'] });
    const client = healthClient({ url: fixture.url, transport: 'streamable-http' });
    const onUnhealthy = vi.fn<(reason: string) => void>();
    const monitor = new HealthMonitor({ ping: (ms) => client.ping(ms), intervalMs: 100, timeoutMs: 300, onUnhealthy, onRecovered: () => undefined });
    monitor.start();
    closers.push(async () => monitor.stop());
    await expect.poll(() => onUnhealthy.mock.calls.length, { timeout: 5_000 }).toBe(1);
    expect(onUnhealthy).toHaveBeenCalledWith(
      `3 health checks failed in a row: ping to ${fixture.url.origin} timed out after 300 ms (waiting for the reply to ping)`,
    );
  });
});
