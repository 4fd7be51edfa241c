import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BridgeLog, ClientSession, ReplySink } from './contracts';
import { readMessages, sendJsonRpcError, sendMethodNotAllowed } from './http-io';
import { ErrorCode, type JsonRpcMessage } from './json-rpc';
import type { MessageRouter } from './router';
import { SseStream, type SseKeepAlive } from './sse-stream';

export interface SseEndpointOptions {
  router: MessageRouter;
  keepAlive: SseKeepAlive;
  log: BridgeLog;
  /** Path of the message endpoint, named in each session's `endpoint` event. */
  messagePath: string;
  maxBodyBytes: number;
  newSessionId: () => string;
}

/**
 * The HTTP+SSE transport of MCP 2024-11-05, for many sessions. GET on the stream path opens a
 * session: its first event is `endpoint` with `<messagePath>?sessionId=<id>`, and every message for
 * the session (replies, progress, broadcasts, server requests) follows as an event `message`. The
 * client POSTs its messages to that URL and gets 202 `Accepted` (404 for a session that does not
 * exist or has ended). The session lives exactly as long as its stream: when the GET closes, the
 * session ends and its requests in flight are cancelled at the server.
 */
export class SseEndpoint {
  private readonly sessions = new Map<string, SseSession>();

  constructor(private readonly options: SseEndpointOptions) {}

  /** GET on the stream path: opens a session. */
  openStream(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'GET') return sendMethodNotAllowed(res, 'GET');
    const id = this.options.newSessionId();
    const stream = new SseStream(res, {}, this.options.keepAlive);
    if (!stream.send('endpoint', `${this.options.messagePath}?sessionId=${encodeURIComponent(id)}`)) return;
    const session = new SseSession(id, stream);
    this.sessions.set(id, session);
    this.options.router.openSession(session);
    this.options.log('debug', `SSE session ${id} opened`);
    stream.onClose(() => {
      this.sessions.delete(id);
      this.options.router.endSession(id);
      this.options.log('debug', `SSE session ${id} ended: its stream closed`);
    });
  }

  /** POST on the message path: one message (or a batch) for the session named by `?sessionId=`. */
  async postMessage(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'POST') return sendMethodNotAllowed(res, 'POST');
    const id = url.searchParams.get('sessionId') ?? '';
    if (!this.sessions.has(id)) return sendSessionNotFound(res);
    const posted = await readMessages(req, res, this.options.maxBodyBytes);
    if (!posted) return;
    // The stream may have closed while the body was arriving.
    const session = this.sessions.get(id);
    if (!session) return sendSessionNotFound(res);
    res.writeHead(202, { 'content-type': 'text/plain; charset=utf-8' }).end('Accepted');
    for (const message of posted.messages) this.options.router.fromClient(id, message, session);
  }

  /** Ends every session's stream (the bridge is closing); each ends its session as it closes. */
  closeAll(): void {
    for (const session of [...this.sessions.values()]) session.stream.end();
  }
}

/** An SSE session: one stream carries everything, so it is also the reply sink of all its requests. */
class SseSession implements ClientSession, ReplySink {
  constructor(
    readonly id: string,
    readonly stream: SseStream,
  ) {}

  deliver(message: JsonRpcMessage): boolean {
    return this.stream.message(message);
  }

  settle(): void {}
}

function sendSessionNotFound(res: ServerResponse): void {
  sendJsonRpcError(res, 404, ErrorCode.SessionNotFound, 'Session not found');
}
