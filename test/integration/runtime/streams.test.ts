/**
 * DockerRuntime's byte and event streams against the real engine: stdio attach, logs, events.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import Docker from 'dockerode';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { discoverEngine, type EngineEndpoint } from '../../../electron/core/runtime/discovery';
import { createDockerRuntime, DockerRuntime } from '../../../electron/core/runtime/docker-runtime';
import { RuntimeError } from '../../../electron/core/runtime/errors';
import type { ContainerEvent, RuntimeEventStream } from '../../../electron/core/runtime/event-stream';
import { isPodman, useTestContainerNames } from './helpers/test-containers';

const image = inject('testImage');
const runtime = createDockerRuntime();
const docker = new Docker();
const closers: (() => void)[] = [];
// The suite runs against whatever DOCKER_HOST names; where Podman behaves differently by design
// of its compatible API, the assertion says so.
const podman = await isPodman(docker);

afterEach(() => {
  for (const close of closers.splice(0)) close();
});
const containerName = useTestContainerNames(docker);

function initialize(id: number): string {
  const request = {
    jsonrpc: '2.0',
    id,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'runtime-test', version: '1.0.0' } },
  };
  return `${JSON.stringify(request)}\n`;
}

/** Collects a text stream until `done(text)` holds; rejects after `ms`. */
function readUntil(stream: Readable, done: (text: string) => boolean, ms = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => {
      stream.off('data', onData);
      reject(new Error(`timed out after ${ms} ms; got ${JSON.stringify(text)}`));
    }, ms);
    const onData = (chunk: Buffer | string): void => {
      text += String(chunk);
      if (done(text)) {
        clearTimeout(timer);
        stream.off('data', onData);
        resolve(text);
      }
    };
    stream.on('data', onData);
  });
}

async function readAll(stream: Readable): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text;
}

async function deployStdio(cmdArgs?: string[]): Promise<string> {
  const name = containerName();
  await runtime.deploy({ name, image, transport: 'stdio', proxyPort: 41300, ...(cmdArgs ? { cmdArgs } : {}) });
  return name;
}

describe('attachStdio', () => {
  it('sends an MCP initialize to the server and reads its reply line', async () => {
    const name = await deployStdio();
    const stdio = await runtime.attachStdio(name);
    closers.push(() => stdio.destroy());
    stdio.stderr.resume();

    stdio.write(initialize(7));
    const text = await readUntil(stdio, (t) => t.includes('\n'));
    const reply = JSON.parse(text.split('\n')[0] ?? '') as { id: number; result: { serverInfo: { name: string } } };
    expect(reply.id).toBe(7);
    expect(reply.result.serverInfo.name).toBe('mcpdesk-fixture');
  });

  it('keeps stderr apart from stdout', async () => {
    const name = await deployStdio(['--exit-after=3', '--exit-code=0']);
    const stdio = await runtime.attachStdio(name);
    closers.push(() => stdio.destroy());
    const stderr = readAll(stdio.stderr);
    stdio.write(initialize(1));
    const stdout = await readAll(stdio);

    expect(await stderr).toContain('fixture: exiting with code 0');
    expect(stdout).not.toContain('fixture:');
    expect(JSON.parse(stdout.trim())).toMatchObject({ id: 1 });
  });

  it('ends only this attach on end(); Docker keeps the server stdin open for the next attach, Podman closes it', async () => {
    const name = await deployStdio();
    const first = await runtime.attachStdio(name);
    first.stderr.resume();
    first.write(initialize(1));
    await readUntil(first, (t) => t.includes('\n'));
    first.end();
    await once(first, 'end');

    if (podman) {
      // The fixture exits when its stdin closes.
      await expect.poll(async () => (await runtime.inspect(name))?.running).toBe(false);
      return;
    }
    // The fixture exits when its stdin closes; still running means the engine kept stdin open.
    expect(await runtime.inspect(name)).toMatchObject({ running: true });
    const second = await runtime.attachStdio(name);
    closers.push(() => second.destroy());
    second.stderr.resume();
    second.write(initialize(2));
    const text = await readUntil(second, (t) => t.includes('\n'));
    expect(JSON.parse(text.trim())).toMatchObject({ id: 2 });
  });

  it('refuses a container that is not a stdio workload', async () => {
    const name = containerName();
    await runtime.deploy({ name, image, transport: 'sse', proxyPort: 41301, targetPort: 8080, env: { MCP_TRANSPORT: 'sse' } });
    await expect(runtime.attachStdio(name)).rejects.toThrow(RuntimeError);
    await expect(runtime.attachStdio(name)).rejects.toThrow(/created without stdin open/);
  });
});

describe('logs', () => {
  it('returns stdout and stderr both, and only the last lines with tail', async () => {
    const name = await deployStdio();
    const stdio = await runtime.attachStdio(name);
    closers.push(() => stdio.destroy());
    stdio.stderr.resume();
    stdio.write(initialize(1) + initialize(2) + initialize(3));
    await readUntil(stdio, (t) => t.split('\n').length > 3);

    const all = await readAll(await runtime.logs(name));
    expect(all).toContain('fixture: serving MCP on stdio'); // stderr
    expect(all).toContain('"id":1'); // stdout
    const tail = await readAll(await runtime.logs(name, { tail: 1 }));
    expect(tail.trim().split('\n')).toHaveLength(1);
    expect(tail).toContain('"id":3');
  });

  it('follows new output as it comes and ends when the container stops', async () => {
    const name = await deployStdio();
    const stdio = await runtime.attachStdio(name);
    closers.push(() => stdio.destroy());
    stdio.stderr.resume();
    stdio.write(initialize(1));
    await readUntil(stdio, (t) => t.includes('\n'));
    stdio.resume();

    const follow = await runtime.logs(name, { follow: true, tail: 0 });
    closers.push(() => follow.destroy());
    const seen = readUntil(follow, (t) => t.includes('"id":42'));
    // The engine starts following a moment after logs() returns; keep writing until it shows.
    const writer = setInterval(() => stdio.write(initialize(42)), 250);
    stdio.write(initialize(42));
    try {
      expect(await seen).not.toMatch(/"id":1[,}]/); // tail 0: nothing written before the follow began
    } finally {
      clearInterval(writer);
    }

    const ended = once(follow, 'end');
    await runtime.stop(name, 5);
    // Podman 4.3 keeps a follow open after the container stopped; its readers close it on `die`.
    if (!podman) await ended;
  });
});

