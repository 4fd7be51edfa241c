import { describe, expect, it } from 'vitest';
import type { ClientSession, ReplySink } from '../../../../electron/core/proxy/stdio-bridge/contracts';
import { BridgeRequestTimeoutError, ServerClosedError } from '../../../../electron/core/proxy/stdio-bridge/errors';
import type { JsonRpcMessage, JsonRpcRequest } from '../../../../electron/core/proxy/stdio-bridge/json-rpc';
import { MessageRouter } from '../../../../electron/core/proxy/stdio-bridge/router';

/** A client session whose stream records what it gets; it is also the reply sink of its requests (like SSE). */
class FakeSession implements ClientSession, ReplySink {
  readonly messages: JsonRpcMessage[] = [];
  settled = 0;
  open = true;
  constructor(readonly id: string) {}
  deliver(message: JsonRpcMessage): boolean {
    if (!this.open) return false;
    this.messages.push(message);
    return true;
  }
  settle(): void {
    this.settled++;
  }
  /** Messages of one method, or responses (method undefined). */
  of(method?: string): JsonRpcMessage[] {
    return this.messages.filter((m) => ('method' in m ? m.method === method : method === undefined));
  }
}

const INIT_RESULT = { protocolVersion: '2025-06-18', capabilities: { tools: {} }, serverInfo: { name: 's', version: '1' } };

function setup() {
  const toServer: JsonRpcMessage[] = [];
  const logs: [string, string][] = [];
  const router = new MessageRouter({ toServer: (m) => toServer.push(m), log: (level, message) => logs.push([level, message]) });
  const open = (id: string): FakeSession => {
    const session = new FakeSession(id);
    router.openSession(session);
    return session;
  };
  const send = (session: FakeSession, message: Omit<JsonRpcRequest, 'jsonrpc'> | { method: string; params?: Record<string, unknown> }) =>
    router.fromClient(session.id, { jsonrpc: '2.0', ...message } as JsonRpcMessage, session);
  /** The last request the server got. */
  const lastAtServer = (): JsonRpcRequest => toServer.at(-1) as JsonRpcRequest;
  const serverReplies = (id: number | string, result: Record<string, unknown> = {}) => router.fromServer({ jsonrpc: '2.0', id, result });
  /** Opens a session and completes the shared initialize through it. */
  const initialized = (id: string): FakeSession => {
    const session = open(id);
    send(session, { id: 0, method: 'initialize', params: {} });
    serverReplies(lastAtServer().id, INIT_RESULT);
    return session;
  };
  return { router, toServer, logs, open, send, lastAtServer, serverReplies, initialized };
}

