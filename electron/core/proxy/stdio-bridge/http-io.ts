import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { ErrorCode, errorResponse, toJsonRpcMessages, type JsonRpcMessage } from './json-rpc';

/** A request body read whole, or why it was not. */
export type BodyResult = { ok: true; text: string } | { ok: false; reason: 'too-large' | 'aborted' };

/**
 * Reads a request body as UTF-8. Stops keeping bytes past `maxBytes` (resolving 'too-large' at once
 * and draining the rest, so the caller can answer 413); resolves 'aborted' when the client goes
 * away first. Never rejects.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: BodyResult): void => {
      if (done) return;
      done = true;
      req.off('data', onData);
      resolve(result);
    };
    const onData = (chunk: Buffer | string): void => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += bytes.length;
      if (size > maxBytes) {
        chunks.length = 0;
        finish({ ok: false, reason: 'too-large' });
        req.resume();
        return;
      }
      chunks.push(bytes);
    };
    req.on('data', onData);
    req.once('end', () => finish({ ok: true, text: Buffer.concat(chunks).toString('utf8') }));
    req.once('error', () => finish({ ok: false, reason: 'aborted' }));
    req.once('close', () => finish({ ok: false, reason: 'aborted' }));
  });
}

/** The messages of a POST body, and whether they came as a batch (an array, even of one). */
export interface PostedMessages {
  messages: JsonRpcMessage[];
  batch: boolean;
}

/**
 * Reads and checks a POST body of JSON-RPC: answers the request itself (415, 413, 400 with a
 * JSON-RPC error) and resolves to undefined when the body is not usable, or when the client went
 * away while sending it.
 */
export async function readMessages(req: IncomingMessage, res: ServerResponse, maxBytes: number): Promise<PostedMessages | undefined> {
  if (!isJsonContentType(req.headers['content-type'])) {
    sendJsonRpcError(res, 415, ErrorCode.BadTransportRequest, 'Unsupported Media Type: Content-Type must be application/json');
    return undefined;
  }
  const body = await readBody(req, maxBytes);
  if (!body.ok) {
    if (body.reason === 'too-large') sendJsonRpcError(res, 413, ErrorCode.BadTransportRequest, `the message is larger than ${maxBytes} bytes`);
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(body.text);
  } catch {
    sendJsonRpcError(res, 400, ErrorCode.ParseError, 'Parse error: Invalid JSON');
    return undefined;
  }
  const messages = toJsonRpcMessages(value);
  if (!messages) {
    sendJsonRpcError(res, 400, ErrorCode.InvalidRequest, 'Invalid Request: not a JSON-RPC message or batch of messages');
    return undefined;
  }
  return { messages, batch: Array.isArray(value) };
}

/**
 * Answers with a JSON-RPC error body (id null, as for errors that concern no request). When the
 * headers are already out (a stream), only ends the response.
 */
export function sendJsonRpcError(res: ServerResponse, status: number, code: number, message: string, headers: OutgoingHttpHeaders = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = JSON.stringify(errorResponse(null, code, message));
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** Answers 405 with the methods the path takes. */
export function sendMethodNotAllowed(res: ServerResponse, allow: string): void {
  sendJsonRpcError(res, 405, ErrorCode.BadTransportRequest, 'Method not allowed.', { allow });
}

/** One header's value; the first when it was sent more than once. */
export function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Whether the Accept header lists text/event-stream (a wildcard alone does not count: SSE must be asked for). */
export function acceptsEventStream(req: IncomingMessage): boolean {
  return /\btext\/event-stream\b/i.test(headerValue(req, 'accept') ?? '');
}

/** Whether a Content-Type is application/json, by its media type (parameters such as charset ignored). */
export function isJsonContentType(value: string | undefined): boolean {
  return (value ?? '').split(';', 1)[0]?.trim().toLowerCase() === 'application/json';
}
