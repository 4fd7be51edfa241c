/**
 * Processes and servers the proxy's integration tests run on the host: the fixture MCP server as a
 * plain `node` process, loopback HTTP(S) servers, a self-signed certificate. Everything started here
 * is registered for stopAll(), which each test file calls in afterEach.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { bundleFixtureServer } from '../../../fixtures/image';

const run = promisify(execFile);
const stoppers = new Set<() => Promise<void>>();

/** Stops every process and server started through this module since the last call. */
export async function stopAll(): Promise<void> {
  const all = [...stoppers];
  stoppers.clear();
  await Promise.allSettled(all.map((stop) => stop()));
}

export interface FixtureProcess {
  /** The MCP URL it printed: `http://127.0.0.1:PORT/mcp` or `/sse`. */
  readonly url: URL;
  readonly port: number;
  /** SIGKILLs it and waits for it to be gone (its port is free afterwards). */
  kill(): Promise<void>;
}

/**
 * Runs the fixture MCP server on 127.0.0.1 (`port` 0 = any free port) and resolves once it serves,
 * with the URL it printed. `args` are its switches (`--stop-pings-after=0`, ...).
 */
export async function startFixture(transport: 'streamable-http' | 'sse', options: { port?: number; args?: string[] } = {}): Promise<FixtureProcess> {
  const bundle = await bundleFixtureServer();
  const child = spawn(process.execPath, [bundle, ...(options.args ?? [])], {
    env: { ...process.env, MCP_TRANSPORT: transport, MCP_HOST: '127.0.0.1', MCP_PORT: String(options.port ?? 0) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const kill = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  };
  stoppers.add(kill);
  const url = await servingUrl(child);
  return { url, port: Number(url.port), kill };
}

function servingUrl(child: ChildProcess): Promise<URL> {
  return new Promise((resolve, reject) => {
    const lines: string[] = [];
    const timer = setTimeout(() => fail('did not start serving within 10 s'), 10_000);
    const reader = createInterface({ input: child.stderr! });
    reader.on('line', (line) => {
      lines.push(line);
      const match = /^fixture: serving MCP \([a-z-]+\) on (\S+)$/.exec(line);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(new URL(match[1]));
      }
    });
    child.once('exit', (code) => fail(`exited with code ${code}`));
    function fail(why: string): void {
      clearTimeout(timer);
      reject(new Error(`the fixture server ${why}; stderr:\n${lines.join('\n')}`));
    }
  });
}

/**
 * Listens with `handler` on 127.0.0.1 (any free port), over TLS when `tls` is given; resolves with
 * its origin URL. The server is closed, open connections included, by stopAll().
 */
export async function serve(handler: RequestListener, tls?: { key: string; cert: string }): Promise<{ url: URL; server: Server }> {
  const server: Server = tls ? createHttpsServer(tls, handler) : createHttpServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  stoppers.add(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('the server has no address');
  return { url: new URL(`${tls ? 'https' : 'http'}://127.0.0.1:${address.port}`), server };
}

/** A free loopback port that nothing listens on (taken, then released). */
export async function unusedPort(): Promise<number> {
  const server = createHttpServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== 'object' || !address) throw new Error('no address');
  return address.port;
}

/** A self-signed certificate for 127.0.0.1, made with the openssl CLI; the cert is its own CA. */
export async function selfSignedCertificate(): Promise<{ key: string; cert: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'mcpdesk-proxy-cert-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    await run('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
    ]);
    return { key: await readFile(key, 'utf8'), cert: await readFile(cert, 'utf8') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A log that keeps every line, to check what was (and was not) written. */
export function recordingLog(): { debug(m: string): void; warn(m: string): void; error(m: string): void; lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    debug: (m) => lines.push(`debug ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    error: (m) => lines.push(`error ${m}`),
  };
}