describe('MessageRouter ids', () => {
  it('gives concurrent requests with the same client id distinct server ids and returns each reply to its own session', () => {
    const { open, send, toServer, serverReplies, router } = setup();
    const a = open('a');
    const b = open('b');
    send(a, { id: 1, method: 'tools/call', params: { name: 'add' } });
    send(b, { id: 1, method: 'tools/call', params: { name: 'echo' } });
    const [toA, toB] = toServer as JsonRpcRequest[];
    expect(toA?.id).not.toBe(toB?.id);
    expect(typeof toA?.id).toBe('number');

    serverReplies(toB!.id, { from: 'b' });
    serverReplies(toA!.id, { from: 'a' });
    expect(a.messages).toEqual([{ jsonrpc: '2.0', id: 1, result: { from: 'a' } }]);
    expect(b.messages).toEqual([{ jsonrpc: '2.0', id: 1, result: { from: 'b' } }]);
    expect([a.settled, b.settled]).toEqual([1, 1]);
    expect(router.pendingCount).toBe(0);
  });

  it('keeps string ids and other fields of the request as they were', () => {
    const { open, send, lastAtServer, serverReplies } = setup();
    const a = open('a');
    send(a, { id: 'req-x', method: 'resources/read', params: { uri: 'file:///x' } });
    expect(lastAtServer()).toMatchObject({ method: 'resources/read', params: { uri: 'file:///x' } });
    serverReplies(lastAtServer().id);
    expect(a.messages[0]).toMatchObject({ id: 'req-x' });
  });

  it('answers a second request with an id already in flight in the same session with an error', () => {
    const { open, send, toServer } = setup();
    const a = open('a');
    send(a, { id: 5, method: 'tools/list' });
    send(a, { id: 5, method: 'tools/list' });
    expect(toServer).toHaveLength(1);
    expect(a.messages).toEqual([{ jsonrpc: '2.0', id: 5, error: expect.objectContaining({ code: -32600 }) }]);
  });

  it('drops a server response for an id nobody waits for', () => {
    const { router, open, logs } = setup();
    const a = open('a');
    router.fromServer({ jsonrpc: '2.0', id: 999, result: {} });
    router.fromServer({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
    expect(a.messages).toEqual([]);
    expect(logs.map(([level]) => level)).toEqual(['debug', 'warn']);
  });
});

describe('MessageRouter initialize', () => {
  it('sends the first initialize to the server and notifications/initialized once, after the reply', () => {
    const { open, send, toServer, lastAtServer, serverReplies, router } = setup();
    const a = open('a');
    const initializedEvents: string[] = [];
    router.onInitialized(() => initializedEvents.push('init'));
    send(a, { id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18' } });
    expect(toServer.map((m) => 'method' in m && m.method)).toEqual(['initialize']);
    expect(router.initialized).toBe(false);

    serverReplies(lastAtServer().id, INIT_RESULT);
    send(a, { method: 'notifications/initialized' });
    expect(toServer.map((m) => 'method' in m && m.method)).toEqual(['initialize', 'notifications/initialized']);
    expect(a.messages).toEqual([{ jsonrpc: '2.0', id: 0, result: INIT_RESULT }]);
    expect(router.initialized).toBe(true);
    expect(initializedEvents).toEqual(['init']);
  });

  it('logs a failing initialized listener and still answers the client', () => {
    const { open, send, lastAtServer, serverReplies, router, logs } = setup();
    router.onInitialized(() => {
      throw new Error('listener bug');
    });
    const a = open('a');
    send(a, { id: 0, method: 'initialize', params: {} });
    expect(() => serverReplies(lastAtServer().id, INIT_RESULT)).not.toThrow();
    expect(a.messages).toEqual([{ jsonrpc: '2.0', id: 0, result: INIT_RESULT }]);
    expect(logs).toContainEqual(['error', 'an initialized listener failed: listener bug']);
  });

  it('answers a later initialize from the kept result with that client id and swallows its initialized', () => {
    const { initialized, open, send, toServer } = setup();
    initialized('a');
    const sentBefore = toServer.length;
    const b = open('b');
    send(b, { id: 'b0', method: 'initialize', params: {} });
    send(b, { method: 'notifications/initialized' });
    expect(b.messages).toEqual([{ jsonrpc: '2.0', id: 'b0', result: INIT_RESULT }]);
    expect(toServer).toHaveLength(sentBefore);
  });

  it('holds an initialize that arrives while the first is at the server, then answers both', () => {
    const { open, send, toServer, serverReplies } = setup();
    const a = open('a');
    const b = open('b');
    send(a, { id: 0, method: 'initialize', params: {} });
    send(b, { id: 0, method: 'initialize', params: {} });
    expect(toServer).toHaveLength(1);
    expect(b.messages).toEqual([]);
    serverReplies((toServer[0] as JsonRpcRequest).id, INIT_RESULT);
    expect(a.messages).toEqual([{ jsonrpc: '2.0', id: 0, result: INIT_RESULT }]);
    expect(b.messages).toEqual([{ jsonrpc: '2.0', id: 0, result: INIT_RESULT }]);
    expect(toServer.filter((m) => 'method' in m && m.method === 'notifications/initialized')).toHaveLength(1);
  });

  it('gives a failed initialize error to its client and tries the next held initialize at the server', () => {
    const { open, send, toServer, router } = setup();
    const a = open('a');
    const b = open('b');
    send(a, { id: 0, method: 'initialize', params: { try: 'a' } });
    send(b, { id: 7, method: 'initialize', params: { try: 'b' } });
    router.fromServer({ jsonrpc: '2.0', id: (toServer[0] as JsonRpcRequest).id, error: { code: -32602, message: 'bad version' } });
    expect(a.messages).toEqual([{ jsonrpc: '2.0', id: 0, error: { code: -32602, message: 'bad version' } }]);
    expect(router.initialized).toBe(false);
    expect(toServer).toHaveLength(2);
    expect(toServer[1]).toMatchObject({ method: 'initialize', params: { try: 'b' } });

    router.fromServer({ jsonrpc: '2.0', id: (toServer[1] as JsonRpcRequest).id, result: INIT_RESULT });
    expect(b.messages).toEqual([{ jsonrpc: '2.0', id: 7, result: INIT_RESULT }]);
    expect(router.initialized).toBe(true);
  });

  it('sends the next initialize to the server again after a failure with nobody waiting', () => {
    const { open, send, toServer, router } = setup();
    const a = open('a');
    send(a, { id: 0, method: 'initialize', params: {} });
    router.fromServer({ jsonrpc: '2.0', id: (toServer[0] as JsonRpcRequest).id, error: { code: -1, message: 'not yet' } });
    send(a, { id: 1, method: 'initialize', params: {} });
    expect(toServer.filter((m) => 'method' in m && m.method === 'initialize')).toHaveLength(2);
  });

  it('keeps an initialize in flight when its session ends, and still answers the sessions that wait', () => {
    const { open, send, toServer, serverReplies, router } = setup();
    const a = open('a');
    const b = open('b');
    send(a, { id: 0, method: 'initialize', params: {} });
    send(b, { id: 0, method: 'initialize', params: {} });
    router.endSession('a');
    expect(toServer.some((m) => 'method' in m && m.method === 'notifications/cancelled')).toBe(false);
    serverReplies((toServer[0] as JsonRpcRequest).id, INIT_RESULT);
    expect(b.messages).toEqual([{ jsonrpc: '2.0', id: 0, result: INIT_RESULT }]);
    expect(router.initialized).toBe(true);
  });
});

describe('MessageRouter progress and cancellation', () => {
  it('rewrites progress tokens and sends progress only to the session that asked, with its own token', () => {
    const { initialized, send, toServer, router } = setup();
    const a = initialized('a');
    const b = initialized('b');
    send(a, { id: 1, method: 'tools/call', params: { name: 'notify', _meta: { progressToken: 1 } } });
    send(b, { id: 1, method: 'tools/call', params: { name: 'notify', _meta: { progressToken: 1 } } });
    const [forA, forB] = toServer.slice(-2) as JsonRpcRequest[];
    const tokenA = (forA?.params?._meta as { progressToken: number }).progressToken;
    const tokenB = (forB?.params?._meta as { progressToken: number }).progressToken;
    expect(tokenA).not.toBe(tokenB);

    router.fromServer({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: tokenB, progress: 1, total: 2 } });
    router.fromServer({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: tokenB, progress: 2, total: 2 } });
    router.fromServer({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: tokenA, progress: 1, total: 1 } });
    expect(a.of('notifications/progress')).toEqual([
      { jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 1, progress: 1, total: 1 } },
    ]);
    expect(b.of('notifications/progress').map((m) => 'params' in m && m.params?.progress)).toEqual([1, 2]);
  });

  it('drops progress for a token that has no request in flight', () => {
    const { initialized, send, lastAtServer, serverReplies, router } = setup();
    const a = initialized('a');
    send(a, { id: 1, method: 'tools/call', params: { _meta: { progressToken: 'p' } } });
    const token = (lastAtServer().params?._meta as { progressToken: number }).progressToken;
    serverReplies(lastAtServer().id);
    router.fromServer({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: token, progress: 1 } });
    expect(a.of('notifications/progress')).toEqual([]);
  });

  it('maps a client cancellation to the server id, settles the request, and drops the late reply', () => {
    const { initialized, send, toServer, lastAtServer, serverReplies, router } = setup();
    const a = initialized('a');
    const b = initialized('b');
    send(b, { id: 3, method: 'tools/call', params: { name: 'slow' } });
    send(a, { id: 3, method: 'tools/call', params: { name: 'slow' } });
    const serverIdOfA = lastAtServer().id;
    send(a, { method: 'notifications/cancelled', params: { requestId: 3, reason: 'user' } });
    expect(toServer.at(-1)).toEqual({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: serverIdOfA, reason: 'user' } });
    expect(a.settled).toBe(2); // its initialize, and the cancelled call
    serverReplies(serverIdOfA, { late: true });
    expect(a.of()).toHaveLength(1); // the initialize result only
    expect(router.pendingCount).toBe(1); // b's call is untouched
  });

  it('does not forward the cancellation of an unknown request or of an initialize', () => {
    const { open, send, toServer } = setup();
    const a = open('a');
    send(a, { id: 0, method: 'initialize', params: {} });
    send(a, { method: 'notifications/cancelled', params: { requestId: 0 } });
    send(a, { method: 'notifications/cancelled', params: { requestId: 42 } });
    expect(toServer.map((m) => 'method' in m && m.method)).toEqual(['initialize']);
  });
});

