/**
 * The stdio bridge with the real fixture MCP server as a child process (`node bundle.mjs`, no
 * container) and the SDK's real clients over both HTTP transports: what a user of the proxy sees.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { PassThrough } from 'node:stream';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { LoggingMessageNotificationSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createStdioBridge, type StdioBridge, type StdioBridgeOptions } from '../../../electron/core/proxy/stdio-bridge';
import { bundleFixtureServer } from '../../fixtures/image';

let bundle: string;
beforeAll(async () => {
  bundle = await bundleFixtureServer();
});

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  // Last in, first out: clients before the bridge, the bridge before the server process.
  for (const cleanup of cleanups.splice(0).reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
});

interface Harness {
  base: URL;
  bridge: StdioBridge;
  child: ChildProcessWithoutNullStreams;
  logs: { level: string; message: string }[];
  /** The method of every request and notification the bridge wrote to the server, in order. */
  sentToServer: string[];
}

/** Runs the fixture with `args`, a bridge over its stdio and an HTTP server on a loopback port. */
async function startBridge(args: string[] = [], options: Partial<StdioBridgeOptions> = {}): Promise<Harness> {
  const child = spawn(process.execPath, [bundle, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stderr.resume();
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  });
  // The bridge writes through a tee that records what reaches the server; a failure of the real
  // stdin still reaches the bridge.
  const stdin = new PassThrough();
  stdin.pipe(child.stdin);
  child.stdin.on('error', (error) => stdin.destroy(error));
  const sentToServer: string[] = [];
  createInterface({ input: stdin }).on('line', (line) => sentToServer.push((JSON.parse(line) as { method?: string }).method ?? 'response'));
  const logs: Harness['logs'] = [];
  const bridge = createStdioBridge({ stdin, stdout: child.stdout, log: (level, message) => logs.push({ level, message }), ...options });
  const server: Server = createServer((req, res) => {
    if (!bridge.handle(req, res)) {
      res.statusCode = 404;
      res.end();
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  cleanups.push(() => server.closeAllConnections());
  cleanups.push(() => bridge.close());
  const { port } = server.address() as AddressInfo;
  return { base: new URL(`http://127.0.0.1:${port}`), bridge, child, logs, sentToServer };
}

interface Connected {
  client: Client;
  transport: Transport;
  /** Resolves once the client's own stream for unsolicited messages is open. */
  listening: Promise<void>;
  /** Every message the client's transport received. */
  received: JSONRPCMessage[];
}

async function connectStreamable(base: URL): Promise<Connected> {
  let opened!: () => void;
  const listening = new Promise<void>((resolve) => (opened = resolve));
  const transport = new StreamableHTTPClientTransport(new URL('/mcp', base), {
    fetch: async (url, init) => {
      const response = await fetch(url, init);
      if (init?.method === 'GET' && response.ok) opened();
      return response;
    },
  });
  return connect(transport, listening);
}

async function connectSse(base: URL): Promise<Connected> {
  return connect(new SSEClientTransport(new URL('/sse', base)), Promise.resolve());
}

async function connect(transport: Transport, listening: Promise<void>): Promise<Connected> {
  const client = new Client({ name: 'bridge-test', version: '1.0.0' });
  await client.connect(transport);
  cleanups.push(() => client.close());
  const received: JSONRPCMessage[] = [];
  const deliver = transport.onmessage;
  transport.onmessage = (message, extra) => {
    received.push(message);
    deliver?.(message, extra);
  };
  return { client, transport, listening, received };
}

function text(result: Awaited<ReturnType<Client['callTool']>>): string {
  const first = (result.content as { type: string; text?: string }[])[0];
  return first?.text ?? '';
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** POSTs JSON to the bridge as a raw client would. */
function post(base: URL, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(new URL(path, base), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** The JSON-RPC messages in an event-stream body. */
function sseMessages(body: string): Record<string, unknown>[] {
  return body
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => JSON.parse(line.slice(6)) as Record<string, unknown>);
}

const INITIALIZE = {
  jsonrpc: '2.0',
  id: 0,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
};

/** Opens a streamable session by hand; resolves to its id. */
async function rawSession(base: URL): Promise<string> {
  const response = await post(base, '/mcp', INITIALIZE);
  expect(response.status).toBe(200);
  await response.text();
  const id = response.headers.get('mcp-session-id');
  if (!id) throw new Error('no session id');
  return id;
}

describe('stdio bridge with the SDK clients', () => {
  it('serves tools/list and tool calls to a streamable HTTP client and an SSE client', async () => {
    const { base, bridge } = await startBridge();
    const clients = [await connectStreamable(base), await connectSse(base)];
    for (const [index, { client }] of clients.entries()) {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name).sort()).toEqual(['add', 'echo', 'notify', 'slow']);
      expect(text(await client.callTool({ name: 'echo', arguments: { text: `hello ${index}` } }))).toBe(`hello ${index}`);
      expect(text(await client.callTool({ name: 'add', arguments: { a: index, b: 40 } }))).toBe(String(index + 40));
    }
    expect(bridge.initialized).toBe(true);
    expect(bridge.sessionCount).toBe(2);
  });

  it('gives ten concurrent clients of both transports their own answers', async () => {
    const { base } = await startBridge();
    // Connecting all at once makes nine initializes wait for the first one at the server.
    const clients = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? connectStreamable(base) : connectSse(base))));
    const answers = await Promise.all(
      clients.flatMap(({ client }, i) =>
        [0, 1, 2].map(async (round) => ({
          i,
          round,
          sum: text(await client.callTool({ name: 'add', arguments: { a: i * 100, b: round } })),
          echo: text(await client.callTool({ name: 'echo', arguments: { text: `client ${i} round ${round}` } })),
        })),
      ),
    );
    expect(answers).toHaveLength(30);
    for (const { i, round, sum, echo } of answers) {
      expect(sum).toBe(String(i * 100 + round));
      expect(echo).toBe(`client ${i} round ${round}`);
    }
  });

  it('sends progress only to the client that asked and log messages to every client', async () => {
    const { base } = await startBridge();
    const a = await connectStreamable(base);
    const b = await connectSse(base);
    await a.listening;
    const logTags = { a: [] as string[], b: [] as string[] };
    for (const [name, { client }] of [['a', a], ['b', b]] as const) {
      client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
        logTags[name].push((n.params.data as { tag: string }).tag);
      });
    }
    const progress = { a: [] as number[], b: [] as number[] };
    // Both calls are each client's first after initialize: same request id, same progress token.
    const [resultA, resultB] = await Promise.all([
      a.client.callTool({ name: 'notify', arguments: { count: 5, tag: 'a' } }, undefined, { onprogress: (p) => progress.a.push(p.progress) }),
      b.client.callTool({ name: 'notify', arguments: { count: 3, tag: 'b' } }, undefined, { onprogress: (p) => progress.b.push(p.progress) }),
    ]);
    expect(text(resultA)).toBe('sent 5 notifications');
    expect(text(resultB)).toBe('sent 3 notifications');

    // What each client's transport got: only its own progress, with the token it chose.
    const progressOf = (c: Connected) =>
      c.received.flatMap((m) => ('method' in m && m.method === 'notifications/progress' ? [m.params as { progressToken: number; progress: number }] : []));
    const callIdOf = (c: Connected) => c.received.find((m) => 'result' in m)?.id;
    expect(progressOf(a).map((p) => p.progress)).toEqual([1, 2, 3, 4, 5]);
    expect(progressOf(b).map((p) => p.progress)).toEqual([1, 2, 3]);
    expect(new Set(progressOf(a).map((p) => p.progressToken))).toEqual(new Set([callIdOf(a)]));
    expect(new Set(progressOf(b).map((p) => p.progressToken))).toEqual(new Set([callIdOf(b)]));
    // The streamable client hands them all to onprogress. The SSE client's SDK may drop the ones
    // that arrive in the same TCP chunk as the result (its EventSource dispatches a chunk
    // synchronously and the SDK handles notifications a microtask later, after the response has
    // removed the handler), so for it only "nothing foreign" is certain.
    expect(progress.a).toEqual([1, 2, 3, 4, 5]);
    expect(progress.b.every((value, index) => value === index + 1)).toBe(true);

    await waitFor(() => logTags.a.length >= 8 && logTags.b.length >= 8, 'both clients to get all 8 log messages');
    for (const tags of [logTags.a, logTags.b]) {
      expect(tags.filter((t) => t === 'a')).toHaveLength(5);
      expect(tags.filter((t) => t === 'b')).toHaveLength(3);
    }
  });

  it('still serves clients when the server writes lines that are not JSON-RPC, and warns about them', async () => {
    const { base, logs } = await startBridge(['--noise']);
    const a = await connectStreamable(base);
    const b = await connectSse(base);
    expect(text(await a.client.callTool({ name: 'echo', arguments: { text: 'through the noise' } }))).toBe('through the noise');
    expect(text(await b.client.callTool({ name: 'add', arguments: { a: 20, b: 22 } }))).toBe('42');
    expect(logs.some(({ level, message }) => level === 'warn' && message.includes('fixture noise'))).toBe(true);
  });

  it('carries a 2 MB tool result in both directions', async () => {
    const { base } = await startBridge();
    const a = await connectStreamable(base);
    const b = await connectSse(base);
    const big = 'x'.repeat(2 * 1024 * 1024);
    expect(text(await a.client.callTool({ name: 'echo', arguments: { text: big } }))).toBe(big);
    expect(text(await b.client.callTool({ name: 'echo', arguments: { text: `${big}!` } }))).toBe(`${big}!`);
  });

  it('answers its own ping without any client seeing the reply', async () => {
    const { base, bridge } = await startBridge();
    const a = await connectStreamable(base);
    const b = await connectSse(base);
    await a.listening;
    await Promise.all([bridge.ping(5_000), bridge.ping(5_000), bridge.ping(5_000)]);
    // A call after the pings: its reply comes after anything the pings could have sent.
    expect(text(await a.client.callTool({ name: 'echo', arguments: { text: 'after pings' } }))).toBe('after pings');
    expect(text(await b.client.callTool({ name: 'echo', arguments: { text: 'after pings' } }))).toBe('after pings');
    expect(a.received).toHaveLength(1);
    expect(b.received).toHaveLength(1);
  });

  it('stops answering pings in time when the server hangs', async () => {
    const { base, bridge } = await startBridge(['--stop-pings-after=0']);
    const a = await connectStreamable(base);
    await expect(bridge.ping(300)).rejects.toThrow(/did not answer ping/);
    expect(text(await a.client.callTool({ name: 'add', arguments: { a: 1, b: 1 } }))).toBe('2');
  });

  it('gives the caller an error and fires onServerClosed when the server exits mid-call', async () => {
    const { base, bridge, child, sentToServer } = await startBridge();
    const a = await connectStreamable(base);
    const b = await connectSse(base);
    const reasons: string[] = [];
    bridge.onServerClosed((reason) => reasons.push(reason));
    const callA = a.client.callTool({ name: 'slow', arguments: { ms: 60_000 } });
    const callB = b.client.callTool({ name: 'slow', arguments: { ms: 60_000 } });
    await waitFor(() => sentToServer.filter((method) => method === 'tools/call').length === 2, 'both calls to reach the server');
    child.kill('SIGKILL');
    await expect(callA).rejects.toThrow(/MCP server exited/);
    await expect(callB).rejects.toThrow(/MCP server exited/);
    expect(reasons).toEqual(['MCP server exited']);
    await expect(a.client.callTool({ name: 'echo', arguments: { text: 'anyone?' } })).rejects.toThrow(/MCP server exited/);
  });

  it('ends a session on DELETE: a later request with its id gets 404', async () => {
    const { base, bridge } = await startBridge();
    const a = await connectStreamable(base);
    await a.listening;
    const transport = a.transport as StreamableHTTPClientTransport;
    const sessionId = transport.sessionId ?? '';
    expect(bridge.sessionCount).toBe(1);
    await transport.terminateSession();
    expect(bridge.sessionCount).toBe(0);
    const response = await post(base, '/mcp', { jsonrpc: '2.0', id: 1, method: 'tools/list' }, { 'mcp-session-id': sessionId });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: -32001 } });
  });

  it('ends an SSE session when its stream closes', async () => {
    const { base, bridge } = await startBridge();
    const b = await connectSse(base);
    expect(bridge.sessionCount).toBe(1);
    await b.client.close();
    await waitFor(() => bridge.sessionCount === 0, 'the SSE session to end');
  });
});

