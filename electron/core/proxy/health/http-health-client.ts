import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { ProxyLog } from '../http-forwarder';
import { SessionExpiredError, type CheckProgress, type HealthSession, type SessionContext } from './health-session';
import { openSseSession } from './sse-session';
import { openStreamableSession } from './streamable-session';

export interface HttpHealthClientOptions {
  /** The server's MCP URL: the streamable-HTTP endpoint (`…/mcp`) or the SSE stream (`…/sse`). */
  readonly url: URL;
  readonly transport: 'streamable-http' | 'sse';
  /** Sent with every request (a remote server's Authorization); never logged. */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * The certificate authorities to trust for an https URL, in PEM, instead of Node's bundled ones
   * (a remote server behind a private CA; tests). Default: Node's.
   */
  readonly ca?: string | Buffer;
  readonly log: ProxyLog;
  /** clientInfo.version in initialize; default '0.0.0'. */
  readonly clientVersion?: string;
}

/** Pings an HTTP MCP server over a session of its own. */
export interface HttpHealthClient {
  /**
   * Resolves when the server answers `ping` within `timeoutMs`, counting from this call and
   * including opening a session when there is none. An error reply counts as an answer: the server
   * is alive and speaking MCP.
   *
   * Rejects with PingTimeoutError when no answer comes in time, and with an Error naming the
   * failure otherwise (refused connection, HTTP status, no event stream, refused initialize). Any
   * failure drops the session, so the next call starts a new one (the server may have restarted);
   * a streamable-HTTP session the server no longer knows (404) is replaced within the same call.
   * Calls made while one runs wait for it (their time counts from their own call). After close(),
   * rejects at once.
   */
  ping(timeoutMs: number): Promise<void>;
  /** Ends the session (DELETE for streamable HTTP, errors ignored; the stream for SSE). Idempotent. */
  close(): Promise<void>;
}

/** A ping that got no answer in time. `server` is the origin; `step` what was awaited ("waiting for the reply to ping", ...). */
export class PingTimeoutError extends Error {
  override readonly name = 'PingTimeoutError';
  constructor(
    readonly server: string,
    readonly timeoutMs: number,
    readonly step: string,
  ) {
    super(`ping to ${server} timed out after ${timeoutMs} ms (${step})`);
  }
}

/**
 * Makes a minimal MCP client for health checks of an HTTP server (a container's port or a remote
 * URL). It opens nothing until the first ping. It does not use the SDK: the proxy process stays lean
 * (DESIGN.md), and a check needs only initialize, notifications/initialized and ping. Errors name
 * the server by its origin only: a remote URL's path or query may carry a key.
 */
export function createHttpHealthClient(options: HttpHealthClientOptions): HttpHealthClient {
  const { url, transport, log } = options;
  // Its own agent, so that close() can end the kept-alive connections (and the SSE stream) it made.
  const agent = url.protocol === 'https:' ? new HttpsAgent({ keepAlive: true, ...(options.ca === undefined ? {} : { ca: options.ca }) }) : new HttpAgent({ keepAlive: true });
  const context: SessionContext = {
    url,
    headers: options.headers ?? {},
    agent,
    log,
    clientInfo: { name: 'mcpdesk-health', version: options.clientVersion ?? '0.0.0' },
  };
  const server = url.origin;

  let session: HealthSession | undefined;
  let closed = false;
  let queue: Promise<unknown> = Promise.resolve();
  const running = new Set<AbortController>();

  const drop = (reason: string): void => {
    const dropped = session;
    if (!dropped) return;
    // Cleared first: closing an SSE session reports its loss, which must find nothing to drop.
    session = undefined;
    log.debug(`health session with ${server} dropped: ${reason}`);
    void dropped.close();
  };

  const open = async (signal: AbortSignal, progress: CheckProgress): Promise<HealthSession> => {
    if (transport === 'streamable-http') return openStreamableSession(context, signal, progress);
    // The stream can end while opening (then nothing is current yet) or long after.
    const opened: { session?: HealthSession } = {};
    opened.session = await openSseSession(context, signal, progress, (reason) => {
      // Only the current session's loss matters; a dropped one reports its own end too.
      if (opened.session !== undefined && session === opened.session) drop(reason);
    });
    return opened.session;
  };

  const check = async (signal: AbortSignal, progress: CheckProgress): Promise<void> => {
    const reused = session !== undefined;
    session ??= await open(signal, progress);
    try {
      await session.ping(signal, progress);
    } catch (error) {
      if (!(error instanceof SessionExpiredError) || !reused || signal.aborted) throw error;
      drop(error.message);
      session = await open(signal, progress);
      await session.ping(signal, progress);
    }
  };

  return {
    ping(timeoutMs) {
      if (closed) return Promise.reject(new Error(`the health client for ${server} is closed`));
      const controller = new AbortController();
      const progress: CheckProgress = { step: 'waiting for an earlier ping' };
      const timer = setTimeout(() => controller.abort(new PingTimeoutError(server, timeoutMs, progress.step)), timeoutMs);
      running.add(controller);
      // The work queues behind earlier pings (so checks never overlap), but the caller's answer
      // does not wait for it: the abort settles the returned promise at once, even while a request
      // is still being torn down (a socket's close comes a turn of the event loop later).
      const work = queue.then(async () => {
        controller.signal.throwIfAborted();
        try {
          await check(controller.signal, progress);
        } catch (error) {
          drop(error instanceof Error ? error.message : String(error));
          throw error;
        }
      });
      queue = work.catch(() => undefined);
      const abandoned = new Promise<never>((_, reject) => {
        controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
      });
      return Promise.race([work, abandoned])
        .catch((error: unknown) => {
          // Whatever the abort broke on its way out, the cause is the timeout (or close()).
          if (controller.signal.aborted) throw controller.signal.reason;
          throw new Error(`health check of ${server} failed: ${describe(error)}`, { cause: error });
        })
        .finally(() => {
          clearTimeout(timer);
          running.delete(controller);
        });
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const controller of running) controller.abort(new Error(`the health client for ${server} was closed`));
      await queue;
      const last = session;
      session = undefined;
      await last?.close();
      agent.destroy();
    },
  };
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  // Node's connection errors carry the address in their message; the code says the same, shorter.
  return code && /^E[A-Z]+$/.test(code) ? code : error.message;
}
