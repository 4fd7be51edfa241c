import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** Where the proxy's modules write; the proxy's entry decides where lines go. Never given a secret. */
export interface ProxyLog {
  debug(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface HttpForwarderOptions {
  /**
   * The upstream: only its origin is used (scheme, host, port). Its path, query and credentials are
   * ignored, because the proxy mirrors the upstream's paths: `/mcp` goes to `<origin>/mcp`.
   */
  readonly target: URL;
  /**
   * Added to every forwarded request, replacing the client's headers of the same name (any case):
   * a remote server's Authorization, for example. Values are never logged.
   */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * The certificate authorities to trust for an https target, in PEM, instead of Node's bundled
   * ones (a remote server behind a private CA; tests). Default: Node's.
   */
  readonly ca?: string | Buffer;
  readonly log: ProxyLog;
}

/** Handles one request of the proxy's HTTP server by forwarding it; see createHttpForwarder. */
export type HttpForwarder = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Headers that describe one connection rather than the message (RFC 9110 §7.6.1), and Host, which
 * is replaced by the target's. Any header the Connection header names is dropped too.
 */
const NOT_FORWARDED = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'host']);

/**
 * Makes a request handler that forwards every request, any method and path, to `target`'s origin
 * with the request's path and query as they are, and streams both bodies through without buffering.
 *
 * - Headers: hop-by-hop ones (and `proxy-*`) are dropped both ways, Host becomes the target's,
 *   `options.headers` are added over the client's.
 * - Event streams (`text/event-stream`) reach the client event by event: headers are flushed at
 *   once, Nagle is off on both sockets, no content-length is sent, and the stream stays open as long
 *   as both sides keep it open.
 * - Upstream unreachable (or failing before its response starts): 502 with
 *   `{"error": "upstream <origin> unreachable: <code>"}`; only the origin is named, never the path
 *   (a remote URL may carry a key in it) nor a header value.
 * - The client goes away before the response ends: the upstream request is aborted.
 * - The upstream goes away mid-response: an event stream is ended cleanly (its events so far are
 *   whole, and an MCP client reconnects); any other body is cut off (the client's socket is
 *   destroyed), so a truncated JSON body shows as an error rather than as a short body.
 *
 * Bodies pass as they are: nothing is compressed or decompressed, and SSE `endpoint` events are not
 * rewritten (a relative endpoint, as the SDK's servers send, resolves against the proxy's URL).
 *
 * Upgrade requests (WebSocket) are not handled: Node delivers them to the server's 'upgrade' event,
 * which this handler is not attached to. There is no timeout: an event stream may stay idle for
 * hours, and the client decides when to give up.
 */
export function createHttpForwarder(options: HttpForwarderOptions): HttpForwarder {
  const { target, log } = options;
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new Error(`cannot forward to ${target.protocol} URLs: the target must be http or https`);
  }
  const origin = target.origin;
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  // URL keeps an IPv6 literal in brackets; the socket layer wants it bare.
  const hostname = target.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = target.port || (target.protocol === 'https:' ? 443 : 80);
  // Only a custom CA needs an agent of its own; otherwise Node's global (keep-alive) agents serve.
  const agent = options.ca !== undefined && target.protocol === 'https:' ? new HttpsAgent({ keepAlive: true, ca: options.ca }) : undefined;
  const added = Object.entries(options.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value] as const);

  return (req, res) => {
    const path = requestPath(req.url);
    const headers = forwardedHeaders(req.headers);
    headers.host = target.host;
    for (const [name, value] of added) headers[name] = value;

    const upstream = send({ hostname, port, method: req.method, path, headers, ...(agent ? { agent } : {}) });
    let responded = false;

    upstream.on('socket', (socket) => socket.setNoDelay(true));
    upstream.on('response', (upstreamRes) => {
      responded = true;
      const eventStream = isEventStream(upstreamRes.headers['content-type']);
      const responseHeaders = forwardedHeaders(upstreamRes.headers);
      if (eventStream) delete responseHeaders['content-length'];
      res.socket?.setNoDelay(true);
      if (upstreamRes.statusMessage) res.statusMessage = upstreamRes.statusMessage;
      res.writeHead(upstreamRes.statusCode ?? 502, responseHeaders);
      if (eventStream) res.flushHeaders();
      upstreamRes.pipe(res);
      upstreamRes.on('error', () => undefined); // reported through 'close' below
      upstreamRes.on('close', () => {
        // complete is false when the upstream closed before the body ended (or we aborted it
        // because the client left, in which case res is already gone).
        if (upstreamRes.complete || res.writableEnded || res.destroyed) return;
        log.debug(`upstream ${origin} closed ${req.method} ${pathOnly(path)} mid-response`);
        upstreamRes.unpipe(res);
        if (eventStream) res.end();
        else res.destroy();
      });
    });
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      // After the response started, its 'close' handler decides; if the client left first, there
      // is nobody to tell.
      if (responded || res.headersSent || res.destroyed || res.writableEnded) return;
      const reason = error.code ?? error.message;
      log.warn(`upstream ${origin} unreachable for ${req.method} ${pathOnly(path)}: ${reason}`);
      const body = JSON.stringify({ error: `upstream ${origin} unreachable: ${reason}` });
      res.writeHead(502, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
      req.resume(); // let an unread request body drain so the connection can be reused
    });

    // 'close' on the response fires when it finished or when the client's connection went away;
    // only the second leaves the upstream request worth aborting.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.on('error', () => upstream.destroy());
    req.pipe(upstream);
  };
}

/**
 * The request's path and query as the client sent them. A proxy-style absolute URL
 * (`GET http://host/path`) keeps only its path and query; the target is fixed, whatever the URL names.
 */
function requestPath(url: string | undefined): string {
  if (!url) return '/';
  if (url.startsWith('/')) return url;
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return `/${url}`;
  }
}

/** The end-to-end headers of a message: hop-by-hop ones, `proxy-*` and those Connection names dropped. */
function forwardedHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const named = new Set(
    String(headers.connection ?? '')
      .split(',')
      .map((token) => token.trim().toLowerCase())
      .filter(Boolean),
  );
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || NOT_FORWARDED.has(name) || name.startsWith('proxy-') || named.has(name)) continue;
    out[name] = value;
  }
  return out;
}

function isEventStream(contentType: string | undefined): boolean {
  return contentType?.split(';')[0]?.trim().toLowerCase() === 'text/event-stream';
}

/** For logs: the path without its query, which may carry a session id or a key. */
function pathOnly(path: string): string {
  const query = path.indexOf('?');
  return query === -1 ? path : path.slice(0, query);
}