describe('MessageRouter server messages', () => {
  it('broadcasts notifications that belong to no request to every session', () => {
    const { initialized, router } = setup();
    const a = initialized('a');
    const b = initialized('b');
    for (const method of ['notifications/message', 'notifications/tools/list_changed', 'notifications/resources/updated']) {
      router.fromServer({ jsonrpc: '2.0', method, params: {} });
    }
    expect(a.messages.filter((m) => 'method' in m)).toHaveLength(3);
    expect(b.messages.filter((m) => 'method' in m)).toHaveLength(3);
  });

  it('sends a server request to the session with the most recent request in flight and maps its reply back', () => {
    const { initialized, send, toServer, router } = setup();
    const a = initialized('a');
    const b = initialized('b');
    send(a, { id: 1, method: 'tools/call' });
    send(b, { id: 1, method: 'tools/call' });
    router.fromServer({ jsonrpc: '2.0', id: 'srv-1', method: 'sampling/createMessage', params: { messages: [] } });
    expect(a.of('sampling/createMessage')).toEqual([]);
    const [sampling] = b.of('sampling/createMessage') as JsonRpcRequest[];
    expect(sampling?.id).not.toBe('srv-1');

    // Another session cannot answer it.
    router.fromClient('a', { jsonrpc: '2.0', id: sampling!.id, result: { wrong: true } }, a);
    router.fromClient('b', { jsonrpc: '2.0', id: sampling!.id, result: { content: 'hi' } }, b);
    expect(toServer.at(-1)).toEqual({ jsonrpc: '2.0', id: 'srv-1', result: { content: 'hi' } });
    expect(toServer.filter((m) => 'result' in m)).toHaveLength(1);
    expect(router.serverRequestCount).toBe(0);
  });

  it('sends a server request to the newest session when no request is in flight', () => {
    const { initialized, router } = setup();
    const a = initialized('a');
    const b = initialized('b');
    router.fromServer({ jsonrpc: '2.0', id: 9, method: 'roots/list' });
    expect(b.of('roots/list')).toHaveLength(1);
    expect(a.of('roots/list')).toHaveLength(0);
  });

  it('falls back to another session when the preferred one cannot take the server request', () => {
    const { initialized, send, router } = setup();
    const a = initialized('a');
    const b = initialized('b');
    send(a, { id: 1, method: 'tools/call' });
    a.open = false;
    router.fromServer({ jsonrpc: '2.0', id: 9, method: 'elicitation/create' });
    expect(b.of('elicitation/create')).toHaveLength(1);
  });

  it('answers a server request with an error when no session can take it', () => {
    const { router, toServer } = setup();
    router.fromServer({ jsonrpc: '2.0', id: 4, method: 'sampling/createMessage' });
    expect(toServer).toEqual([{ jsonrpc: '2.0', id: 4, error: expect.objectContaining({ code: -32603 }) }]);
  });

  it('answers the server own ping itself', () => {
    const { initialized, router, toServer } = setup();
    const a = initialized('a');
    router.fromServer({ jsonrpc: '2.0', id: 'p', method: 'ping' });
    expect(toServer.at(-1)).toEqual({ jsonrpc: '2.0', id: 'p', result: {} });
    expect(a.of('ping')).toEqual([]);
  });

  it('forwards the server cancelling its request to the session that has it, with the client-side id', () => {
    const { initialized, router } = setup();
    const a = initialized('a');
    router.fromServer({ jsonrpc: '2.0', id: 'srv', method: 'sampling/createMessage' });
    const [sampling] = a.of('sampling/createMessage') as JsonRpcRequest[];
    router.fromServer({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'srv' } });
    expect(a.of('notifications/cancelled')).toEqual([{ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: sampling!.id } }]);
    expect(router.serverRequestCount).toBe(0);
  });
});