describe('events', () => {
  function collect(stream: RuntimeEventStream, name: string): ContainerEvent[] {
    const events: ContainerEvent[] = [];
    stream.on('event', (event) => {
      if (event.name === name) events.push(event);
    });
    return events;
  }

  function connected(stream: RuntimeEventStream): Promise<void> {
    return new Promise((resolve) => stream.once('connected', resolve));
  }

  async function until(check: () => boolean, ms = 10_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('reports create, start, die with the exit code, stop and destroy of our container', async () => {
    const stream = runtime.events();
    closers.push(() => stream.close());
    await connected(stream);
    const name = containerName();
    const events = collect(stream, name);

    const { id } = await runtime.deploy({ name, image, transport: 'stdio', proxyPort: 41302 });
    await runtime.stop(name, 5);
    await runtime.remove(name);
    await until(() => events.some((e) => e.action === 'destroy'));

    const actions = events.map((e) => e.action).filter((a) => ['create', 'start', 'die', 'stop', 'destroy'].includes(a));
    // Podman 4.3 sends no stop event; die is the one both engines send.
    expect(actions).toEqual(podman ? ['create', 'start', 'die', 'destroy'] : ['create', 'start', 'die', 'stop', 'destroy']);
    const die = events.find((e) => e.action === 'die');
    // Init forwards SIGTERM and reports the signal death as 128 + 15.
    expect(die).toMatchObject({ id, exitCode: 143 });
    expect(die?.time.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('reports the exit code of a server that exits by itself', async () => {
    const stream = runtime.events();
    closers.push(() => stream.close());
    await connected(stream);
    const name = containerName();
    const events = collect(stream, name);

    await runtime.deploy({ name, image, transport: 'stdio', proxyPort: 41303, cmdArgs: ['--exit-after=0.2', '--exit-code=7'] });
    await until(() => events.some((e) => e.action === 'die'));
    expect(events.find((e) => e.action === 'die')?.exitCode).toBe(7);
  });

  it('comes back after the engine connection is lost, says so, and sees events again', async () => {
    // A byte-level relay to the real engine stands in for the engine: closing it is what a
    // dockerd restart looks like to us, without restarting the engine other tests use.
    const relay = new EngineRelay(discoverEngine(), join(tmpdir(), `mcpdesk-rt-relay-${randomBytes(4).toString('hex')}.sock`));
    await relay.open();
    closers.push(() => relay.close());
    const stream = new DockerRuntime(relay.endpoint).events({ backoff: { initialMs: 50, maxMs: 200 } });
    closers.push(() => stream.close());
    const signals: string[] = [];
    stream.on('disconnected', () => signals.push('disconnected'));
    stream.on('reconnected', () => signals.push('reconnected'));
    await connected(stream);

    relay.close();
    await until(() => signals.includes('disconnected'));
    await new Promise((resolve) => setTimeout(resolve, 300)); // a few failed attempts while it is gone
    await relay.open();
    await until(() => signals.includes('reconnected'));
    expect(signals).toEqual(['disconnected', 'reconnected']);

    const name = containerName();
    const events = collect(stream, name);
    await runtime.deploy({ name, image, transport: 'stdio', proxyPort: 41305 });
    await until(() => events.some((e) => e.action === 'start'));
  });

  it('does not report containers without our label', async () => {
    const stream = runtime.events();
    closers.push(() => stream.close());
    await connected(stream);
    const all: ContainerEvent[] = [];
    stream.on('event', (event) => all.push(event));
    const foreign = containerName();
    const ours = containerName();

    const container = await docker.createContainer({ name: foreign, Image: image, Labels: { team: 'other' } });
    await container.remove();
    await runtime.deploy({ name: ours, image, transport: 'stdio', proxyPort: 41304 });
    await until(() => all.some((e) => e.name === ours && e.action === 'start'));
    expect(all.filter((e) => e.name === foreign)).toEqual([]);
  });
});

/** Relays a unix socket to the engine byte for byte; close() drops every connection, as a dying engine does. */
class EngineRelay {
  readonly endpoint: EngineEndpoint;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly engine: EngineEndpoint,
    private readonly path: string,
  ) {
    this.endpoint = { kind: 'unix', socketPath: path, engine: 'unknown', label: `unix://${path}` };
  }

  async open(): Promise<void> {
    rmSync(this.path, { force: true });
    const server = createServer((client) => {
      const upstream = this.engine.kind === 'unix' ? connect(this.engine.socketPath) : connect(this.engine.port, this.engine.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    this.server = server;
    server.listen(this.path);
    await once(server, 'listening');
  }

  close(): void {
    this.server?.close();
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    rmSync(this.path, { force: true });
  }
}
