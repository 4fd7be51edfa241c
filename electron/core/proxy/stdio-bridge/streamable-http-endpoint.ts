import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { BridgeLog, ClientSession, ReplySink } from './contracts';
import { acceptsEventStream, headerValue, readMessages, sendJsonRpcError, sendMethodNotAllowed } from './http-io';
import { ErrorCode, isErrorResponse, isRequest, isResponse, type JsonRpcMessage, type JsonRpcResponse } from './json-rpc';
import type { MessageRouter } from './router';
import { SseStream, type SseKeepAlive } from './sse-stream';

/** 30 minutes: a session with no stream open and no request for this long is ended (see below). */
export const DEFAULT_SESSION_IDLE_TIMEOUT_MS = 30 * 60 * 1000;

export interface StreamableHttpEndpointOptions {
  router: MessageRouter;
  keepAlive: SseKeepAlive;
  log: BridgeLog;
  maxBodyBytes: number;
  sessionIdleTimeoutMs: number;
  newSessionId: () => string;
}

const SESSION_HEADER = 'mcp-session-id';
const NO_REPLIES: ReplySink = { deliver: () => false, settle: () => {} };

/**
 * The streamable HTTP transport (MCP 2025-06-18, and 2025-03-26 clients, whose wire format is the
 * same) at one path, for many sessions:
 *
 * - POST: one message or a batch. An initialize (alone) opens a session, named in `Mcp-Session-Id`;
 *   anything else needs that header (400 without it, 404 for a session that does not exist or has
 *   ended). Only notifications/responses → 202. With requests → an event stream carrying their
 *   progress and then their responses, ended after the last response; or one JSON body (a batch
 *   gets an array) when the client's Accept lacks text/event-stream, in which case progress is
 *   dropped, since JSON carries responses only.
 * - GET: the session's stream for messages tied to none of its requests (broadcast notifications,
 *   server requests); one per session (a second gets 409).
 * - DELETE: ends the session (200); its requests in flight are cancelled at the server.
 *
 * The Mcp-Protocol-Version header is not checked: the server negotiated the version at the first
 * initialize and the bridge relays whatever it speaks. Resumption (Last-Event-ID) is not offered:
 * events carry no ids, so clients do not try.
 *
 * Sessions that clients abandon without DELETE (most clients just exit) would pile up, so a session
 * with no open stream and no request for `sessionIdleTimeoutMs` is ended; an open GET stream keeps
 * a session alive indefinitely.
 */
export class StreamableHttpEndpoint {
  private readonly sessions = new Map<string, StreamableSession>();
  private sweepTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: StreamableHttpEndpointOptions) {}

  /** Handles one request to the endpoint's path; settles once the request is answered or streaming. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    switch (req.method) {
      case 'POST':
        return this.post(req, res);
      case 'GET':
        return this.get(req, res);
      case 'DELETE':
        return this.delete(req, res);
      default:
        return sendMethodNotAllowed(res, 'GET, POST, DELETE');
    }
  }

  /** Ends every session and its streams (the bridge is closing). */
  closeAll(): void {
    for (const id of [...this.sessions.keys()]) this.endSession(id, 'the bridge closed');
  }

  private async post(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const posted = await readMessages(req, res, this.options.maxBodyBytes);
    if (!posted) return;
    const { messages } = posted;
    const sessionId = headerValue(req, SESSION_HEADER);
    const initializes = messages.some((message) => isRequest(message) && message.method === 'initialize');
    let session: StreamableSession | undefined;
    if (initializes) {
      if (messages.length > 1) return sendJsonRpcError(res, 400, ErrorCode.InvalidRequest, 'Invalid Request: initialize must be sent alone');
      if (sessionId !== undefined) {
        if (this.sessions.has(sessionId)) return sendJsonRpcError(res, 400, ErrorCode.InvalidRequest, 'Invalid Request: the session is already initialized');
        return sendSessionNotFound(res);
      }
      session = this.openSession();
    } else {
      if (sessionId === undefined) return sendJsonRpcError(res, 400, ErrorCode.BadTransportRequest, 'Bad Request: Mcp-Session-Id header is required');
      session = this.sessions.get(sessionId);
      if (!session) return sendSessionNotFound(res);
    }
    session.lastActiveAt = Date.now();

    const requestCount = messages.filter(isRequest).length;
    if (requestCount === 0) {
      for (const message of messages) this.options.router.fromClient(session.id, message, NO_REPLIES);
      res.writeHead(202).end();
      return;
    }
    const opened = session;
    const replies = new PostReplies(res, {
      stream: acceptsEventStream(req),
      requestCount,
      batch: posted.batch,
      headers: { [SESSION_HEADER]: opened.id },
      keepAlive: this.options.keepAlive,
      onDone: (post) => {
        opened.posts.delete(post);
        opened.lastActiveAt = Date.now();
        // A session whose initialize failed is of no use: the client starts over without it.
        if (initializes && post.failed) this.endSession(opened.id, 'its initialize failed');
      },
    });
    if (!replies.done) opened.posts.add(replies);
    for (const message of messages) this.options.router.fromClient(opened.id, message, replies);
  }

  private get(req: IncomingMessage, res: ServerResponse): void {
    if (!acceptsEventStream(req)) {
      return sendJsonRpcError(res, 406, ErrorCode.BadTransportRequest, 'Not Acceptable: Client must accept text/event-stream');
    }
    const session = this.sessionOf(req, res);
    if (!session) return;
    if (session.getStream?.open) {
      return sendJsonRpcError(res, 409, ErrorCode.BadTransportRequest, 'Conflict: Only one SSE stream is allowed per session');
    }
    const stream = new SseStream(res, { [SESSION_HEADER]: session.id }, this.options.keepAlive);
    session.getStream = stream;
    stream.onClose(() => {
      if (session.getStream === stream) session.getStream = undefined;
      session.lastActiveAt = Date.now();
    });
  }

  private delete(req: IncomingMessage, res: ServerResponse): void {
    const session = this.sessionOf(req, res);
    if (!session) return;
    this.endSession(session.id, 'deleted by its client');
    res.writeHead(200).end();
  }

  /** The session the request names; answers 400 or 404 and returns undefined when there is none. */
  private sessionOf(req: IncomingMessage, res: ServerResponse): StreamableSession | undefined {
    const sessionId = headerValue(req, SESSION_HEADER);
    if (sessionId === undefined) {
      sendJsonRpcError(res, 400, ErrorCode.BadTransportRequest, 'Bad Request: Mcp-Session-Id header is required');
      return undefined;
    }
    const session = this.sessions.get(sessionId);
    if (!session) sendSessionNotFound(res);
    return session;
  }

  private openSession(): StreamableSession {
    const session = new StreamableSession(this.options.newSessionId());
    this.sessions.set(session.id, session);
    this.options.router.openSession(session);
    this.options.log('debug', `streamable HTTP session ${session.id} opened`);
    if (!this.sweepTimer) {
      const interval = Math.min(this.options.sessionIdleTimeoutMs, 60_000);
      this.sweepTimer = setInterval(() => this.endIdleSessions(), interval);
      this.sweepTimer.unref();
    }
    return session;
  }

  private endSession(id: string, why: string): void {
    const session = this.sessions.get(id);
    if (!session) return;
    this.sessions.delete(id);
    // The router first: it settles the session's requests, which ends their POST streams cleanly.
    this.options.router.endSession(id);
    session.close();
    this.options.log('debug', `streamable HTTP session ${id} ended: ${why}`);
    if (this.sessions.size === 0) {
      clearInterval(this.sweepTimer);
      this.sweepTimer = undefined;
    }
  }

  private endIdleSessions(): void {
    const limit = Date.now() - this.options.sessionIdleTimeoutMs;
    for (const session of [...this.sessions.values()]) {
      if (!session.busy && session.lastActiveAt < limit) this.endSession(session.id, 'idle with no stream open');
    }
  }
}

