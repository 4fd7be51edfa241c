/**
 * The proxy's HTTP forwarder and loopback guard on the host, in front of the fixture MCP server (a
 * plain node process) and of raw upstreams that show what arrives: the SDK's real Client through
 * both HTTP transports, headers, event streams, failures.
 */
import { request, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpForwarder, type HttpForwarderOptions } from '../../../electron/core/proxy/http-forwarder';
import { loopbackRequestProblem } from '../../../electron/core/proxy/loopback-guard';
import { recordingLog, selfSignedCertificate, serve, startFixture, stopAll, unusedPort } from './helpers/servers';

const clients: Client[] = [];

afterEach(async () => {
  await Promise.allSettled(clients.splice(0).map((client) => client.close()));
  await stopAll();
});

/** A proxy as the product composes one: the loopback guard (403 with the reason), then the forwarder. */
async function startProxy(target: URL, options: Partial<HttpForwarderOptions> = {}) {
  const log = recordingLog();
  const forward = createHttpForwarder({ target, log, ...options });
  const { url } = await serve((req, res) => {
    const problem = loopbackRequestProblem(req);
    if (problem) {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: problem }));
      return;
    }
    forward(req, res);
  });
  return { url, log };
}

async function connect(transport: Transport): Promise<Client> {
  const client = new Client({ name: 'forwarder-test', version: '1.0.0' });
  await client.connect(transport);
  clients.push(client);
  return client;
}

/** A raw request to `url`, resolving with the response once its headers arrive. */
function send(url: URL, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers }, resolve);
    req.on('error', reject);
    req.end(init.body);
  });
}

async function text(res: IncomingMessage): Promise<string> {
  res.setEncoding('utf8');
  let body = '';
  for await (const chunk of res) body += chunk;
  return body;
}

/** An upstream that answers every request with what it received: method, URL, headers, body. */
async function echoUpstream(tls?: { key: string; cert: string }) {
  const seen: { method?: string; url?: string; headers: IncomingHttpHeaders; body: string }[] = [];
  const { url } = await serve(async (req, res) => {
    const received = { method: req.method, url: req.url, headers: req.headers, body: await text(req) };
    seen.push(received);
    res.writeHead(200, { 'content-type': 'application/json', connection: 'keep-alive, x-upstream-hop', 'x-upstream-hop': '1', 'x-kept': 'yes' });
    res.end(JSON.stringify(received));
  }, tls);
  return { url, seen };
}

