/**
 * JSON-RPC 2.0 messages as MCP uses them, checked by hand: the bridge sees every message twice
 * (client → server and back), and a schema library in that path costs memory and time per message
 * that a proxy per workload should not pay. The checks are structural only; the server and the
 * clients validate the MCP payloads themselves.
 */

/** A request id as MCP allows it: a string or a number (never null in a request). */
export type JsonRpcId = string | number;

/** The `params` of a request or notification: MCP always uses an object. */
export type JsonRpcParams = Record<string, unknown>;

export interface JsonRpcRequest {
  jsonrpc: '2.0';
  id: JsonRpcId;
  method: string;
  params?: JsonRpcParams;
}

export interface JsonRpcNotification {
  jsonrpc: '2.0';
  method: string;
  params?: JsonRpcParams;
}

export interface JsonRpcResult {
  jsonrpc: '2.0';
  id: JsonRpcId;
  result: JsonRpcParams;
}

export interface JsonRpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

export interface JsonRpcError {
  jsonrpc: '2.0';
  /** null only when the sender could not tell which request failed (a parse error). */
  id: JsonRpcId | null;
  error: JsonRpcErrorObject;
}

export type JsonRpcResponse = JsonRpcResult | JsonRpcError;
export type JsonRpcMessage = JsonRpcRequest | JsonRpcNotification | JsonRpcResponse;

/** Error codes of JSON-RPC 2.0, and the two transport codes MCP's SDK uses over HTTP. */
export const ErrorCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InternalError: -32603,
  /** An HTTP request the transport refuses (no session header, wrong method, ...), as the SDK answers it. */
  BadTransportRequest: -32000,
  SessionNotFound: -32001,
} as const;

export function isRequest(message: JsonRpcMessage): message is JsonRpcRequest {
  return 'method' in message && 'id' in message;
}

export function isNotification(message: JsonRpcMessage): message is JsonRpcNotification {
  return 'method' in message && !('id' in message);
}

export function isResponse(message: JsonRpcMessage): message is JsonRpcResponse {
  return !('method' in message);
}

export function isErrorResponse(message: JsonRpcMessage): message is JsonRpcError {
  return 'error' in message && !('method' in message);
}

/**
 * The value as a JSON-RPC message, or undefined when it is not one. Accepted: `jsonrpc: "2.0"`;
 * a request has a string `method` and a string or number `id`; a notification has a `method` and no
 * `id`; a response has a string or number `id` (null too for an error) and exactly one of `result`
 * (an object) or `error` (numeric `code`, string `message`). `params`, when present, must be an
 * object (positional params are JSON-RPC but never MCP). Unknown extra fields are kept, so a newer
 * protocol's fields pass through the bridge untouched.
 */
export function toJsonRpcMessage(value: unknown): JsonRpcMessage | undefined {
  if (!isObject(value) || value.jsonrpc !== '2.0') return undefined;
  if ('method' in value) {
    if (typeof value.method !== 'string') return undefined;
    if ('params' in value && value.params !== undefined && !isObject(value.params)) return undefined;
    if (!('id' in value)) return value as unknown as JsonRpcNotification;
    return isId(value.id) ? (value as unknown as JsonRpcRequest) : undefined;
  }
  const hasResult = 'result' in value;
  const hasError = 'error' in value;
  if (hasResult === hasError) return undefined;
  if (hasResult) return isId(value.id) && isObject(value.result) ? (value as unknown as JsonRpcResult) : undefined;
  const error = value.error;
  if (!isObject(error) || typeof error.code !== 'number' || typeof error.message !== 'string') return undefined;
  return isId(value.id) || value.id === null ? (value as unknown as JsonRpcError) : undefined;
}

/**
 * The messages of a payload that is one message or a batch (an array; MCP 2025-03-26 allows
 * batches). Undefined when any element is not a message or the batch is empty, because a batch
 * that is half valid has no sensible partial meaning to the sender.
 */
export function toJsonRpcMessages(value: unknown): JsonRpcMessage[] | undefined {
  if (!Array.isArray(value)) {
    const message = toJsonRpcMessage(value);
    return message ? [message] : undefined;
  }
  if (value.length === 0) return undefined;
  const messages: JsonRpcMessage[] = [];
  for (const item of value) {
    const message = toJsonRpcMessage(item);
    if (!message) return undefined;
    messages.push(message);
  }
  return messages;
}

/** An error response. */
export function errorResponse(id: JsonRpcId | null, code: number, message: string): JsonRpcError {
  return { jsonrpc: '2.0', id, error: { code, message } };
}

/** The `_meta.progressToken` of a request's params, when it has a usable one (a string or a number). */
export function progressTokenOf(params: JsonRpcParams | undefined): string | number | undefined {
  const meta = params?._meta;
  if (!isObject(meta)) return undefined;
  const token = meta.progressToken;
  return typeof token === 'string' || typeof token === 'number' ? token : undefined;
}

/** `params` with `_meta.progressToken` replaced; every other field (of params and of _meta) kept. */
export function withProgressToken(params: JsonRpcParams, token: string | number): JsonRpcParams {
  const meta = isObject(params._meta) ? params._meta : {};
  return { ...params, _meta: { ...meta, progressToken: token } };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is JsonRpcId {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}
