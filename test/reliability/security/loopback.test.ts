// Issue 5, item 5: everything we listen on is 127.0.0.1 only, checked from /proc/net/tcp(6) while
// workloads of every kind run: detached proxies (stdio, stdio shown as SSE, sse, streamable-http,
// remote), a foreground `mcpdesk run`, the preview server, and the ports published by containers.
import { execFile, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDockerRuntime } from '../../../electron/core/runtime';
import { createDeskService } from '../../../electron/core/service/desk-service';
import { startPreviewServer } from '../../../electron/core/service/preview-server';
import { eventually } from '../../integration/workloads/helpers/harness';
import { useDesk } from '../../integration/workloads/helpers/use-desk';
import { startFixture, stopAll } from '../../integration/proxy/helpers/servers';
import { recordFigures, scaled } from '../helpers/scale';
import { listenersOf, listeningSockets, loopbackOnly, type Listener } from './sockets';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../../..');
const image = inject('testImage');
const desk = useDesk();
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await stopAll();
});

/** Published ports of a container as `docker inspect` shows them: `8080/tcp` → host bindings. */
type PortMap = Record<string, { HostIp: string; HostPort: string }[] | null>;

async function publishedPorts(container: string): Promise<{ container: string; port: string; hostIp: string; hostPort: number }[]> {
  const { stdout } = await run('docker', ['inspect', '--format', '{{json .NetworkSettings.Ports}}', container]);
  const ports = JSON.parse(stdout) as PortMap | null;
  return Object.entries(ports ?? {}).flatMap(([port, bindings]) => (bindings ?? []).map((binding) => ({ container, port, hostIp: binding.HostIp, hostPort: Number(binding.HostPort) })));
}

/** The engine's docker-proxy processes (userland proxy) and the host address and port each serves. */
async function dockerProxies(): Promise<{ pid: number; hostIp: string; hostPort: number }[]> {
  const { stdout } = await run('ps', ['-eo', 'pid=,args=']);
  return stdout.split('\n').flatMap((line) => {
    const match = /^\s*(\d+)\s+\S*docker-proxy\s.*-host-ip\s+(\S+)\s+-host-port\s+(\d+)/.exec(line);
    return match ? [{ pid: Number(match[1]), hostIp: match[2]!, hostPort: Number(match[3]) }] : [];
  });
}

describe('loopback only', () => {
  it.each([
    ['0.0.0.0', false],
    ['::', false],
    ['127.0.0.1', true],
    ['::1', true],
  ] as const)('reads a socket bound to %s from /proc (loopback only: %s), so the check can fail', async (host, loopback) => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    try {
      const port = (server.address() as { port: number }).port;
      const mine = (await listenersOf(process.pid)).filter((socket) => socket.port === port);
      expect(mine).toEqual([expect.objectContaining({ address: host, port })]);
      expect(mine.every(loopbackOnly)).toBe(loopback);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('binds proxies, foreground runs, the preview server and published container ports to 127.0.0.1', async () => {
    const upstream = await startFixture('streamable-http');
    const detached: Record<string, string[]> = {
      'lo-stdio': [image],
      'lo-stdio-sse': [image, '--proxy-mode', 'sse'],
      'lo-sse': [image, '--transport', 'sse'],
      'lo-http': [image, '--transport', 'streamable-http'],
      'lo-remote': ['--remote', upstream.url.href],
    };
    const ran = await Promise.all(Object.entries(detached).map(([name, args]) => desk().cli('run', ...args, '--name', name, '--wait')));
    expect(ran.map((result) => result.stderr)).toEqual(ran.map(() => ''));

    const foreground = desk().spawnCli('run', '--remote', upstream.url.href, '--name', 'lo-foreground', '--foreground');
    children.push(foreground);
    await eventually('the foreground run to serve', async () => ((await desk().manager.get('lo-foreground').catch(() => undefined))?.status === 'running' ? true : undefined), 30_000);

    const core = createDeskService({ state: desk().state, manager: desk().manager, runtime: () => createDockerRuntime() });
    const preview = await startPreviewServer({ handler: core.handler, events: core.events, rendererDir: path.join(repo, 'dist', 'renderer') });
    const previewPort = Number(new URL(preview.url).port);

    const figures = { rounds: 0, listeningSockets: 0, loopbackSockets: 0, proxyProcesses: 0, publishedPorts: 0, dockerProxySockets: 0 };
    /** One look at every listener we own; returns nothing, asserts everything. */
    const inspect = async (): Promise<void> => {
      figures.rounds++;
      const all = await listeningSockets();
      const seen: Listener[] = [];

      for (const name of Object.keys(detached)) {
        const info = await desk().manager.get(name);
        const pid = Number((await readFile(desk().state.paths.pidFile(name), 'utf8')).trim());
        const sockets = await listenersOf(pid, all);
        // Exactly the proxy port: a proxy that also listened elsewhere would show here.
        expect(sockets.map((socket) => socket.port), name).toEqual([info.port]);
        seen.push(...sockets);
        figures.proxyProcesses++;
      }
      const foregroundSockets = await listenersOf(foreground.pid!, all);
      expect(foregroundSockets.map((socket) => socket.port)).toEqual([(await desk().manager.get('lo-foreground')).port]);
      seen.push(...foregroundSockets);
      figures.proxyProcesses++;

      // This process holds the preview server (and the test's own helpers, which count too).
      const here = await listenersOf(process.pid, all);
      expect(here.map((socket) => socket.port)).toContain(previewPort);
      seen.push(...here);

      const ports = (await Promise.all((await desk().containers()).map((line) => publishedPorts(line.split(' ')[0]!)))).flat();
      // The sse and streamable-http containers publish their server port; stdio ones publish none.
      expect(ports.map((port) => port.container).sort()).toEqual(['lo-http', 'lo-sse']);
      for (const port of ports) expect(port, `${port.container} ${port.port}`).toMatchObject({ hostIp: '127.0.0.1' });
      figures.publishedPorts += ports.length;

      // The engine's userland proxy for those ports, when it runs one, must listen on loopback too.
      const hostPorts = new Set(ports.map((port) => port.hostPort));
      for (const proxy of (await dockerProxies()).filter((candidate) => hostPorts.has(candidate.hostPort))) {
        expect(proxy.hostIp).toBe('127.0.0.1');
        const sockets = await listenersOf(proxy.pid, all);
        for (const socket of sockets) expect(socket, `docker-proxy ${proxy.pid}`).toMatchObject({ address: '127.0.0.1', port: proxy.hostPort });
        figures.dockerProxySockets += sockets.length;
        seen.push(...sockets);
      }

      for (const socket of seen) expect(socket, `listener on port ${socket.port}`).toSatisfy(loopbackOnly);
      figures.listeningSockets += seen.length;
      figures.loopbackSockets += seen.filter(loopbackOnly).length;
    };

    try {
      await inspect();
      // Restarted proxies (new processes, the same ports) are checked again, as many times as the scale says.
      for (let round = 0; round < scaled(1, 4); round++) {
        const restarted = await desk().cli('restart', ...Object.keys(detached));
        expect(restarted.code, restarted.stderr).toBe(0);
        for (const name of Object.keys(detached)) await desk().manager.waitFor(name, ['running'], 60_000);
        await inspect();
      }
    } finally {
      await preview.close();
      core.close();
      foreground.kill('SIGTERM');
      await once(foreground, 'exit');
    }
    expect(figures.loopbackSockets).toBe(figures.listeningSockets);
    await recordFigures('security-loopback', figures);
  });
});
