import type { Agent, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { ProxyLog } from '../http-forwarder';
import type { JsonRpcReply } from './json-rpc-http';

/** What every session of the health client shares: where, with which headers, as whom. */
export interface SessionContext {
  /** The server's MCP URL: the streamable-HTTP endpoint, or the SSE stream's URL. */
  readonly url: URL;
  /** Configured headers (a remote server's Authorization); sent on every request, never logged. */
  readonly headers: Readonly<Record<string, string>>;
  readonly agent: Agent;
  readonly log: ProxyLog;
  readonly clientInfo: { readonly name: string; readonly version: string };
}

/**
 * Where a check is, for the timeout message: "waiting for the reply to initialize" tells a hung
 * start-up from a hung ping.
 */
export interface CheckProgress {
  step: string;
}

/** An open MCP session used only for pings. */
export interface HealthSession {
  /**
   * Sends `ping` and resolves when its reply arrives (an error reply counts: the server answered).
   * Rejects on any transport or protocol failure, or when `signal` aborts.
   */
  ping(signal: AbortSignal, progress: CheckProgress): Promise<void>;
  /** Ends the session on the server where the transport can (best effort); never rejects. */
  close(): Promise<void>;
}

/** An HTTP status that means "this session is gone" (the server restarted or expired it). */
export class SessionExpiredError extends Error {
  override readonly name = 'SessionExpiredError';
}

/** The request with `id` for `method`, as the health client sends it. */
export function jsonRpc(method: string, id?: number, params?: Record<string, unknown>): string {
  return JSON.stringify({ jsonrpc: '2.0', ...(id === undefined ? {} : { id }), method, ...(params ? { params } : {}) });
}

/** The params of the initialize request for `protocolVersion`. */
export function initializeParams(context: SessionContext, protocolVersion: string): Record<string, unknown> {
  return { protocolVersion, capabilities: {}, clientInfo: context.clientInfo };
}

/**
 * The negotiated protocol version from initialize's reply; throws when the server refused
 * initialize or replied with something that is not an initialize result.
 */
export function initializeResult(reply: JsonRpcReply): string {
  if (reply.error) throw new Error(`the server refused initialize: ${describeRpcError(reply.error)}`);
  const version = (reply.result as { protocolVersion?: unknown } | undefined)?.protocolVersion;
  if (typeof version !== 'string') throw new Error('the reply to initialize has no protocolVersion');
  return version;
}

/** Headers for a POST of JSON-RPC: the configured ones first, so they cannot change the protocol's. */
export function postHeaders(context: SessionContext, extra: OutgoingHttpHeaders = {}): OutgoingHttpHeaders {
  return { ...context.headers, 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...extra };
}

/** Throws for a non-2xx response (after draining it), naming the status and what it answered. */
export function expectOk(res: IncomingMessage, what: string): void {
  const status = res.statusCode ?? 0;
  if (status >= 200 && status < 300) return;
  res.resume();
  throw new Error(`${what} got HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}`);
}

function describeRpcError(error: { code: number; message: string }): string {
  return `${error.message} (${error.code})`;
}
