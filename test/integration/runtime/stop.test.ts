/**
 * Stopping and starting with DockerRuntime against the real engine, and why containers run with
 * an init process: a Node server as PID 1 ignores SIGTERM.
 */
import Docker from 'dockerode';
import { describe, expect, inject, it } from 'vitest';
import { createDockerRuntime } from '../../../electron/core/runtime/docker-runtime';
import { useTestContainerNames } from './helpers/test-containers';

const image = inject('testImage');
const runtime = createDockerRuntime();
const docker = new Docker();

const containerName = useTestContainerNames(docker);

describe('stop', () => {
  it('stops the Node test server in under 2 s when it runs under init', async () => {
    const name = containerName();
    await runtime.deploy({ name, image, transport: 'stdio', proxyPort: 41400 });

    const started = performance.now();
    await runtime.stop(name); // the default 10 s timeout: only a server that ignores SIGTERM waits it out
    const elapsed = performance.now() - started;

    expect(elapsed).toBeLessThan(2000);
    // 143 = 128 + SIGTERM: the server died of the signal, it was not killed after the timeout.
    expect(await runtime.inspect(name)).toMatchObject({ running: false, state: 'exited', exitCode: 143 });
  });

  it('has to kill the same server without init, because PID 1 ignores SIGTERM', async () => {
    const name = containerName();
    await runtime.deploy({ name, image, transport: 'stdio', proxyPort: 41401, initEnabled: false });
    expect(await runtime.inspect(name)).toMatchObject({ init: false });

    await runtime.stop(name, 1);
    // 137 = 128 + SIGKILL: SIGTERM did nothing and the engine killed it when the timeout ran out.
    expect(await runtime.inspect(name)).toMatchObject({ running: false, exitCode: 137 });
  });

  it('treats stopping a stopped container and starting a running one as success', async () => {
    const name = containerName();
    await runtime.deploy({ name, image, transport: 'stdio', proxyPort: 41402 });
    await runtime.start(name);
    await runtime.stop(name, 5);
    await runtime.stop(name, 5);
    expect(await runtime.inspect(name)).toMatchObject({ running: false });
  });

  it('starts a stopped container again with its labels and a fresh run', async () => {
    const name = containerName();
    const { id } = await runtime.deploy({ name, image, transport: 'stdio', proxyPort: 41403, labels: { team: 'tools' } });
    await runtime.stop(name, 5);
    const stopped = await runtime.inspect(name);
    await runtime.start(name);

    const info = await runtime.inspect(name);
    expect(info).toMatchObject({ id, running: true, labels: { team: 'tools' } });
    expect(info?.exitCode).toBeUndefined();
    expect(info?.startedAt?.getTime()).toBeGreaterThan(stopped?.startedAt?.getTime() ?? Infinity);
  });
});