/** A streamable HTTP session: a GET stream (maybe) and the POST streams still open. */
class StreamableSession implements ClientSession {
  getStream: SseStream | undefined;
  readonly posts = new Set<PostReplies>();
  lastActiveAt = Date.now();

  constructor(readonly id: string) {}

  get busy(): boolean {
    return this.getStream?.open === true || this.posts.size > 0;
  }

  /**
   * Messages tied to none of the session's requests go on the GET stream. Until the client opens
   * one (the SDK opens it only after initialize), or if it never does, the newest POST stream still
   * open is the only way to reach it; the specification allows unrelated messages there.
   */
  deliver(message: JsonRpcMessage): boolean {
    if (this.getStream?.open) return this.getStream.message(message);
    let newest: PostReplies | undefined;
    for (const post of this.posts) if (post.streaming) newest = post;
    return newest?.deliver(message) ?? false;
  }

  close(): void {
    this.getStream?.end();
    for (const post of this.posts) post.abort();
    this.posts.clear();
  }
}

interface PostRepliesOptions {
  /** An event stream (true) or one JSON body when every response is in (false). */
  stream: boolean;
  requestCount: number;
  /** Whether the POST was an array: a JSON answer is then an array too. */
  batch: boolean;
  headers: OutgoingHttpHeaders;
  keepAlive: SseKeepAlive;
  onDone: (post: PostReplies) => void;
}

/** The answer to one POST that held requests: done when every one of its requests has settled. */
class PostReplies implements ReplySink {
  private remaining: number;
  private readonly sse: SseStream | undefined;
  private readonly collected: JsonRpcResponse[] = [];
  private finished = false;
  /** Whether an error response was among the replies. */
  failed = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly options: PostRepliesOptions,
  ) {
    this.remaining = options.requestCount;
    if (options.stream) {
      this.sse = new SseStream(res, options.headers, options.keepAlive);
      this.sse.onClose(() => this.finish());
    } else {
      res.once('close', () => this.finish());
    }
  }

  get done(): boolean {
    return this.finished;
  }

  /** Whether this POST's answer is an open event stream (it can carry any message, not only responses). */
  get streaming(): boolean {
    return this.sse?.open === true;
  }

  deliver(message: JsonRpcMessage): boolean {
    if (isResponse(message) && isErrorResponse(message)) this.failed = true;
    if (this.sse) return this.sse.message(message);
    if (this.finished || !isResponse(message)) return false;
    this.collected.push(message);
    return true;
  }

  settle(): void {
    if (--this.remaining > 0 || this.finished) return;
    if (this.sse) {
      this.sse.end();
    } else if (!this.res.headersSent && !this.res.destroyed) {
      const first = this.collected[0];
      if (!first) {
        // Every request was cancelled by the client: there is nothing to answer.
        this.res.writeHead(202, this.options.headers).end();
      } else {
        const body = JSON.stringify(this.options.batch ? this.collected : first);
        this.res.writeHead(200, { ...this.options.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        this.res.end(body);
      }
    }
    this.finish();
  }

  /** Ends the answer early (the session ended); an unanswered JSON request is cut off. */
  abort(): void {
    if (this.sse) this.sse.end();
    else if (!this.res.writableEnded) this.res.destroy();
    this.finish();
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.options.onDone(this);
  }
}

function sendSessionNotFound(res: ServerResponse): void {
  sendJsonRpcError(res, 404, ErrorCode.SessionNotFound, 'Session not found');
}
