import { describe, expect, it } from 'vitest';
import { discoverEngine, parseDockerHost } from '../../../electron/core/runtime/discovery';
import { RuntimeUnavailableError } from '../../../electron/core/runtime/errors';

const existing = (...paths: string[]) => (path: string) => paths.includes(path);

describe('discoverEngine', () => {
  it('uses DOCKER_HOST when set, even when a default socket exists', () => {
    const endpoint = discoverEngine({ env: { DOCKER_HOST: 'unix:///custom/docker.sock' }, exists: existing('/var/run/docker.sock') });
    expect(endpoint).toMatchObject({ kind: 'unix', socketPath: '/custom/docker.sock', label: 'unix:///custom/docker.sock' });
  });

  it('uses DOCKER_HOST even when nothing exists at its path, because the user asked for it', () => {
    const endpoint = discoverEngine({ env: { DOCKER_HOST: 'unix:///nowhere.sock' }, exists: existing() });
    expect(endpoint).toMatchObject({ kind: 'unix', socketPath: '/nowhere.sock' });
  });

  it('reads a tcp DOCKER_HOST as host and port', () => {
    const endpoint = discoverEngine({ env: { DOCKER_HOST: 'tcp://127.0.0.1:2376' }, exists: existing() });
    expect(endpoint).toMatchObject({ kind: 'tcp', host: '127.0.0.1', port: 2376, label: 'tcp://127.0.0.1:2376' });
  });

  it('prefers the Docker socket over the Podman sockets', () => {
    const endpoint = discoverEngine({
      env: { XDG_RUNTIME_DIR: '/run/user/1000' },
      exists: existing('/var/run/docker.sock', '/run/user/1000/podman/podman.sock', '/run/podman/podman.sock'),
    });
    expect(endpoint).toMatchObject({ kind: 'unix', socketPath: '/var/run/docker.sock', engine: 'docker' });
  });

  it('prefers the rootless Podman socket over the rootful one', () => {
    const endpoint = discoverEngine({
      env: { XDG_RUNTIME_DIR: '/run/user/1000/' },
      exists: existing('/run/user/1000/podman/podman.sock', '/run/podman/podman.sock'),
    });
    expect(endpoint).toMatchObject({ socketPath: '/run/user/1000/podman/podman.sock', engine: 'podman' });
  });

  it('falls back to the rootful Podman socket', () => {
    const endpoint = discoverEngine({ env: {}, exists: existing('/run/podman/podman.sock') });
    expect(endpoint).toMatchObject({ socketPath: '/run/podman/podman.sock', engine: 'podman' });
  });

  it('treats an empty DOCKER_HOST as unset', () => {
    const endpoint = discoverEngine({ env: { DOCKER_HOST: '  ' }, exists: existing('/var/run/docker.sock') });
    expect(endpoint).toMatchObject({ socketPath: '/var/run/docker.sock' });
  });

  it('lists every place it tried when no engine is found', () => {
    let error: unknown;
    try {
      discoverEngine({ env: { XDG_RUNTIME_DIR: '/run/user/1000' }, exists: existing() });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(RuntimeUnavailableError);
    const unavailable = error as RuntimeUnavailableError;
    expect(unavailable.tried).toEqual([
      'DOCKER_HOST (unset)',
      '/var/run/docker.sock',
      '/run/user/1000/podman/podman.sock',
      '/run/podman/podman.sock',
    ]);
    for (const place of unavailable.tried) expect(unavailable.message).toContain(place);
  });

  it('says the rootless Podman socket was skipped when XDG_RUNTIME_DIR is unset', () => {
    expect(() => discoverEngine({ env: {}, exists: existing() })).toThrow(/XDG_RUNTIME_DIR unset/);
  });
});

describe('parseDockerHost', () => {
  it('defaults a tcp port to 2375', () => {
    expect(parseDockerHost('tcp://docker.internal')).toMatchObject({ kind: 'tcp', host: 'docker.internal', port: 2375, label: 'tcp://docker.internal:2375' });
  });

  it('reads a bracketed IPv6 host', () => {
    expect(parseDockerHost('tcp://[::1]:2375')).toMatchObject({ kind: 'tcp', host: '::1', port: 2375 });
  });

  it('guesses Podman from a podman socket path', () => {
    expect(parseDockerHost('unix:///run/user/1000/podman/podman.sock')).toMatchObject({ engine: 'podman' });
  });

  it('refuses schemes it cannot speak, naming the scheme', () => {
    expect(() => parseDockerHost('ssh://me@host')).toThrow(RuntimeUnavailableError);
    expect(() => parseDockerHost('ssh://me@host')).toThrow(/ssh:\/\/ scheme is not supported/);
    expect(() => parseDockerHost('npipe:////./pipe/docker_engine')).toThrow(/npipe/);
  });

  it('refuses a value without a scheme and a relative socket path', () => {
    expect(() => parseDockerHost('/var/run/docker.sock')).toThrow(/expected unix:\/\/\/path or tcp:\/\/host:port/);
    expect(() => parseDockerHost('unix://docker.sock')).toThrow(/must be absolute/);
  });
});
