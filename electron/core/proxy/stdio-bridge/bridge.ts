import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { shorten } from '../../../../shared/text';
import type { BridgeLog } from './contracts';
import { ServerClosedError } from './errors';
import { sendJsonRpcError } from './http-io';
import { ErrorCode, toJsonRpcMessages, type JsonRpcMessage } from './json-rpc';
import { DEFAULT_MAX_LINE_LENGTH, LineDecoder, encodeLine } from './line-framing';
import { MessageRouter } from './router';
import { SseEndpoint } from './sse-endpoint';
import { DEFAULT_KEEP_ALIVE_INTERVAL_MS, SseKeepAlive } from './sse-stream';
import { DEFAULT_SESSION_IDLE_TIMEOUT_MS, StreamableHttpEndpoint } from './streamable-http-endpoint';

export interface StdioBridgeOptions {
  /** The server's stdin: the bridge writes one JSON line per message and never ends it. */
  stdin: NodeJS.WritableStream;
  /** The server's stdout: lines of JSON-RPC; a line that is not is logged at warn and skipped. */
  stdout: NodeJS.ReadableStream;
  log: BridgeLog;
  /** Path of the HTTP+SSE transport's message endpoint; default `/messages`. */
  messagePath?: string;
  /** Interval of the `: keepalive` comment on every open event stream; default 20 s. */
  keepAliveIntervalMs?: number;
  /** A streamable HTTP session with no stream open and no request for this long is ended; default 30 min. */
  sessionIdleTimeoutMs?: number;
  /** Largest message accepted either way: a longer stdout line is skipped, a larger POST gets 413; default 32 MiB. */
  maxMessageSize?: number;
}

export interface StdioBridge {
  /**
   * Handles `/mcp` (POST, GET, DELETE: streamable HTTP), `/sse` (GET: HTTP+SSE) and the message
   * endpoint (POST); returns false, without touching `res`, for any other path (the caller 404s).
   * Paths are matched exactly, the query string aside. Host and Origin are not checked here: the
   * proxy's loopback guard runs before. After close() the bridge's paths get 503.
   */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /**
   * Sends an MCP ping with an id of the bridge's own, whose reply reaches no client. Resolves on
   * the server's reply (an error reply too: it proves the server reads and answers); rejects with
   * BridgeRequestTimeoutError after `timeoutMs`, with ServerClosedError when the server is gone or
   * the bridge is closed. Works before initialize too, as the protocol allows.
   */
  ping(timeoutMs: number): Promise<void>;
  /** Whether the server answered an initialize with a result (health checks start after that). */
  readonly initialized: boolean;
  /** Calls `listener` once when the server is initialized; at once if it already is. */
  onInitialized(listener: () => void): void;
  /**
   * Calls `listener` once when the server's stdout ends or fails, or writing to its stdin fails
   * and stdout does not end within 200 ms (the container exited or the attach broke); at once if
   * that already happened. By then every
   * request in flight has got an error reply, and later requests get one at once. Not called for
   * close().
   */
  onServerClosed(listener: (reason: string) => void): void;
  /** Open client sessions of both transports. */
  readonly sessionCount: number;
  /**
   * Answers every request in flight with an error, ends every client stream and session, stops
   * reading the server's stdout and writing its stdin. Leaves both streams open: the caller owns
   * the server process. Idempotent.
   */
  close(): Promise<void>;
}

/** Reason given to clients when the server's stdout ends. */
export const SERVER_EXITED = 'MCP server exited';

/**
 * How long a failed write to stdin waits for stdout to end before the server is declared gone for
 * it. A server that exits breaks both pipes; when a write hits the broken stdin first (EPIPE), the
 * end of stdout, with its clearer reason, is normally a moment behind.
 */
const STDIN_FAILURE_GRACE_MS = 200;

/**
 * Serves one stdio MCP server to many HTTP clients at once, over streamable HTTP and HTTP+SSE,
 * without the SDK's server transports (DESIGN.md "Lean proxies"). See MessageRouter for who gets
 * which message, and the endpoints for the HTTP details.
 */
export function createStdioBridge(options: StdioBridgeOptions): StdioBridge {
  return new StdioBridgeProcess(options);
}

class StdioBridgeProcess implements StdioBridge {
  private readonly log: BridgeLog;
  private readonly router: MessageRouter;
  private readonly keepAlive: SseKeepAlive;
  private readonly streamable: StreamableHttpEndpoint;
  private readonly sse: SseEndpoint;
  private readonly messagePath: string;
  private readonly decoder: LineDecoder;
  private readonly closedListeners: ((reason: string) => void)[] = [];
  private serverGoneReason: string | undefined;
  private stdinFailed = false;
  private closed = false;
  private readonly onData = (chunk: Buffer | string): void => {
    for (const line of this.decoder.push(chunk)) this.serverLine(line);
  };
  private readonly onEnd = (): void => {
    for (const line of this.decoder.end()) this.serverLine(line);
    this.serverGone(SERVER_EXITED);
  };
  // 'close' without 'end' is a pipe torn down mid-stream; after 'end' this does nothing.
  private readonly onClose = (): void => this.serverGone(SERVER_EXITED);
  private readonly onStdoutError = (error: Error): void => this.serverGone(`reading the MCP server's output failed: ${error.message}`);
  private readonly onStdinError = (error: Error): void => {
    if (this.stdinFailed) return;
    this.stdinFailed = true;
    this.log('debug', `writing to the MCP server failed: ${error.message}; waiting for its output to end`);
    // Requests routed meanwhile stay pending and are answered when the server is declared gone.
    setTimeout(() => this.serverGone(`writing to the MCP server failed: ${error.message}`), STDIN_FAILURE_GRACE_MS).unref();
  };