describe('MessageRouter own requests', () => {
  it('resolves its ping on the reply, which reaches no session', async () => {
    const { initialized, router, lastAtServer, serverReplies } = setup();
    const a = initialized('a');
    const before = a.messages.length;
    const pong = router.request('ping', 1_000);
    expect(lastAtServer()).toMatchObject({ method: 'ping' });
    serverReplies(lastAtServer().id);
    await expect(pong).resolves.toEqual({ jsonrpc: '2.0', id: lastAtServer().id, result: {} });
    expect(a.messages).toHaveLength(before);
  });

  it('rejects its ping after the timeout and drops the late reply', async () => {
    const { router, lastAtServer, serverReplies } = setup();
    const pong = router.request('ping', 20);
    const id = lastAtServer().id;
    await expect(pong).rejects.toBeInstanceOf(BridgeRequestTimeoutError);
    serverReplies(id);
    expect(router.pendingCount).toBe(0);
  });
});

describe('MessageRouter ends', () => {
  it('answers every request in flight with an error when the server is gone, and later requests at once', async () => {
    const { initialized, open, send, toServer, router } = setup();
    const a = initialized('a');
    const b = open('b');
    const c = open('c');
    send(a, { id: 1, method: 'tools/call' });
    send(b, { id: 0, method: 'initialize', params: {} }); // answered from the kept result
    const ping = router.request('ping', 10_000);
    router.stop('MCP server exited');
    await expect(ping).rejects.toBeInstanceOf(ServerClosedError);
    expect(a.messages.at(-1)).toEqual({ jsonrpc: '2.0', id: 1, error: { code: -32603, message: 'MCP server exited' } });

    const sent = toServer.length;
    send(c, { id: 0, method: 'tools/list' });
    expect(c.messages).toEqual([{ jsonrpc: '2.0', id: 0, error: { code: -32603, message: 'MCP server exited' } }]);
    send(c, { method: 'notifications/roots/list_changed' });
    expect(toServer).toHaveLength(sent);
    expect(router.pendingCount).toBe(0);
    await expect(router.request('ping', 10)).rejects.toBeInstanceOf(ServerClosedError);
  });

  it('answers held initializes with the error too', () => {
    const { open, send, router } = setup();
    const a = open('a');
    const b = open('b');
    send(a, { id: 0, method: 'initialize', params: {} });
    send(b, { id: 0, method: 'initialize', params: {} });
    router.stop('MCP server exited');
    expect(a.messages).toEqual([{ jsonrpc: '2.0', id: 0, error: { code: -32603, message: 'MCP server exited' } }]);
    expect(b.messages).toEqual([{ jsonrpc: '2.0', id: 0, error: { code: -32603, message: 'MCP server exited' } }]);
  });

  it('cancels the requests of an ended session at the server and fails its server requests there', () => {
    const { initialized, send, toServer, lastAtServer, router } = setup();
    const a = initialized('a');
    send(a, { id: 1, method: 'tools/call' });
    const callId = lastAtServer().id;
    router.fromServer({ jsonrpc: '2.0', id: 's1', method: 'sampling/createMessage' });
    router.endSession('a');
    expect(toServer.slice(-2)).toEqual([
      { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: callId, reason: 'the client session ended' } },
      { jsonrpc: '2.0', id: 's1', error: expect.objectContaining({ code: -32603 }) },
    ]);
    expect([router.pendingCount, router.serverRequestCount, router.sessionCount]).toEqual([0, 0, 0]);
    // A message that arrives for it afterwards gets an error, not a crash.
    router.fromClient('a', { jsonrpc: '2.0', id: 2, method: 'tools/list' }, a);
    expect(a.messages.at(-1)).toMatchObject({ id: 2, error: { code: -32600 } });
  });

  it('drains its maps when every request is answered', () => {
    const { initialized, send, lastAtServer, serverReplies, router } = setup();
    const sessions = ['a', 'b', 'c'].map(initialized);
    for (let round = 0; round < 50; round++) {
      for (const session of sessions) {
        send(session, { id: round, method: 'tools/call', params: { _meta: { progressToken: round } } });
        serverReplies(lastAtServer().id);
      }
    }
    expect(router.pendingCount).toBe(0);
    expect(sessions.map((s) => s.of().length)).toEqual([51, 51, 51]);
  });
});
