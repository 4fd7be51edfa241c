import { describe, expect, it } from 'vitest';
import { STANDARD_LABELS } from '../../../shared/labels';
import { buildCreateOptions, type ContainerSpec } from '../../../electron/core/runtime/container-spec';
import { ContainerSpecError } from '../../../electron/core/runtime/errors';

const stdioSpec: ContainerSpec = { name: 'fetch', image: 'example/fetch:1', transport: 'stdio', proxyPort: 4100 };
const httpSpec: ContainerSpec = { name: 'web', image: 'example/web:1', transport: 'streamable-http', proxyPort: 4200, targetPort: 8080 };

describe('buildCreateOptions', () => {
  it('names the container after the workload and sets the four standard labels', () => {
    const options = buildCreateOptions(stdioSpec);
    expect(options.name).toBe('fetch');
    expect(options.Labels).toEqual({
      [STANDARD_LABELS.name]: 'fetch',
      [STANDARD_LABELS.baseName]: 'fetch',
      [STANDARD_LABELS.transport]: 'stdio',
      [STANDARD_LABELS.port]: '4100',
    });
  });

  it('keeps the user labels and lets ours win on a clash', () => {
    const options = buildCreateOptions({ ...stdioSpec, labels: { team: 'tools', [STANDARD_LABELS.name]: 'spoofed' } });
    expect(options.Labels).toMatchObject({ team: 'tools', [STANDARD_LABELS.name]: 'fetch' });
  });

  it('hardens every container: init, no capabilities, no new privileges', () => {
    const { HostConfig } = buildCreateOptions(httpSpec);
    expect(HostConfig).toMatchObject({ Init: true, CapDrop: ['ALL'], SecurityOpt: ['no-new-privileges'] });
  });

  it('runs without init only when asked', () => {
    expect(buildCreateOptions({ ...stdioSpec, initEnabled: false }).HostConfig?.Init).toBe(false);
  });

  it('opens stdin without a TTY for stdio, and keeps it open across attaches', () => {
    const options = buildCreateOptions(stdioSpec);
    expect(options).toMatchObject({ OpenStdin: true, StdinOnce: false, AttachStdin: true, AttachStdout: true, AttachStderr: true, Tty: false });
    expect(options.ExposedPorts).toBeUndefined();
    expect(options.HostConfig?.PortBindings).toBeUndefined();
  });

  it('publishes the target port on 127.0.0.1 only, on a free port when none is given', () => {
    const options = buildCreateOptions(httpSpec);
    expect(options.ExposedPorts).toEqual({ '8080/tcp': {} });
    expect(options.HostConfig?.PortBindings).toEqual({ '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] });
    expect(options.OpenStdin).toBeUndefined();
  });

  it('publishes on the given host port', () => {
    const options = buildCreateOptions({ ...httpSpec, transport: 'sse', hostPort: 49999 });
    expect(options.HostConfig?.PortBindings).toEqual({ '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '49999' }] });
  });

  it('passes env, volumes and command arguments through', () => {
    const options = buildCreateOptions({
      ...stdioSpec,
      env: { TOKEN: 'a=b', EMPTY: '' },
      volumes: [
        { hostPath: '/data', containerPath: '/data', readOnly: true },
        { hostPath: 'cache', containerPath: '/cache', readOnly: false },
        { hostPath: '/home/me', containerPath: '/work', readOnly: false },
      ],
      cmdArgs: ['--verbose', 'x y'],
    });
    expect(options.Env).toEqual(['TOKEN=a=b', 'EMPTY=']);
    expect(options.HostConfig?.Binds).toEqual(['/data:/data:ro', 'cache:/cache', '/home/me:/work']);
    expect(options.Cmd).toEqual(['--verbose', 'x y']);
  });

  it('leaves the image CMD alone when no arguments are given', () => {
    expect(buildCreateOptions(stdioSpec).Cmd).toBeUndefined();
  });

  it('refuses an sse or streamable-http spec without a target port, naming the container', () => {
    expect(() => buildCreateOptions({ ...httpSpec, targetPort: undefined })).toThrow(ContainerSpecError);
    expect(() => buildCreateOptions({ ...httpSpec, targetPort: undefined })).toThrow(/"web".*needs a target port/);
  });

  it('refuses ports outside 1-65535', () => {
    expect(() => buildCreateOptions({ ...httpSpec, targetPort: 0 })).toThrow(/target port 0/);
    expect(() => buildCreateOptions({ ...httpSpec, hostPort: 70000 })).toThrow(/host port 70000/);
    expect(() => buildCreateOptions({ ...stdioSpec, proxyPort: 1.5 })).toThrow(/proxy port 1.5/);
  });

  it('refuses bad env keys and volumes', () => {
    expect(() => buildCreateOptions({ ...stdioSpec, env: { 'A=B': 'x' } })).toThrow(/environment variable name "A=B"/);
    expect(() => buildCreateOptions({ ...stdioSpec, volumes: [{ hostPath: '', containerPath: '/d', readOnly: false }] })).toThrow(ContainerSpecError);
    expect(() => buildCreateOptions({ ...stdioSpec, volumes: [{ hostPath: '/data', containerPath: 'data', readOnly: false }] })).toThrow(/must be absolute/);
  });

  it('refuses an empty name or image', () => {
    expect(() => buildCreateOptions({ ...stdioSpec, name: '' })).toThrow(/name is empty/);
    expect(() => buildCreateOptions({ ...stdioSpec, image: ' ' })).toThrow(/image is empty/);
  });

  it('is pure: the same spec gives equal options and the spec is not changed', () => {
    const spec: ContainerSpec = { ...httpSpec, labels: { a: '1' }, cmdArgs: ['x'] };
    const copy = structuredClone(spec);
    expect(buildCreateOptions(spec)).toEqual(buildCreateOptions(spec));
    expect(spec).toEqual(copy);
  });
});
