import http from 'node:http';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { isRemote, type RunConfig } from '../../../shared/run-config';
import { ContainerNotFoundError, RuntimeUnavailableError } from '../runtime/errors';
import type { Runtime } from '../runtime/runtime';
import type { StatusStore } from '../state/status-store';
import { HealthMonitor } from './health/health-monitor';
import { createHttpHealthClient, type HttpHealthClient } from './health/http-health-client';
import { createHttpForwarder, type ProxyLog } from './http-forwarder';
import { loopbackRequestProblem } from './loopback-guard';
import { createStdioBridge, type StdioBridge } from './stdio-bridge';
import { resolveHeaders } from '../workloads/secret-values';
import { waitUntilAnswering } from './upstream-wait';

/** Options of a workload's proxy server. */
export interface ProxyServerOptions {
  readonly config: RunConfig;
  readonly statuses: StatusStore;
  /** The container runtime; not called for remote workloads. */
  readonly runtime: () => Runtime;
  /** The workload's secret values, which its header references point into. */
  readonly secrets: () => Promise<Record<string, string>>;
  readonly log: ProxyLog;
  /** Health check interval; default 10 s (MCPDESK_HEALTH_INTERVAL_MS in the proxy's environment). */
  readonly healthIntervalMs?: number;
  /** Time one health check gets; default 5 s. */
  readonly healthTimeoutMs?: number;
  /** How long an sse/streamable-http container gets to start listening; default 60 s. */
  readonly upstreamWaitMs?: number;
}

/** A proxy serving one workload on 127.0.0.1:<proxyPort>. */
export interface RunningProxy {
  /** Resolves when the proxy ends by itself (the container exited), with the reason. */
  readonly ended: Promise<string>;
  /** Stops serving: ends client streams, detaches from the container, closes the port. Writes no status. */
  close(): Promise<void>;
}

const UP = ['starting', 'running', 'unhealthy'] as const;

/**
 * A request here is answered with headers and then held open for as long as the proxy lives, so
 * that the app learns of a proxy's death (even by SIGKILL) the moment the connection drops,
 * without polling.
 */
export const ALIVE_PATH = '/.well-known/mcpdesk/alive';

function holdAlive(res: http.ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
  res.flushHeaders();
  // A comment now and then keeps idle-connection reapers away.
  const timer = setInterval(() => res.write(': alive\n\n'), 30_000);
  res.once('close', () => clearInterval(timer));
}

/**
 * Starts serving a workload whose container (if any) runs: attaches to its stdio or forwards to its
 * published port or to the remote URL, listens on 127.0.0.1:<proxyPort> (refusing requests whose
 * Host or Origin is not loopback), then moves the status starting → running. After the first
 * client request, health checks run: failures make the workload unhealthy, recovery running again.
 * When the container exits, health checks stop and the status becomes error with the exit code and
 * the last log lines, and `ended` resolves. An sse/streamable-http server whose container exits
 * before it listens fails the start at once. Throws (writing no status) when it cannot start; the
 * caller records that.
 */
export async function startProxyServer(options: ProxyServerOptions): Promise<RunningProxy> {
  const { config, log } = options;
  const name = config.name;
  const cleanups: Array<() => unknown> = [];
  let resolveEnded: (reason: string) => void = () => undefined;
  const ended = new Promise<string>((resolve) => (resolveEnded = resolve));
  let closing = false;
  let serverGone = false;
  // Set once the monitor exists: the server may be gone before that.
  let stopHealthChecks: () => void = () => undefined;

  const containerExited = async (fallback: string): Promise<void> => {
    if (closing) return;
    // The exit decides the next status. Checks against a server known to be gone would only fail,
    // and could record a spurious unhealthy while the exit's reason is still being read.
    serverGone = true;
    stopHealthChecks();
    const reason = await exitReason(options.runtime(), config, fallback);
    log.warn(`workload "${name}" ended: ${reason}`);
    await options.statuses.moveIf(name, UP, 'error', reason).catch((error: unknown) => log.error(`failed to record the exit: ${String(error)}`));
    resolveEnded(reason);
  };

  let handle: (req: http.IncomingMessage, res: http.ServerResponse) => boolean;
  let ping: (timeoutMs: number) => Promise<void>;
  let onFirstUse: (start: () => void) => void;

  if (!isRemote(config) && config.transport === 'stdio') {
    const attachment = await options.runtime().attachStdio(name);
    attachment.stderr.resume();
    const bridge: StdioBridge = createStdioBridge({
      stdin: attachment,
      stdout: attachment,
      log: (level, message) => (level === 'info' ? log.debug(message) : log[level](message)),
    });
    cleanups.push(() => bridge.close(), () => attachment.destroy());
    bridge.onServerClosed((reason) => void containerExited(reason));
    handle = (req, res) => bridge.handle(req, res);
    ping = (timeoutMs) => bridge.ping(timeoutMs);
    onFirstUse = (start) => bridge.onInitialized(start);
  } else {
    const { target, healthUrl, headers } = await upstreamOf(options);
    const forward = createHttpForwarder({ target, headers, log });
    const health: HttpHealthClient = createHttpHealthClient({ url: healthUrl, transport: config.transport === 'sse' ? 'sse' : 'streamable-http', headers, log });
    cleanups.push(() => health.close());
    let used: () => void = () => undefined;
    handle = (req, res) => {
      used();
      forward(req, res);
      return true;
    };
    ping = (timeoutMs) => health.ping(timeoutMs);
    onFirstUse = (start) => {
      used = () => {
        used = () => undefined;
        start();
      };
    };
    if (!isRemote(config)) {
      const events = options.runtime().events();
      events.on('event', (event) => {
        if (event.name === name && event.action === 'die') void containerExited(`the container exited with code ${event.exitCode ?? 'unknown'}`);
      });
      cleanups.push(() => events.close());
    }
  }

  const monitor = new HealthMonitor({
    ping,
    intervalMs: options.healthIntervalMs,
    timeoutMs: options.healthTimeoutMs,
    log,
    onUnhealthy: async (reason) => {
      if (await options.statuses.moveIf(name, ['running'], 'unhealthy', reason)) log.warn(`workload "${name}" is unhealthy: ${reason}`);
    },
    onRecovered: async () => {
      if (await options.statuses.moveIf(name, ['unhealthy'], 'running', 'health checks pass again')) log.warn(`workload "${name}" recovered`);
    },
  });
  stopHealthChecks = () => monitor.stop();
  onFirstUse(() => {
    if (!serverGone) monitor.start();
  });
  cleanups.unshift(() => monitor.stop());

  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const problem = loopbackRequestProblem(req);
    if (problem) {
      res.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify({ error: problem }));
      return;
    }
    if (req.url === ALIVE_PATH) {
      holdAlive(res);
      return;
    }
    if (!handle(req, res)) res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `no MCP endpoint at ${req.url?.split('?')[0]}` }));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port: config.proxyPort, host: '127.0.0.1', exclusive: true }, resolve);
    });
  } catch (error) {
    await Promise.allSettled(cleanups.map((cleanup) => cleanup()));
    throw new Error(`failed to listen on 127.0.0.1:${config.proxyPort}: ${(error as Error).message}`, { cause: error });
  }

  const close = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    await Promise.allSettled(cleanups.map((cleanup) => cleanup()));
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
  };

  if (!(await options.statuses.moveIf(name, ['starting'], 'running', ''))) {
    await close();
    throw new Error(`workload "${name}" is no longer starting (stopped or removed meanwhile)`);
  }
  return { ended, close };
}

