import { request as httpRequest, type Agent, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { SseParser } from './sse-stream-reader';

/** The JSON-RPC 2.0 messages the health client sends. */
export interface JsonRpcRequest {
  readonly jsonrpc: '2.0';
  readonly id?: number;
  readonly method: string;
  readonly params?: Record<string, unknown>;
}

/** A reply to one of our requests: `result` or `error`, never both. */
export interface JsonRpcReply {
  readonly id: number;
  readonly result?: unknown;
  readonly error?: { readonly code: number; readonly message: string };
}

/** A JSON body larger than this is not a reply to initialize or ping. */
const MAX_JSON_BODY = 1024 * 1024;

/**
 * Sends one HTTP request over node:http(s) and resolves with the response once its headers arrive;
 * the caller reads or drains the body. Rejects when the connection fails; when `signal` aborts, the
 * request and its response are destroyed and the promise (or the body being read) rejects.
 */
export function sendHttp(
  url: URL,
  init: { method: string; headers: OutgoingHttpHeaders; body?: string; agent: Agent; signal: AbortSignal },
): Promise<IncomingMessage> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const headers = { ...init.headers };
    if (init.body !== undefined) headers['content-length'] = Buffer.byteLength(init.body);
    const req = send(url, { method: init.method, headers, agent: init.agent, signal: init.signal });
    req.on('socket', (socket) => socket.setNoDelay(true));
    req.once('response', resolve);
    req.once('error', reject);
    req.end(init.body);
  });
}

/** Reads and discards a body we do not need, so the connection can be reused. */
export function drain(res: IncomingMessage): void {
  res.on('error', () => undefined);
  res.resume();
}

/** True for a `text/event-stream` content type, parameters ignored. */
export function isEventStream(res: IncomingMessage): boolean {
  return mediaType(res) === 'text/event-stream';
}

/**
 * Reads the reply with `id` from a response to a POSTed request: a JSON body (one message or a
 * batch) or an event stream whose `message` events carry JSON-RPC messages. Other messages on the
 * stream (notifications, requests from the server, non-JSON keep-alive data) are skipped. Once the
 * reply is read, an event stream is destroyed rather than read to its end, so a server that keeps it
 * open cannot hold the check. Rejects when the body ends without the reply or is not JSON.
 */
export function readJsonRpcReply(res: IncomingMessage, id: number): Promise<JsonRpcReply> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (reply: JsonRpcReply | undefined, error?: Error): void => {
      if (settled) return;
      settled = true;
      if (reply) resolve(reply);
      else reject(error ?? new Error(`the response ended without a reply to request ${id}`));
    };
    res.setEncoding('utf8');
    res.on('error', (error) => settle(undefined, error));
    res.on('close', () => settle(undefined));

    if (isEventStream(res)) {
      const parser = new SseParser();
      res.on('data', (text: string) => {
        for (const event of parser.push(text)) {
          if (event.event !== 'message') continue;
          const reply = findReply(parseJson(event.data), id);
          if (reply) {
            settle(reply);
            res.destroy();
            return;
          }
        }
      });
      return;
    }
    if (mediaType(res) !== 'application/json') {
      settle(undefined, new Error(`the reply has content type "${res.headers['content-type'] ?? '(none)'}", not JSON or an event stream`));
      res.destroy();
      return;
    }
    let body = '';
    res.on('data', (text: string) => {
      body += text;
      if (body.length > MAX_JSON_BODY) {
        settle(undefined, new Error(`the reply is larger than ${MAX_JSON_BODY} bytes`));
        res.destroy();
      }
    });
    res.on('end', () => {
      const json = parseJson(body);
      if (json === undefined) settle(undefined, new Error('the reply is not valid JSON'));
      else settle(findReply(json, id));
    });
  });
}

/** The reply with `id` in a parsed message or batch, if there is one. */
export function findReply(message: unknown, id: number): JsonRpcReply | undefined {
  const messages: unknown[] = Array.isArray(message) ? message : [message];
  for (const candidate of messages) {
    if (typeof candidate !== 'object' || candidate === null) continue;
    const m = candidate as Record<string, unknown>;
    if (m.id === id && !('method' in m) && ('result' in m || 'error' in m)) return m as unknown as JsonRpcReply;
  }
  return undefined;
}

/** Parsed JSON, or undefined when `text` is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function mediaType(res: IncomingMessage): string | undefined {
  return res.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
}
