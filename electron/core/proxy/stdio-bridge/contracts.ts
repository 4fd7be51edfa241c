import type { JsonRpcMessage } from './json-rpc';

/** Severity of a bridge log line: debug for transitions and drops, warn for skipped input, error for failures. */
export type BridgeLogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Where the bridge writes; the proxy's entry decides where lines go. Never given a secret. */
export type BridgeLog = (level: BridgeLogLevel, message: string) => void;

/** Somewhere messages for one client can be written. */
export interface MessageSink {
  /**
   * Writes one message. Returns false when it could not: the stream is closed (the client went
   * away), or the sink cannot carry this kind of message (a plain JSON reply carries responses
   * only). The caller then drops the message or tries elsewhere; a sink never throws for this.
   */
  deliver(message: JsonRpcMessage): boolean;
}

/**
 * Where the responses, and the progress notifications, of the requests of one HTTP request go: the
 * POST's own event stream (streamable HTTP) or the session's stream (HTTP+SSE).
 */
export interface ReplySink extends MessageSink {
  /**
   * Called exactly once for every request routed with this sink, after which the request gets no
   * more messages: after its response was delivered (or dropped), or when it will get none (the
   * client cancelled it, or its session ended). A POST stream ends once all its requests settled.
   */
  settle(): void;
}

/** A client session as the router sees it: the sink for messages tied to none of its requests. */
export interface ClientSession extends MessageSink {
  /** Unique among the bridge's sessions; also what the client sends back (Mcp-Session-Id, ?sessionId=). */
  readonly id: string;
}