describe('HTTP forwarder', () => {
  it.each([
    ['streamable HTTP', 'streamable-http' as const, (url: URL) => new StreamableHTTPClientTransport(new URL('/mcp', url))],
    ['SSE', 'sse' as const, (url: URL) => new SSEClientTransport(new URL('/sse', url))],
  ])('carries an MCP session over %s: tools, calls and notifications', async (_name, transport, makeTransport) => {
    const fixture = await startFixture(transport);
    const proxy = await startProxy(fixture.url);
    const client = await connect(makeTransport(proxy.url));

    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(['add', 'echo', 'notify', 'slow']);
    expect(await client.callTool({ name: 'echo', arguments: { text: 'through the proxy' } })).toMatchObject({
      content: [{ type: 'text', text: 'through the proxy' }],
    });
    expect(await client.callTool({ name: 'add', arguments: { a: 2, b: 40 } })).toMatchObject({ content: [{ type: 'text', text: '42' }] });

    const notes: unknown[] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, (note) => void notes.push(note.params.data));
    await client.callTool({ name: 'notify', arguments: { count: 3, tag: transport } });
    await expect.poll(() => notes).toEqual([1, 2, 3].map((index) => ({ index, count: 3, tag: transport })));
    expect(proxy.log.lines).toEqual([]);
  });

  it('forwards method, path, query and body, replaces Host, adds configured headers over the client’s, drops hop-by-hop ones', async () => {
    const upstream = await echoUpstream();
    const proxy = await startProxy(new URL('/ignored/path?x=1', upstream.url), {
      headers: { Authorization: 'Bearer configured-secret', 'X-Api-Key': 'k-123' },
    });
    const res = await send(new URL('/messages?sessionId=abc&b=2', proxy.url), {
      method: 'PUT',
      headers: {
        authorization: 'Bearer client-token',
        'x-client': 'kept',
        connection: 'keep-alive, x-drop-me',
        'x-drop-me': '1',
        'proxy-authorization': 'Basic eA==',
        te: 'trailers',
        'content-type': 'text/plain',
      },
      body: 'a body',
    });
    expect(res.statusCode).toBe(200);
    const received = JSON.parse(await text(res)) as (typeof upstream.seen)[number];
    expect(received.method).toBe('PUT');
    expect(received.url).toBe('/messages?sessionId=abc&b=2');
    expect(received.body).toBe('a body');
    expect(received.headers).toMatchObject({
      host: upstream.url.host,
      authorization: 'Bearer configured-secret',
      'x-api-key': 'k-123',
      'x-client': 'kept',
      'content-type': 'text/plain',
    });
    for (const dropped of ['x-drop-me', 'proxy-authorization', 'te']) expect(received.headers).not.toHaveProperty(dropped);
    // And on the way back: the upstream's connection-scoped header is dropped, the others kept.
    expect(res.headers['x-kept']).toBe('yes');
    expect(res.headers).not.toHaveProperty('x-upstream-hop');
    expect(proxy.log.lines).toEqual([]);
  });

  it('forwards to an https upstream', async () => {
    const tls = await selfSignedCertificate();
    const upstream = await echoUpstream(tls);
    const proxy = await startProxy(upstream.url, { ca: tls.cert });
    const res = await send(new URL('/mcp', proxy.url), { method: 'POST', body: '{}' });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(await text(res))).toMatchObject({ method: 'POST', url: '/mcp', body: '{}', headers: { host: upstream.url.host } });
  });

  it('passes an event stream through event by event, and aborts the upstream when the client leaves', async () => {
    // The upstream sends the second event once the client has the first, or after 2 s at the
    // latest: a forwarder that held the first back would get it to the client only after that.
    let firstSeen: () => void = () => undefined;
    const clientHasFirst = new Promise<void>((resolve) => (firstSeen = resolve));
    let secondSentAt = 0;
    let upstreamClosed = false;
    const { url } = await serve((_req, res) => {
      res.on('close', () => (upstreamClosed = true));
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write('event: first\ndata: 1\n\n');
      void Promise.race([clientHasFirst, new Promise((resolve) => setTimeout(resolve, 2_000))]).then(() => {
        secondSentAt = performance.now();
        res.write('event: second\ndata: 2\n\n');
      });
    });
    const proxy = await startProxy(url);
    const res = await send(new URL('/sse', proxy.url), { headers: { accept: 'text/event-stream' } });
    expect(res.headers['content-type']).toBe('text/event-stream');
    expect(res.headers).not.toHaveProperty('content-length');

    res.setEncoding('utf8');
    const arrivals: { text: string; at: number }[] = [];
    res.on('data', (chunk: string) => {
      arrivals.push({ text: chunk, at: performance.now() });
      firstSeen();
    });
    await expect.poll(() => arrivals.map((a) => a.text).join('')).toBe('event: first\ndata: 1\n\nevent: second\ndata: 2\n\n');
    expect(arrivals[0]?.text).toBe('event: first\ndata: 1\n\n');
    expect(arrivals[0]!.at).toBeLessThan(secondSentAt);

    // The stream stays open; the client leaving closes it upstream.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(res.complete).toBe(false);
    expect(upstreamClosed).toBe(false);
    res.destroy();
    await expect.poll(() => upstreamClosed).toBe(true);
  });

  it('ends the client’s event stream when the upstream goes away mid-stream', async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: before\n\n');
      setTimeout(() => res.socket?.destroy(), 100);
    });
    const proxy = await startProxy(url);
    const res = await send(new URL('/sse', proxy.url));
    expect(await text(res)).toBe('data: before\n\n');
    expect(res.complete).toBe(true);
  });

  it('cuts a non-stream body short when the upstream goes away mid-body, so the client sees the truncation', async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"partial":');
      setTimeout(() => res.socket?.destroy(), 100);
    });
    const proxy = await startProxy(url);
    const res = await send(new URL('/mcp', proxy.url));
    await expect(text(res)).rejects.toThrow(/aborted/);
  });

  it('answers 502 naming the upstream, and nothing secret, when the upstream is down', async () => {
    const port = await unusedPort();
    const target = new URL(`http://user:pw@127.0.0.1:${port}/mcp?key=query-secret`);
    const proxy = await startProxy(target, { headers: { authorization: 'Bearer header-secret' } });
    const res = await send(new URL('/mcp?key=client-secret', proxy.url), { method: 'POST', body: '{"jsonrpc":"2.0"}' });
    expect(res.statusCode).toBe(502);
    expect(res.headers['content-type']).toBe('application/json');
    const body = await text(res);
    expect(JSON.parse(body)).toEqual({ error: `upstream http://127.0.0.1:${port} unreachable: ECONNREFUSED` });
    expect(proxy.log.lines).toEqual([`warn upstream http://127.0.0.1:${port} unreachable for POST /mcp: ECONNREFUSED`]);
    for (const secret of ['pw', 'query-secret', 'header-secret', 'client-secret']) {
      expect(body).not.toContain(secret);
      expect(proxy.log.lines.join('\n')).not.toContain(secret);
    }
  });

  it('refuses a request whose Host is not loopback with 403, before it reaches the upstream', async () => {
    const upstream = await echoUpstream();
    const proxy = await startProxy(upstream.url);
    const res = await send(new URL('/mcp', proxy.url), { method: 'POST', headers: { host: 'evil.example' }, body: '{}' });
    expect(res.statusCode).toBe(403);
    expect(JSON.parse(await text(res))).toEqual({ error: 'Host "evil.example" is not a loopback name (localhost, 127.x.y.z or [::1])' });
    const fromPage = await send(new URL('/mcp', proxy.url), { headers: { origin: 'https://attacker.example' } });
    expect(fromPage.statusCode).toBe(403);
    await text(fromPage);
    expect(upstream.seen).toEqual([]);
  });

  it('refuses a target that is not http or https', () => {
    expect(() => createHttpForwarder({ target: new URL('ws://127.0.0.1:1/'), log: recordingLog() })).toThrow(/must be http or https/);
  });
});