describe('stdio bridge HTTP edges', () => {
  it('answers invalid JSON with 400 and a parse error', async () => {
    const { base } = await startBridge();
    const response = await post(base, '/mcp', '{"jsonrpc":');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700 } });
  });

  it('refuses a request without a session with 400, and one with an unknown session with 404', async () => {
    const { base } = await startBridge();
    const request = { jsonrpc: '2.0', id: 1, method: 'tools/list' };
    expect((await post(base, '/mcp', request)).status).toBe(400);
    const unknown = await post(base, '/mcp', request, { 'mcp-session-id': 'no-such-session' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: -32001 } });
    expect((await post(base, '/messages?sessionId=nope', request)).status).toBe(404);
  });

  it('accepts a POST of notifications only with 202', async () => {
    const { base } = await startBridge();
    const session = await rawSession(base);
    const response = await post(base, '/mcp', { jsonrpc: '2.0', method: 'notifications/initialized' }, { 'mcp-session-id': session });
    expect(response.status).toBe(202);
  });

  it('answers a batch on one event stream and ends it after the last response', async () => {
    const { base } = await startBridge();
    const session = await rawSession(base);
    const response = await post(
      base,
      '/mcp',
      [
        { jsonrpc: '2.0', id: 'x', method: 'tools/call', params: { name: 'add', arguments: { a: 1, b: 2 } } },
        { jsonrpc: '2.0', id: 'y', method: 'tools/call', params: { name: 'echo', arguments: { text: 'batch' } } },
      ],
      { 'mcp-session-id': session },
    );
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const messages = sseMessages(await response.text());
    expect(messages.map((m) => [m.id, (m.result as { content: { text: string }[] }).content[0]?.text]).sort()).toEqual([
      ['x', '3'],
      ['y', 'batch'],
    ]);
  });

  it('answers with plain JSON when the client does not accept an event stream', async () => {
    const { base } = await startBridge();
    const session = await rawSession(base);
    const headers = { 'mcp-session-id': session, accept: 'application/json' };
    const single = await post(base, '/mcp', { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'add', arguments: { a: 3, b: 4 } } }, headers);
    expect(single.headers.get('content-type')).toBe('application/json');
    expect(await single.json()).toMatchObject({ id: 7, result: { content: [{ text: '7' }] } });
    const batch = await post(base, '/mcp', [{ jsonrpc: '2.0', id: 8, method: 'ping' }], headers);
    expect(await batch.json()).toEqual([{ jsonrpc: '2.0', id: 8, result: {} }]);
  });

  it('allows one GET stream per session and refuses a second with 409', async () => {
    const { base } = await startBridge();
    const session = await rawSession(base);
    const get = () => fetch(new URL('/mcp', base), { headers: { accept: 'text/event-stream', 'mcp-session-id': session } });
    const first = await get();
    expect(first.status).toBe(200);
    expect((await get()).status).toBe(409);
    await first.body?.cancel();
  });

  it('names the message endpoint in the first SSE event and sends keepalive comments', async () => {
    const { base, bridge } = await startBridge([], { keepAliveIntervalMs: 50 });
    const controller = new AbortController();
    const response = await fetch(new URL('/sse', base), { headers: { accept: 'text/event-stream' }, signal: controller.signal });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let body = '';
    while (!body.includes(': keepalive')) body += (await reader.read()).value ?? '';
    expect(body).toMatch(/^event: endpoint\ndata: \/messages\?sessionId=[0-9a-f-]{36}\n\n/);
    expect(bridge.sessionCount).toBe(1);
    controller.abort();
    await waitFor(() => bridge.sessionCount === 0, 'the SSE session to end');
  });

  it('survives a client that disconnects mid-call and drops its reply', async () => {
    const { base, logs } = await startBridge();
    const session = await rawSession(base);
    const controller = new AbortController();
    const call = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'slow', arguments: { ms: 300 } } };
    const response = await fetch(new URL('/mcp', base), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-session-id': session },
      body: JSON.stringify(call),
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    controller.abort();
    await waitFor(() => logs.some((l) => l.level === 'debug' && l.message.includes('dropped the response to tools/call')), 'the dropped reply to be logged', 3_000);
    const after = await post(base, '/mcp', { ...call, id: 2, params: { name: 'echo', arguments: { text: 'still up' } } }, { 'mcp-session-id': session });
    expect(sseMessages(await after.text())[0]).toMatchObject({ id: 2, result: { content: [{ text: 'still up' }] } });
  });

  it('ends a streamable session that stays idle with no stream open', async () => {
    const { base, bridge } = await startBridge([], { sessionIdleTimeoutMs: 100 });
    const session = await rawSession(base);
    expect(bridge.sessionCount).toBe(1);
    await waitFor(() => bridge.sessionCount === 0, 'the idle session to end');
    const response = await post(base, '/mcp', { jsonrpc: '2.0', id: 1, method: 'ping' }, { 'mcp-session-id': session });
    expect(response.status).toBe(404);
  });

  it('leaves other paths to the caller', async () => {
    const { base } = await startBridge();
    expect((await fetch(new URL('/other', base))).status).toBe(404);
    expect((await fetch(new URL('/mcp', base), { method: 'PUT' })).status).toBe(405);
  });
});
