/**
 * DockerRuntime against the real engine: what deploy makes (labels, hardening, loopback ports),
 * list, remove, image pulls, name resolution.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import Docker from 'dockerode';
import { describe, expect, inject, it } from 'vitest';
import { STANDARD_LABELS } from '../../../shared/labels';
import { isPodman, useTestContainerNames } from './helpers/test-containers';
import { discoverEngine } from '../../../electron/core/runtime/discovery';
import { createDockerRuntime, DockerRuntime } from '../../../electron/core/runtime/docker-runtime';
import {
  ContainerExistsError,
  ContainerNotFoundError,
  ImagePullError,
  RuntimeError,
  RuntimeUnavailableError,
} from '../../../electron/core/runtime/errors';

const image = inject('testImage');
const runtime = createDockerRuntime();
const docker = new Docker();
const RUN_LABEL = 'mcpdesk-test/run';
const runId = randomBytes(4).toString('hex');
// The suite runs against whatever DOCKER_HOST names; where Podman's compatible API differs in
// what it reports (not in what it does), the assertion says so.
const podman = await isPodman(docker);
/** Docker records the image as given; Podman qualifies it (localhost/..., docker.io/library/...). */
const recordedImage = expect.stringMatching(new RegExp(`(^|/)${image.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));

const containerName = useTestContainerNames(docker);

const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'runtime-test', version: '1.0.0' } },
};

/** POSTs an MCP initialize until the server inside answers (docker-proxy accepts before the server listens). */
async function initializeOverHttp(port: number): Promise<Response> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      return await fetch(`http://127.0.0.1:${port}/mcp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify(INITIALIZE),
        signal: AbortSignal.timeout(2_000),
      });
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`nothing answered on 127.0.0.1:${port} within 15 s`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

function restoreEnv(key: string, value: string | undefined): void {
  if (value === undefined) delete process.env[key];
  else process.env[key] = value;
}

/** A field of /proc/<pid>/status, e.g. NoNewPrivs or CapEff. */
async function procStatus(pid: number, field: string): Promise<string | undefined> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return new RegExp(`^${field}:\\s*(\\S+)`, 'm').exec(status)?.[1];
}

