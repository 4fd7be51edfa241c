import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { EVENT_CHANNELS, isRequestChannel } from '../../../shared/contract';
import { shorten } from '../../../shared/text';
import type { ContractEventSource } from '../live/contract-events';
import { loopbackRequestProblem } from '../proxy/loopback-guard';
import type { RequestHandler } from './request-handler';

export interface PreviewServerOptions {
  readonly handler: RequestHandler;
  readonly events: ContractEventSource;
  /** The built renderer (dist/renderer). */
  readonly rendererDir: string;
  /** The one-time token; a fresh random one by default. */
  readonly token?: string;
  readonly port?: number;
}

export interface PreviewServer {
  /** The URL to open, token included. */
  readonly url: string;
  close(): Promise<void>;
}

const COOKIE = 'mcpdesk-preview';
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.map': 'application/json' };
const MAX_BODY = 4 * 1024 * 1024;

/**
 * Refuses an Origin other than the preview's own. The loopback guard lets any loopback origin pass
 * (right for an MCP proxy), but here a page of any other local program (a dev server on
 * localhost:3000) is the same site, so the SameSite=Strict cookie goes along with its requests, and
 * a text/plain POST needs no CORS preflight: it could stop or run workloads. Clients that are not
 * browsers send no Origin and still need the token.
 */
function foreignOriginProblem(req: http.IncomingMessage): string | undefined {
  const origin = req.headers.origin;
  if (origin === undefined) return undefined;
  if (origin.toLowerCase() === `http://${String(req.headers.host).toLowerCase()}`) return undefined;
  return `Origin "${shorten(origin)}" is not this preview's own`;
}

/**
 * Serves the real renderer and the contract over HTTP on 127.0.0.1, so the UI can run in any
 * browser where Electron cannot: `POST /api/<channel>` with the JSON input answers the contract's
 * Result (a request that never reaches the handler, an unknown channel, another method, a body too
 * large or not JSON, is answered with a Result too, and a 4xx status), `GET /api/events` streams its events (SSE). Every request needs the one-time token: in
 * the printed URL's `?token=`, which sets an HttpOnly, SameSite=Strict cookie for the rest. A
 * request without it, whose Host is not loopback, or whose Origin is not this server's own, is
 * refused.
 */
export async function startPreviewServer(options: PreviewServerOptions): Promise<PreviewServer> {
  const token = options.token ?? randomBytes(24).toString('hex');
  const expected = Buffer.from(token);
  const tokenMatches = (given: string | undefined): boolean => {
    const got = Buffer.from(given ?? '');
    return got.length === expected.length && timingSafeEqual(got, expected);
  };
  const streams = new Set<http.ServerResponse>();
  const unsubscribes = EVENT_CHANNELS.map((event) =>
    options.events.on(event, (payload) => {
      const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const res of streams) res.write(frame);
    }),
  );

  const server = http.createServer((req, res) => {
    void serve(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });

  async function serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const problem = loopbackRequestProblem(req) ?? foreignOriginProblem(req);
    if (problem) return void res.writeHead(403, { 'content-type': 'text/plain' }).end(`refused: ${problem}`);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const cookie = /(?:^|;\s*)mcpdesk-preview=([0-9a-f]+)/.exec(req.headers.cookie ?? '')?.[1];
    const viaQuery = tokenMatches(url.searchParams.get('token') ?? undefined);
    if (!viaQuery && !tokenMatches(cookie)) return void res.writeHead(403, { 'content-type': 'text/plain' }).end('refused: this preview needs the token from the URL it printed');
    const headers: http.OutgoingHttpHeaders = viaQuery ? { 'set-cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/` } : {};

    if (url.pathname === '/api/events' && req.method === 'GET') {
      res.writeHead(200, { ...headers, 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      res.flushHeaders();
      streams.add(res);
      res.once('close', () => streams.delete(res));
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      const refuse = (status: number, message: string): void =>
        void res.writeHead(status, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error: { code: 'invalid-input', message } }));
      let channel: string;
      try {
        channel = decodeURIComponent(url.pathname.slice('/api/'.length));
      } catch {
        return refuse(404, `refused: the request channel "${shorten(url.pathname.slice('/api/'.length))}" is not valid percent-encoding`);
      }
      if (!isRequestChannel(channel)) return refuse(404, `refused: unknown request channel "${shorten(channel)}"`);
      if (req.method !== 'POST') return refuse(405, `refused: ${channel} takes POST, not ${shorten(req.method ?? '')}`);
      let body = '';
      for await (const chunk of req) {
        body += String(chunk);
        if (body.length > MAX_BODY) return refuse(413, `refused: the ${channel} request is larger than ${MAX_BODY / 1024 / 1024} MB`);
      }
      let input: unknown;
      try {
        input = body === '' ? {} : JSON.parse(body);
      } catch {
        return refuse(400, `invalid ${channel} request: the body is not JSON`);
      }
      const result = await options.handler(channel, input);
      res.writeHead(200, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify(result));
      return;
    }
    const file = url.pathname === '/' ? 'index.html' : path.normalize(url.pathname).replace(/^[/\\]+/, '');
    if (file.includes('..')) return void res.writeHead(404, headers).end();
    const type = TYPES[path.extname(file)];
    const content = type ? await readFile(path.join(options.rendererDir, file)).catch(() => undefined) : undefined;
    if (!content) return void res.writeHead(404, headers).end();
    res.writeHead(200, { ...headers, 'content-type': type! }).end(content);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port ?? 0, host: '127.0.0.1' }, resolve);
  });
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    close: async () => {
      for (const unsubscribe of unsubscribes) unsubscribe();
      for (const res of streams) res.end();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
