import { shorten } from '../../../../shared/text';
import type { BridgeLog, ClientSession, MessageSink, ReplySink } from './contracts';
import { BridgeRequestTimeoutError, ServerClosedError } from './errors';
import { IdMapper, type ClientRequest } from './id-mapper';
import { InitializeGate } from './initialize-gate';
import {
  ErrorCode,
  errorResponse,
  isNotification,
  isRequest,
  isErrorResponse,
  progressTokenOf,
  withProgressToken,
  type JsonRpcId,
  type JsonRpcMessage,
  type JsonRpcNotification,
  type JsonRpcRequest,
  type JsonRpcResponse,
} from './json-rpc';

export interface MessageRouterOptions {
  /** Writes one message to the server, in order. Never called after stop(). */
  toServer: (message: JsonRpcMessage) => void;
  log: BridgeLog;
}

/**
 * Routes messages between one MCP server and many client sessions; no I/O of its own. The
 * transports hand it what clients send (with the sink their replies go to) and what the server
 * sends; it rewrites ids and progress tokens and decides who gets what:
 *
 * - client requests get a bridge id at the server and their own id back on the reply; progress
 *   tokens are rewritten the same way, so progress reaches only the session that asked;
 * - the first initialize goes to the server, later ones are answered from its kept result, and the
 *   server gets `notifications/initialized` once, from the bridge (the clients' are swallowed);
 * - notifications tied to no request (log messages, list_changed, resources/updated, ...) go to
 *   every session, because over stdio the bridge cannot tell whom they concern;
 * - a server request (sampling, roots, elicitation) goes to one session: the one with the most
 *   recent request in flight, else the newest session; the server's own `ping` is answered here.
 */
export class MessageRouter {
  private readonly ids = new IdMapper();
  private readonly gate = new InitializeGate();
  private readonly sessions = new Map<string, ClientSession>();
  private readonly initializedListeners: (() => void)[] = [];
  private stoppedReason: string | undefined;

  constructor(private readonly options: MessageRouterOptions) {}

