/** The MCP server can no longer be reached: its stdout ended, or writing to its stdin failed. */
export class ServerClosedError extends Error {
  override readonly name = 'ServerClosedError';
  constructor(readonly reason: string) {
    super(`the MCP server is gone: ${reason}`);
  }
}

/** A request the bridge itself sent (a ping) got no reply in time. */
export class BridgeRequestTimeoutError extends Error {
  override readonly name = 'BridgeRequestTimeoutError';
  constructor(
    readonly method: string,
    readonly timeoutMs: number,
  ) {
    super(`the MCP server did not answer ${method} within ${timeoutMs} ms`);
  }
}