describe('deploy', () => {
  it('labels the container with the standard labels and the user labels', async () => {
    const name = containerName();
    await runtime.deploy({ name, image, transport: 'stdio', proxyPort: 41234, labels: { team: 'tools', [RUN_LABEL]: runId } });

    const raw = await docker.getContainer(name).inspect();
    // Engines add the image's own labels (Podman's images carry io.buildah.version).
    const labels = Object.fromEntries(Object.entries(raw.Config.Labels).filter(([key]) => key !== 'io.buildah.version'));
    expect(labels).toEqual({
      [STANDARD_LABELS.name]: name,
      [STANDARD_LABELS.baseName]: name,
      [STANDARD_LABELS.transport]: 'stdio',
      [STANDARD_LABELS.port]: '41234',
      team: 'tools',
      [RUN_LABEL]: runId,
    });
    const info = await runtime.inspect(name);
    expect(info).toMatchObject({ name, image: recordedImage, state: 'running', running: true, openStdin: true, init: true });
    expect(info?.labels).toEqual(raw.Config.Labels);
  });

  it('runs the server under init with no capabilities and no new privileges', async () => {
    const name = containerName();
    await runtime.deploy({ name, image, transport: 'stdio', proxyPort: 41235 });

    const raw = await docker.getContainer(name).inspect();
    expect(raw.HostConfig).toMatchObject({ Init: true, SecurityOpt: ['no-new-privileges'] });
    // Podman records the drop as the list of capabilities it dropped.
    expect(raw.HostConfig.CapDrop).toEqual(podman ? expect.arrayContaining(['CHOWN', 'KILL', 'SETUID', 'NET_RAW']) : ['ALL']);
    // What the kernel enforces, not just what the engine recorded (the engine runs on this host).
    const initPid = raw.State.Pid;
    const children = (await readFile(`/proc/${initPid}/task/${initPid}/children`, 'utf8')).trim().split(/\s+/).map(Number);
    expect(children).toHaveLength(1);
    for (const pid of [initPid, ...children]) {
      expect(await procStatus(pid, 'NoNewPrivs')).toBe('1');
      expect(await procStatus(pid, 'CapEff')).toBe('0000000000000000');
      expect(await procStatus(pid, 'CapBnd')).toBe('0000000000000000');
    }
    expect(await readFile(`/proc/${children[0]}/cmdline`, 'utf8')).toContain('node');
  });

  it('publishes the target port on 127.0.0.1 only, on the free port inspect reports, and the server answers there', async () => {
    const name = containerName();
    const deployed = await runtime.deploy({
      name,
      image,
      transport: 'streamable-http',
      proxyPort: 41236,
      targetPort: 8080,
      env: { MCP_TRANSPORT: 'streamable-http', MCP_PORT: '8080' },
    });

    expect(deployed.hostPort).toBeGreaterThan(0);
    const raw = await docker.getContainer(name).inspect();
    // Docker records the request (HostPort ''), Podman the port it chose.
    expect(raw.HostConfig.PortBindings).toEqual({ '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: podman ? String(deployed.hostPort) : '' }] });
    expect(raw.NetworkSettings.Ports['8080/tcp']).toEqual([{ HostIp: '127.0.0.1', HostPort: String(deployed.hostPort) }]);
    const info = await runtime.inspect(name);
    expect(info?.ports).toEqual([{ containerPort: 8080, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: deployed.hostPort }]);

    const reply = await initializeOverHttp(deployed.hostPort ?? 0);
    expect(reply.status).toBe(200);
    expect(await reply.text()).toContain('mcpdesk-fixture');
  });

  it('refuses a taken name and leaves the existing container alone', async () => {
    const name = containerName();
    const first = await runtime.deploy({ name, image, transport: 'stdio', proxyPort: 41237 });
    await expect(runtime.deploy({ name, image, transport: 'stdio', proxyPort: 41238 })).rejects.toBeInstanceOf(ContainerExistsError);
    const info = await runtime.inspect(name);
    expect(info).toMatchObject({ id: first.id, running: true });
    expect(info?.labels[STANDARD_LABELS.port]).toBe('41237');
  });

  it('gives an ImagePullError naming a missing image and leaves no container behind', async () => {
    const name = containerName();
    const missing = 'mcpdesk-test/does-not-exist:0';
    const error = await runtime.deploy({ name, image: missing, transport: 'stdio', proxyPort: 41239 }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ImagePullError);
    expect((error as ImagePullError).message).toMatch(/^failed to pull image "mcpdesk-test\/does-not-exist:0": \S/);
    expect((error as ImagePullError).image).toBe(missing);
    expect(await runtime.inspect(name)).toBeUndefined();
    expect(await docker.listContainers({ all: true, filters: { name: [name] } })).toEqual([]);
  });

  it('removes the container again when it cannot start, here because the host port is taken', async () => {
    const blocker = createServer();
    blocker.listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const taken = (blocker.address() as AddressInfo).port;
    try {
      const name = containerName();
      const error = await runtime
        .deploy({ name, image, transport: 'sse', proxyPort: 41246, targetPort: 8080, hostPort: taken, env: { MCP_TRANSPORT: 'sse' } })
        .catch((err: unknown) => err);
      expect(error).toBeInstanceOf(RuntimeError);
      expect((error as Error).message).toMatch(new RegExp(`^failed to start container "${name}": `));
      expect(await runtime.inspect(name)).toBeUndefined();
    } finally {
      blocker.close();
    }
  });

  it('uses a present image without pulling it (no registry is needed)', async () => {
    await expect(runtime.ensureImage(image)).resolves.toBeUndefined();
  });
});

describe('list', () => {
  it('picks the containers whose labels match every filter', async () => {
    const a = containerName();
    const b = containerName();
    await Promise.all([
      runtime.deploy({ name: a, image, transport: 'stdio', proxyPort: 41240, labels: { [RUN_LABEL]: runId, team: 'alpha' } }),
      runtime.deploy({ name: b, image, transport: 'stdio', proxyPort: 41241, labels: { [RUN_LABEL]: runId, team: 'beta' } }),
    ]);

    const both = await runtime.list([`${RUN_LABEL}=${runId}`]);
    expect(both.map((c) => c.name).sort()).toEqual([a, b].sort());
    const alpha = await runtime.list([`${RUN_LABEL}=${runId}`, 'team=alpha']);
    expect(alpha.map((c) => c.name)).toEqual([a]);
    expect(alpha[0]).toMatchObject({ state: 'running', image: recordedImage, labels: { team: 'alpha', [STANDARD_LABELS.port]: '41240' } });
    const keyOnly = await runtime.list([`${RUN_LABEL}=${runId}`, 'team']);
    expect(keyOnly).toHaveLength(2);
  });

  it('lists stopped containers too, and never containers without our label', async () => {
    const ours = containerName();
    const foreign = containerName();
    await runtime.deploy({ name: ours, image, transport: 'stdio', proxyPort: 41242, labels: { [RUN_LABEL]: runId } });
    await runtime.stop(ours, 0);
    await docker.createContainer({ name: foreign, Image: image, Labels: { [RUN_LABEL]: runId } });

    const listed = await runtime.list([`${RUN_LABEL}=${runId}`]);
    expect(listed.map((c) => [c.name, c.state])).toEqual([[ours, 'exited']]);
  });
});

describe('remove and lookups by name', () => {
  it('removes a running container, after which inspect returns undefined', async () => {
    const name = containerName();
    await runtime.deploy({ name, image, transport: 'stdio', proxyPort: 41243 });
    await runtime.remove(name);
    expect(await runtime.inspect(name)).toBeUndefined();
    await expect(runtime.remove(name)).rejects.toBeInstanceOf(ContainerNotFoundError);
  });

  it('names the operation and the container when it is missing', async () => {
    const name = `mcpdesk-rt-test-missing-${randomBytes(4).toString('hex')}`;
    await expect(runtime.stop(name)).rejects.toThrow(new ContainerNotFoundError('stop', name));
    await expect(runtime.stop(name)).rejects.toThrow(`failed to stop container "${name}": container not found`);
    await expect(runtime.start(name)).rejects.toBeInstanceOf(ContainerNotFoundError);
    await expect(runtime.logs(name)).rejects.toBeInstanceOf(ContainerNotFoundError);
    await expect(runtime.attachStdio(name)).rejects.toBeInstanceOf(ContainerNotFoundError);
  });

  it('never takes an ID prefix for a name', async () => {
    const name = containerName();
    const { id } = await runtime.deploy({ name, image, transport: 'stdio', proxyPort: 41244 });
    const prefix = id.slice(0, 12);
    // The engine itself would resolve the prefix to this container.
    expect((await docker.getContainer(prefix).inspect()).Id).toBe(id);
    expect(await runtime.inspect(prefix)).toBeUndefined();
    await expect(runtime.remove(prefix)).rejects.toBeInstanceOf(ContainerNotFoundError);
    expect(await runtime.inspect(name)).toMatchObject({ id, running: true });
  });
});

describe('an engine that is not there', () => {
  it('fails ping with RuntimeUnavailableError naming the socket', async () => {
    const absent = new DockerRuntime({ kind: 'unix', socketPath: '/tmp/mcpdesk-no-engine.sock', engine: 'docker', label: 'unix:///tmp/mcpdesk-no-engine.sock' });
    const error = await absent.ping().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(RuntimeUnavailableError);
    expect((error as Error).message).toContain('unix:///tmp/mcpdesk-no-engine.sock');
    await expect(absent.inspect('anything')).rejects.toBeInstanceOf(RuntimeUnavailableError);
  });

  it('talks to the endpoint it was given even when DOCKER_HOST and DOCKER_CLIENT_TIMEOUT say otherwise', async () => {
    const saved = { host: process.env.DOCKER_HOST, timeout: process.env.DOCKER_CLIENT_TIMEOUT };
    const real = discoverEngine();
    process.env.DOCKER_HOST = 'tcp://127.0.0.1:1';
    process.env.DOCKER_CLIENT_TIMEOUT = '1';
    try {
      const explicit = new DockerRuntime(real);
      await expect(explicit.ping()).resolves.toBeUndefined();
      const name = containerName();
      await explicit.deploy({ name, image, transport: 'stdio', proxyPort: 41245 });
      expect(await explicit.inspect(name)).toMatchObject({ running: true });
    } finally {
      restoreEnv('DOCKER_HOST', saved.host);
      restoreEnv('DOCKER_CLIENT_TIMEOUT', saved.timeout);
    }
  });

  it('answers ping on the real engine', async () => {
    await expect(runtime.ping()).resolves.toBeUndefined();
  });
});