/** Where to forward an sse/streamable-http workload, once its server accepts connections. */
async function upstreamOf(options: ProxyServerOptions): Promise<{ target: URL; healthUrl: URL; headers: Record<string, string> }> {
  const { config } = options;
  const path = config.transport === 'sse' ? '/sse' : '/mcp';
  if (isRemote(config)) {
    const headers = resolveHeaders(config.name, config.headers, await options.secrets());
    const target = new URL(config.remoteUrl!);
    return { target, healthUrl: target, headers };
  }
  const deadline = Date.now() + (options.upstreamWaitMs ?? 60_000);
  // A server that exits before it listens will never answer: fail at once, with its exit code and
  // last log lines, rather than at the deadline with "did not answer in time".
  const notRunning = async (): Promise<Error> => new Error(await exitReason(options.runtime(), config, `the container of workload "${config.name}" is not running`));
  for (;;) {
    const info = await options.runtime().inspect(config.name);
    if (!info?.running) throw await notRunning();
    const published = info.ports.find((port) => port.hostPort !== undefined);
    if (published?.hostPort !== undefined) {
      const target = new URL(`http://127.0.0.1:${published.hostPort}`);
      await waitUntilAnswering(target, deadline, async () => {
        if (!(await options.runtime().inspect(config.name))?.running) throw await notRunning();
      });
      return { target, healthUrl: new URL(path, target), headers: {} };
    }
    if (Date.now() > deadline) throw new Error(`the container of workload "${config.name}" publishes no port`);
    await sleep(100);
  }
}

/**
 * "the container exited with code N: <last lines of its log>" from the engine, "the container is
 * gone" when it was removed (or is being removed), "the container engine stopped answering" when
 * the engine itself went away (dockerd stopped: it takes its containers down with it), or
 * `fallback` when the engine cannot tell.
 */
async function exitReason(runtime: Runtime, config: RunConfig, fallback: string): Promise<string> {
  const name = config.name;
  try {
    // The engine may report the exit a moment after the stream ended.
    let info = await runtime.inspect(name);
    for (let i = 0; i < 20 && info?.running; i++) {
      await sleep(50);
      info = await runtime.inspect(name);
    }
    // `docker rm -f` shows the container as removing (not running) until it is gone.
    if (!info || info.state === 'removing') return 'the container is gone';
    if (info.running) return fallback;
    const code = `the container exited with code ${info.exitCode ?? 'unknown'}`;
    let lines: string;
    try {
      lines = await lastLogLines(runtime, name, 5, config.transport === 'stdio');
    } catch (error) {
      if (error instanceof ContainerNotFoundError) return 'the container is gone';
      return code;
    }
    return lines ? `${code}: ${lines}` : code;
  } catch (error) {
    // The stream's own reason ("MCP server exited") would hide that the engine is what went.
    if (error instanceof RuntimeUnavailableError) return `the container engine stopped answering (${error.message}); restart once it is back`;
    return fallback;
  }
}

/**
 * The last `count` lines the server logged, joined by " | ". A stdio server's stdout is its protocol
 * traffic (tool results included), not its log: only its stderr counts. The engine cuts the tail
 * before it drops stdout, so a longer tail is read then.
 */
async function lastLogLines(runtime: Runtime, name: string, count: number, stderrOnly: boolean): Promise<string> {
  const stream = await runtime.logs(name, stderrOnly ? { tail: 200, stderrOnly } : { tail: count });
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text.trim().split('\n').map((line) => line.trim()).filter(Boolean).slice(-count).join(' | ').slice(0, 600);
}