  constructor(private readonly options: StdioBridgeOptions) {
    this.log = options.log;
    this.messagePath = options.messagePath ?? '/messages';
    const maxMessageSize = options.maxMessageSize ?? DEFAULT_MAX_LINE_LENGTH;
    this.decoder = new LineDecoder({
      maxLineLength: maxMessageSize,
      onOverlong: (length) => this.log('warn', `skipped a line of ${length} characters from the MCP server: longer than ${maxMessageSize}`),
    });
    this.router = new MessageRouter({ toServer: (message) => this.toServer(message), log: this.log });
    this.keepAlive = new SseKeepAlive(options.keepAliveIntervalMs ?? DEFAULT_KEEP_ALIVE_INTERVAL_MS);
    const shared = { router: this.router, keepAlive: this.keepAlive, log: this.log, maxBodyBytes: maxMessageSize, newSessionId: randomUUID };
    this.streamable = new StreamableHttpEndpoint({ ...shared, sessionIdleTimeoutMs: options.sessionIdleTimeoutMs ?? DEFAULT_SESSION_IDLE_TIMEOUT_MS });
    this.sse = new SseEndpoint({ ...shared, messagePath: this.messagePath });

    options.stdout.on('data', this.onData);
    options.stdout.once('end', this.onEnd);
    options.stdout.once('close', this.onClose);
    options.stdout.on('error', this.onStdoutError);
    options.stdin.on('error', this.onStdinError);
  }

  get initialized(): boolean {
    return this.router.initialized;
  }

  get sessionCount(): number {
    return this.router.sessionCount;
  }

  onInitialized(listener: () => void): void {
    this.router.onInitialized(listener);
  }

  onServerClosed(listener: (reason: string) => void): void {
    if (this.serverGoneReason !== undefined) listener(this.serverGoneReason);
    else this.closedListeners.push(listener);
  }

  async ping(timeoutMs: number): Promise<void> {
    if (this.closed) throw new ServerClosedError('the bridge is closed');
    await this.router.request('ping', timeoutMs);
  }

  handle(req: IncomingMessage, res: ServerResponse): boolean {
    const url = new URL(req.url ?? '/', 'http://bridge');
    let handling: Promise<void> | void;
    if (url.pathname !== '/mcp' && url.pathname !== '/sse' && url.pathname !== this.messagePath) return false;
    if (this.closed) {
      sendJsonRpcError(res, 503, ErrorCode.BadTransportRequest, 'the MCP bridge is closed');
      return true;
    }
    try {
      if (url.pathname === '/mcp') handling = this.streamable.handle(req, res);
      else if (url.pathname === '/sse') handling = this.sse.openStream(req, res);
      else handling = this.sse.postMessage(req, res, url);
    } catch (error) {
      handling = Promise.reject(error);
    }
    handling?.catch((error: unknown) => {
      this.log('error', `${req.method} ${url.pathname} failed: ${error instanceof Error ? error.message : String(error)}`);
      sendJsonRpcError(res, 500, ErrorCode.InternalError, 'internal error of the MCP bridge');
    });
    return true;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.router.stop('the MCP bridge closed');
    this.streamable.closeAll();
    this.sse.closeAll();
    this.keepAlive.stop();
    const { stdout } = this.options;
    stdout.off('data', this.onData);
    stdout.off('end', this.onEnd);
    stdout.off('close', this.onClose);
    // The error listeners stay: an EPIPE after close must not become an uncaught exception.
  }

  private serverLine(line: string): void {
    if (line.trim() === '') return;
    const messages = parseLine(line);
    if (!messages) {
      this.log('warn', `skipped a line from the MCP server that is not JSON-RPC: "${shorten(line, 200)}"`);
      return;
    }
    for (const message of messages) {
      try {
        this.router.fromServer(message);
      } catch (error) {
        // One bad message must not take down the proxy, and with it every client of the workload.
        this.log('error', `routing a message of the MCP server failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  private toServer(message: JsonRpcMessage): void {
    if (this.closed || this.stdinFailed || this.serverGoneReason !== undefined) return;
    // No backpressure: Node buffers what the pipe cannot take yet, and the clients, not the bridge,
    // decide how much is in flight.
    this.options.stdin.write(encodeLine(message));
  }

  private serverGone(reason: string): void {
    if (this.serverGoneReason !== undefined) return;
    this.serverGoneReason = reason;
    this.router.stop(reason);
    if (this.closed) return;
    this.log('info', `the MCP server is gone: ${reason}`);
    for (const listener of this.closedListeners.splice(0)) {
      try {
        listener(reason);
      } catch (error) {
        this.log('error', `a server-closed listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}

/** The messages of one line (a batch is an array), or undefined when it is not JSON-RPC. */
function parseLine(line: string): JsonRpcMessage[] | undefined {
  // Most noise is plain text: skip the exception of JSON.parse for it.
  if (!/^\s*[[{]/.test(line)) return undefined;
  try {
    return toJsonRpcMessages(JSON.parse(line));
  } catch {
    return undefined;
  }
}
