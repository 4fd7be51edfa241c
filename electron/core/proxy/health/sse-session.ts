import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import {
  expectOk,
  initializeParams,
  initializeResult,
  jsonRpc,
  postHeaders,
  type CheckProgress,
  type HealthSession,
  type SessionContext,
} from './health-session';
import { drain, findReply, isEventStream, parseJson, sendHttp, type JsonRpcReply } from './json-rpc-http';
import { SseParser } from './sse-stream-reader';

/** The protocol version the health client offers over the (deprecated) HTTP+SSE transport. */
export const SSE_PROTOCOL_VERSION = '2024-11-05';

/** Someone waiting for the endpoint (resolved with its URL) or for the reply to a request. */
interface Waiter {
  resolve(value: URL | JsonRpcReply): void;
  reject(error: Error): void;
}

/**
 * Opens an MCP session over HTTP+SSE: GET the stream, wait for its `endpoint` event (a URL relative
 * to the stream's, which must stay on the same origin: the configured headers must not go elsewhere),
 * then POST initialize and notifications/initialized there; replies arrive as `message` events.
 *
 * The stream lives as long as the session, not as long as `signal`: `signal` only bounds the
 * opening. When the stream ends or fails, `onLost` is called once and every waiting request
 * rejects, so the client opens a new session on its next check.
 */
export async function openSseSession(
  context: SessionContext,
  signal: AbortSignal,
  progress: CheckProgress,
  onLost: (reason: string) => void,
): Promise<HealthSession> {
  const stream = new AbortController();
  const waiters = new Map<number | 'endpoint', Waiter>();
  let endpoint: URL | undefined;
  let lost: Error | undefined;
  let nextId = 1;
  let protocolHeaders: OutgoingHttpHeaders = {};

  const lose = (reason: string): void => {
    if (lost) return;
    lost = new Error(`the event stream ended: ${reason}`);
    stream.abort();
    for (const waiter of waiters.values()) waiter.reject(lost);
    waiters.clear();
    onLost(reason);
  };

  /** Resolves with the reply to `id` (or the endpoint URL), rejecting when the stream is lost or `until` aborts. */
  const waitFor = <T>(key: number | 'endpoint', until: AbortSignal): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (lost) return reject(lost);
      if (until.aborted) return reject(until.reason as Error);
      const onAbort = (): void => {
        waiters.delete(key);
        reject(until.reason as Error);
      };
      until.addEventListener('abort', onAbort, { once: true });
      waiters.set(key, {
        resolve: (value) => {
          until.removeEventListener('abort', onAbort);
          resolve(value as T);
        },
        reject: (error) => {
          until.removeEventListener('abort', onAbort);
          reject(error);
        },
      });
    });

  const onEvent = (event: string, data: string): void => {
    if (event === 'endpoint') {
      const waiter = waiters.get('endpoint');
      let url: URL;
      try {
        url = new URL(data, context.url);
      } catch {
        return lose('the endpoint event holds no URL');
      }
      if (url.origin !== context.url.origin) return lose(`the endpoint is on another origin (${url.origin})`);
      endpoint = url;
      waiters.delete('endpoint');
      waiter?.resolve(url);
      return;
    }
    if (event !== 'message') return;
    const message = parseJson(data);
    for (const [key, waiter] of waiters) {
      if (key === 'endpoint') continue;
      const reply = findReply(message, key);
      if (reply) {
        waiters.delete(key);
        waiter.resolve(reply);
      }
    }
  };

  /** POSTs `body` to the endpoint; the server answers 202 and sends any reply on the stream. */
  const post = async (body: string, what: string, postSignal: AbortSignal): Promise<void> => {
    if (!endpoint) throw new Error('no endpoint yet');
    const res = await sendHttp(endpoint, { method: 'POST', headers: postHeaders(context, protocolHeaders), body, agent: context.agent, signal: postSignal });
    drain(res);
    expectOk(res, what);
  };

  const request = async (method: string, params: Record<string, unknown> | undefined, requestSignal: AbortSignal): Promise<JsonRpcReply> => {
    const id = nextId++;
    // Waiting starts before the POST: a fast server may send the reply before it answers the POST.
    const reply = waitFor<JsonRpcReply>(id, requestSignal);
    reply.catch(() => undefined);
    try {
      await post(jsonRpc(method, id, params), method, requestSignal);
    } catch (error) {
      waiters.get(id)?.reject(error as Error);
      waiters.delete(id);
    }
    return reply;
  };

  const session: HealthSession = {
    async ping(pingSignal, pingProgress) {
      pingProgress.step = 'waiting for the reply to ping';
      await request('ping', undefined, pingSignal);
    },
    async close() {
      lose('closed by the health client');
    },
  };

  // `signal` bounds the opening only, but the stream's own signal is what cancels its GET.
  const abortOpening = (): void => lose('the check was cancelled while opening');
  if (signal.aborted) abortOpening();
  signal.addEventListener('abort', abortOpening, { once: true });
  try {
    progress.step = 'waiting for the event stream';
    const res = await sendHttp(context.url, {
      method: 'GET',
      headers: { ...context.headers, accept: 'text/event-stream' },
      agent: context.agent,
      signal: stream.signal,
    });
    readStream(res, onEvent, lose);
    progress.step = 'waiting for the endpoint event';
    if (!endpoint) await waitFor<URL>('endpoint', signal);
    progress.step = 'waiting for the reply to initialize';
    const reply = await request('initialize', initializeParams(context, SSE_PROTOCOL_VERSION), signal);
    protocolHeaders = { 'mcp-protocol-version': initializeResult(reply) };
    progress.step = 'sending notifications/initialized';
    await post(jsonRpc('notifications/initialized'), 'notifications/initialized', signal);
  } catch (error) {
    lose('opening the session failed');
    throw error;
  } finally {
    signal.removeEventListener('abort', abortOpening);
  }
  return session;
}

/** Checks the stream's response and feeds its events to `onEvent` until it ends (then `lose`). */
function readStream(res: IncomingMessage, onEvent: (event: string, data: string) => void, lose: (reason: string) => void): void {
  const status = res.statusCode ?? 0;
  if (status !== 200 || !isEventStream(res)) {
    drain(res);
    const reason = status !== 200 ? `GET got HTTP ${status}` : `GET got content type "${res.headers['content-type'] ?? '(none)'}"`;
    lose(reason);
    throw new Error(`the server did not open an event stream: ${reason}`);
  }
  const parser = new SseParser();
  res.setEncoding('utf8');
  res.on('data', (text: string) => {
    for (const event of parser.push(text)) onEvent(event.event, event.data);
  });
  res.on('error', () => lose('the connection failed'));
  res.on('close', () => lose('the server closed it'));
}
