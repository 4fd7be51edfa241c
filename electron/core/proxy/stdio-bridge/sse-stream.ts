import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { JsonRpcMessage } from './json-rpc';

/** 20 s: under the 30 s idle cut of common proxies and well under undici's 300 s body timeout. */
export const DEFAULT_KEEP_ALIVE_INTERVAL_MS = 20_000;

const SSE_HEADERS: OutgoingHttpHeaders = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  // Asks a buffering reverse proxy (nginx) in front of us to pass events on as they come.
  'x-accel-buffering': 'no',
};

/**
 * One `text/event-stream` response. The status and headers go out at once, so the client's fetch
 * resolves before the first event (a long tool call would otherwise hit the client's header
 * timeout). Writes after the client went away, or after end(), return false and do nothing.
 */
export class SseStream {
  private closed = false;
  private readonly closeListeners: (() => void)[] = [];

  constructor(
    private readonly res: ServerResponse,
    headers: OutgoingHttpHeaders,
    private readonly keepAlive: SseKeepAlive,
  ) {
    res.writeHead(200, { ...SSE_HEADERS, ...headers });
    res.flushHeaders();
    // A write racing the socket's teardown reports here; without a listener it would crash the proxy.
    res.on('error', () => this.markClosed());
    res.once('close', () => this.markClosed());
    keepAlive.add(this);
    // The client may be gone already, in which case 'close' has fired before we listened.
    if (res.destroyed || res.socket?.destroyed) this.markClosed();
  }

  /** False once the client went away or the stream was ended. */
  get open(): boolean {
    return !this.closed && !this.res.writableEnded && !this.res.destroyed;
  }

  /** Calls `listener` once when the stream closes, for whatever reason (at once if it already has). */
  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
  }

  /** Writes one event. `data` must hold no newline (JSON.stringify's output never does). */
  send(event: string, data: string): boolean {
    if (!this.open) return false;
    this.res.write(`event: ${event}\ndata: ${data}\n\n`);
    return true;
  }

  /** Writes a JSON-RPC message as an event of type `message`, the type both MCP HTTP transports use. */
  message(message: JsonRpcMessage): boolean {
    return this.send('message', JSON.stringify(message));
  }

  /** Writes a comment line, which clients ignore: keeps idle connections from being cut. */
  comment(text: string): boolean {
    if (!this.open) return false;
    this.res.write(`: ${text}\n\n`);
    return true;
  }

  end(): void {
    if (this.open) this.res.end();
    this.markClosed();
  }

  private markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.keepAlive.delete(this);
    for (const listener of this.closeListeners.splice(0)) listener();
  }
}

/**
 * Writes `: keepalive` to every open SSE stream every `intervalMs`: one timer for all streams, run
 * only while one is open and unref'd, so it never keeps the process alive by itself.
 */
export class SseKeepAlive {
  private readonly streams = new Set<SseStream>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly intervalMs: number = DEFAULT_KEEP_ALIVE_INTERVAL_MS) {}

  add(stream: SseStream): void {
    this.streams.add(stream);
    if (!this.timer) {
      this.timer = setInterval(() => {
        // A stream that cannot take the comment is gone without having said so: drop it.
        for (const stream of [...this.streams]) if (!stream.comment('keepalive')) stream.end();
      }, this.intervalMs);
      this.timer.unref();
    }
  }

  delete(stream: SseStream): void {
    this.streams.delete(stream);
    if (this.streams.size === 0) this.stop();
  }

  /** Stops the timer; streams added later start it again. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
