import type { OutgoingHttpHeaders } from 'node:http';
import {
  expectOk,
  initializeParams,
  initializeResult,
  jsonRpc,
  postHeaders,
  SessionExpiredError,
  type CheckProgress,
  type HealthSession,
  type SessionContext,
} from './health-session';
import { drain, readJsonRpcReply, sendHttp } from './json-rpc-http';

/** The protocol version the health client offers over streamable HTTP. */
export const STREAMABLE_PROTOCOL_VERSION = '2025-06-18';

/** How long close() waits for the server to acknowledge DELETE. */
const DELETE_TIMEOUT_MS = 2_000;

/**
 * Opens an MCP session over streamable HTTP: POST initialize (reply as JSON or as an event stream),
 * keep the Mcp-Session-Id it returns (a stateless server returns none, and then none is sent), POST
 * notifications/initialized. Rejects on any failure or when `signal` aborts.
 */
export async function openStreamableSession(context: SessionContext, signal: AbortSignal, progress: CheckProgress): Promise<HealthSession> {
  let nextId = 1;
  const { url, agent } = context;

  progress.step = 'waiting for the reply to initialize';
  const initId = nextId++;
  const initRes = await sendHttp(url, {
    method: 'POST',
    headers: postHeaders(context),
    body: jsonRpc('initialize', initId, initializeParams(context, STREAMABLE_PROTOCOL_VERSION)),
    agent,
    signal,
  });
  expectOk(initRes, 'initialize');
  const sessionId = headerValue(initRes.headers['mcp-session-id']);
  let protocolVersion: string;
  try {
    protocolVersion = initializeResult(await readJsonRpcReply(initRes, initId));
  } catch (error) {
    if (sessionId !== undefined) void deleteSession(context, { 'mcp-session-id': sessionId });
    throw error;
  }

  const sessionHeaders: OutgoingHttpHeaders = { 'mcp-protocol-version': protocolVersion };
  if (sessionId !== undefined) sessionHeaders['mcp-session-id'] = sessionId;

  const session: HealthSession = {
    async ping(pingSignal, pingProgress) {
      pingProgress.step = 'waiting for the reply to ping';
      const id = nextId++;
      const res = await sendHttp(url, {
        method: 'POST',
        headers: postHeaders(context, sessionHeaders),
        body: jsonRpc('ping', id),
        agent,
        signal: pingSignal,
      });
      // 404 to a request carrying a session id is the specification's "this session is gone".
      if (res.statusCode === 404 && sessionId !== undefined) {
        drain(res);
        throw new SessionExpiredError('the server no longer knows the session (HTTP 404)');
      }
      expectOk(res, 'ping');
      await readJsonRpcReply(res, id);
    },
    async close() {
      if (sessionId !== undefined) await deleteSession(context, sessionHeaders);
    },
  };

  progress.step = 'sending notifications/initialized';
  try {
    const res = await sendHttp(url, {
      method: 'POST',
      headers: postHeaders(context, sessionHeaders),
      body: jsonRpc('notifications/initialized'),
      agent,
      signal,
    });
    drain(res);
    expectOk(res, 'notifications/initialized');
  } catch (error) {
    void session.close();
    throw error;
  }
  return session;
}

/** DELETEs the session the headers name; never rejects. */
async function deleteSession(context: SessionContext, sessionHeaders: OutgoingHttpHeaders): Promise<void> {
  try {
    const res = await sendHttp(context.url, {
      method: 'DELETE',
      headers: { ...context.headers, ...sessionHeaders },
      agent: context.agent,
      signal: AbortSignal.timeout(DELETE_TIMEOUT_MS),
    });
    drain(res);
  } catch {
    // The server may be gone or may not support DELETE (405): the session ends with it anyway.
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