  /** Whether the server answered an initialize with a result. */
  get initialized(): boolean {
    return this.gate.state === 'done';
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  /** Requests in flight at the server (for tests: the maps must drain). */
  get pendingCount(): number {
    return this.ids.pendingCount;
  }

  /** Server requests waiting for a client (for tests: the maps must drain). */
  get serverRequestCount(): number {
    return this.ids.serverRequestCount;
  }

  /** Calls `listener` once the server is initialized (at once if it already is). */
  onInitialized(listener: () => void): void {
    if (this.initialized) listener();
    else this.initializedListeners.push(listener);
  }

  /** Adds a session: from now on it receives broadcasts. */
  openSession(session: ClientSession): void {
    this.sessions.set(session.id, session);
  }

  /**
   * Removes a session. Its requests in flight are cancelled at the server (notifications/cancelled)
   * and settled without reply, except an initialize, which must not be cancelled and whose result
   * the other clients still need. Server requests waiting on it are answered with an error, so the
   * server does not wait for a client that is gone. Unknown ids are ignored.
   */
  endSession(sessionId: string): void {
    if (!this.sessions.delete(sessionId)) return;
    for (const entry of this.ids.sessionRequests(sessionId)) {
      if (entry.method === 'initialize') continue;
      this.ids.takeRequest(entry.serverId);
      entry.replies.settle();
      this.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: entry.serverId, reason: 'the client session ended' } });
    }
    for (const request of this.ids.takeServerRequests(sessionId)) {
      this.send(errorResponse(request.serverId, ErrorCode.InternalError, `the client session ended before answering ${request.method}`));
    }
    this.gate.dropSession(sessionId);
  }

  /**
   * Takes a message from a session. Every request is eventually settled on `replies`, with a
   * response unless it was cancelled: immediately when the bridge answers it (a kept initialize,
   * an error because the server is gone or the id is already in flight), else when the server does.
   */
  fromClient(sessionId: string, message: JsonRpcMessage, replies: ReplySink): void {
    if (isRequest(message)) {
      if (this.stoppedReason !== undefined) return this.answer(replies, errorResponse(message.id, ErrorCode.InternalError, this.stoppedReason));
      if (!this.sessions.has(sessionId)) return this.answer(replies, errorResponse(message.id, ErrorCode.InvalidRequest, 'the session has ended'));
      if (message.method === 'initialize') return this.clientInitialize(sessionId, message, replies);
      return this.forward(sessionId, message, replies);
    }
    if (isNotification(message)) return this.clientNotification(sessionId, message);
    this.clientResponse(sessionId, message);
  }

  /** Takes a message from the server. Anything that belongs to no one is dropped and logged at debug. */
  fromServer(message: JsonRpcMessage): void {
    if (isRequest(message)) return this.serverRequest(message);
    if (isNotification(message)) return this.serverNotification(message);
    this.serverResponse(message);
  }

  /**
   * Sends a request of the bridge's own (a ping) and resolves to the server's response, error
   * responses included: any answer shows that the server reads and writes. Rejects with
   * BridgeRequestTimeoutError after `timeoutMs` (a late answer is then dropped), and with
   * ServerClosedError when the router is stopped before or while waiting.
   */
  request(method: string, timeoutMs: number): Promise<JsonRpcResponse> {
    const stopped = this.stoppedReason;
    if (stopped !== undefined) return Promise.reject(new ServerClosedError(stopped));
    return new Promise((resolve, reject) => {
      const entry = this.ids.addBridgeRequest(method, (outcome) => {
        clearTimeout(timer);
        if (outcome instanceof Error) reject(outcome);
        else resolve(outcome);
      });
      const timer = setTimeout(() => {
        if (this.ids.takeRequest(entry.serverId)) reject(new BridgeRequestTimeoutError(method, timeoutMs));
      }, timeoutMs);
      timer.unref?.();
      this.send({ jsonrpc: '2.0', id: entry.serverId, method });
    });
  }

  /**
   * The server is gone (or the bridge closes): every request in flight is answered with an error
   * carrying `reason`, held initializes too, the bridge's own requests reject with
   * ServerClosedError, and from now on requests are answered with that error at once and nothing
   * more is sent to the server. Idempotent: the first reason stays.
   */
  stop(reason: string): void {
    if (this.stoppedReason !== undefined) return;
    this.stoppedReason = reason;
    for (const entry of this.ids.takeAllRequests()) {
      if (entry.kind === 'bridge') entry.settle(new ServerClosedError(reason));
      else this.reply(entry, errorResponse(entry.clientId, ErrorCode.InternalError, reason));
    }
    for (const waiter of this.gate.takeWaiters()) {
      this.answer(waiter.replies, errorResponse(waiter.request.id, ErrorCode.InternalError, reason));
    }
    this.ids.takeServerRequests();
  }

  private clientInitialize(sessionId: string, request: JsonRpcRequest, replies: ReplySink): void {
    switch (this.gate.state) {
      case 'done':
        return this.answer(replies, { jsonrpc: '2.0', id: request.id, result: this.gate.result ?? {} });
      case 'in-flight':
        return this.gate.wait({ sessionId, request, replies });
      case 'idle':
        this.gate.begin();
        return this.forward(sessionId, request, replies);
    }
  }

  private forward(sessionId: string, request: JsonRpcRequest, replies: ReplySink): void {
    const token = progressTokenOf(request.params);
    const entry = this.ids.addClientRequest(sessionId, request.id, request.method, replies, token);
    if (!entry) {
      const message = `request id ${JSON.stringify(request.id)} is already in flight in this session`;
      return this.answer(replies, errorResponse(request.id, ErrorCode.InvalidRequest, message));
    }
    const outgoing: JsonRpcRequest = { ...request, id: entry.serverId };
    if (token !== undefined && request.params) outgoing.params = withProgressToken(request.params, entry.serverId);
    this.send(outgoing);
  }

  private clientNotification(sessionId: string, notification: JsonRpcNotification): void {
    if (notification.method === 'notifications/initialized') return; // the bridge sent its own
    if (notification.method === 'notifications/cancelled') {
      const requestId = notification.params?.requestId;
      const entry = isId(requestId) ? this.ids.findClientRequest(sessionId, requestId) : undefined;
      // An initialize must not be cancelled (the protocol says so, and other clients wait on it).
      if (!entry || entry.method === 'initialize') return;
      // The server sends no response to a cancelled request: settle it now so its stream can end.
      this.ids.takeRequest(entry.serverId);
      entry.replies.settle();
      this.send({ ...notification, params: { ...notification.params, requestId: entry.serverId } });
      return;
    }
    this.send(notification);
  }

  private clientResponse(sessionId: string, response: JsonRpcResponse): void {
    const request = response.id === null ? undefined : this.ids.getServerRequest(response.id);
    if (!request || request.sessionId !== sessionId) {
      this.options.log('debug', `dropped a response with id ${JSON.stringify(response.id)} from session ${sessionId}: no server request of that session has this id`);
      return;
    }
    this.ids.takeServerRequest(request.clientId);
    this.send({ ...response, id: request.serverId });
  }

  private serverResponse(response: JsonRpcResponse): void {
    if (response.id === null) {
      this.options.log('warn', `the MCP server reported an error for no request: ${shorten(JSON.stringify(response), 200)}`);
      return;
    }
    const entry = typeof response.id === 'number' ? this.ids.takeRequest(response.id) : undefined;
    if (!entry) {
      this.options.log('debug', `dropped a response of the MCP server for request ${JSON.stringify(response.id)}: not in flight (cancelled, timed out or its session ended)`);
      return;
    }
    if (entry.kind === 'bridge') return entry.settle(response);
    if (entry.method === 'initialize') return this.initializeAnswered(entry, response);
    this.reply(entry, { ...response, id: entry.clientId });
  }

  private initializeAnswered(entry: ClientRequest, response: JsonRpcResponse): void {
    if (isErrorResponse(response)) {
      this.reply(entry, { ...response, id: entry.clientId });
      const next = this.gate.fail();
      if (next) {
        this.gate.begin();
        this.forward(next.sessionId, next.request, next.replies);
      }
      return;
    }
    const waiters = this.gate.succeed(response.result);
    this.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    this.reply(entry, { ...response, id: entry.clientId });
    for (const waiter of waiters) this.answer(waiter.replies, { jsonrpc: '2.0', id: waiter.request.id, result: response.result });
    this.options.log('debug', 'the MCP server is initialized');
    for (const listener of this.initializedListeners.splice(0)) {
      try {
        listener();
      } catch (error) {
        this.options.log('error', `an initialized listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  private serverNotification(notification: JsonRpcNotification): void {
    if (notification.method === 'notifications/progress') {
      const token = notification.params?.progressToken;
      const entry = typeof token === 'number' ? this.ids.getRequest(token) : undefined;
      if (entry?.kind !== 'client' || entry.progressToken === undefined) {
        this.options.log('debug', `dropped progress of the MCP server for token ${JSON.stringify(token)}: no request in flight has it`);
        return;
      }
      const delivered = entry.replies.deliver({ ...notification, params: { ...notification.params, progressToken: entry.progressToken } });
      if (!delivered) this.dropped('progress', entry);
      return;
    }
    if (notification.method === 'notifications/cancelled') {
      const requestId = notification.params?.requestId;
      const request = isId(requestId) ? this.ids.findServerRequestByServerId(requestId) : undefined;
      if (!request) return;
      this.ids.takeServerRequest(request.clientId);
      this.sessions.get(request.sessionId)?.deliver({ ...notification, params: { ...notification.params, requestId: request.clientId } });
      return;
    }
    for (const session of this.sessions.values()) {
      if (!session.deliver(notification)) {
        this.options.log('debug', `dropped ${notification.method} for session ${session.id}: it has no open stream`);
      }
    }
  }

  private serverRequest(request: JsonRpcRequest): void {
    if (request.method === 'ping') {
      // The server checks on its client, and the bridge is that client: no need to bother one.
      this.send({ jsonrpc: '2.0', id: request.id, result: {} });
      return;
    }
    const clientId = this.ids.nextId();
    const outgoing: JsonRpcRequest = { ...request, id: clientId };
    for (const [sessionId, sink] of this.serverRequestTargets()) {
      if (sink.deliver(outgoing)) {
        this.ids.addServerRequest({ clientId, serverId: request.id, method: request.method, sessionId });
        return;
      }
    }
    this.options.log('debug', `answered ${request.method} of the MCP server with an error: no client session can take it`);
    this.send(errorResponse(request.id, ErrorCode.InternalError, `no client is connected to answer ${request.method}`));
  }

  /** Where a server request may go, best first: the stream of the most recent request, its session, the newest session. */
  private *serverRequestTargets(): Generator<[string, MessageSink]> {
    const recent = this.ids.mostRecentClientRequest((id) => this.sessions.has(id));
    if (recent) {
      yield [recent.sessionId, recent.replies];
      const session = this.sessions.get(recent.sessionId);
      if (session) yield [session.id, session];
    }
    const newest = [...this.sessions.values()].at(-1);
    if (newest && newest.id !== recent?.sessionId) yield [newest.id, newest];
  }

  private reply(entry: ClientRequest, response: JsonRpcResponse): void {
    if (!entry.replies.deliver(response)) this.dropped('the response', entry);
    entry.replies.settle();
  }

  private answer(replies: ReplySink, response: JsonRpcResponse): void {
    replies.deliver(response);
    replies.settle();
  }

  private dropped(what: string, entry: ClientRequest): void {
    this.options.log('debug', `dropped ${what} to ${entry.method} (id ${JSON.stringify(entry.clientId)}) of session ${entry.sessionId}: its stream is closed`);
  }

  private send(message: JsonRpcMessage): void {
    if (this.stoppedReason === undefined) this.options.toServer(message);
  }
}

function isId(value: unknown): value is JsonRpcId {
  return typeof value === 'string' || typeof value === 'number';
}
