import type { ContainerCreateOptions } from 'dockerode';
import { STANDARD_LABELS } from '../../../shared/labels';
import type { Transport, Volume } from '../../../shared/run-config';
import { ContainerSpecError } from './errors';


/** Everything needed to create one workload's container. */
export interface ContainerSpec {
  /** The workload name; it is also the container name. */
  name: string;
  image: string;
  transport: Transport;
  /** The proxy port clients use on 127.0.0.1; recorded in the `mcpdesk.io/port` label only. */
  proxyPort: number;
  /** The port the server listens on inside the container. Required for sse and streamable-http, ignored for stdio. */
  targetPort?: number;
  /** The host port to publish the target port on (127.0.0.1 only). Omitted: the engine picks a free one at start. */
  hostPort?: number;
  /** Arguments appended to the image's entrypoint (they replace the image's CMD). Omitted: the image's CMD. */
  cmdArgs?: readonly string[];
  env?: Readonly<Record<string, string>>;
  /** Bind mounts (host path or named volume, absolute container path). */
  volumes?: readonly Volume[];
  /** The user's labels. Ours (the standard labels) win over a user label with the same key. */
  labels?: Readonly<Record<string, string>>;
  /**
   * Run an init process as PID 1 (HostConfig.Init) so SIGTERM reaches the server and stop takes
   * ~0.1 s instead of the full kill timeout. Default true; false exists for the stop benchmark.
   */
  initEnabled?: boolean;
}

const ENV_KEY = /^[^=\0]+$/;

/**
 * Turns a spec into the engine's create options. Pure: no I/O, same input same output.
 * Hardening is not optional: every container drops all capabilities, may not gain privileges
 * (no-new-privileges) and publishes ports on 127.0.0.1 only. Throws ContainerSpecError naming the
 * container and the offending field for an empty name or image, a port outside 1-65535, a
 * missing target port for sse/streamable-http, an env key that is empty or holds "=", or a
 * volume with an empty host path or a relative container path.
 */
export function buildCreateOptions(spec: ContainerSpec): ContainerCreateOptions {
  const problem = (what: string): ContainerSpecError => new ContainerSpecError(`invalid container spec "${spec.name}": ${what}`);
  if (spec.name.trim().length === 0) throw new ContainerSpecError('invalid container spec: the name is empty');
  if (spec.image.trim().length === 0) throw problem('the image is empty');
  if (!isPort(spec.proxyPort)) throw problem(`proxy port ${spec.proxyPort} is not in 1-65535`);

  const env = Object.entries(spec.env ?? {}).map(([key, value]) => {
    if (!ENV_KEY.test(key)) throw problem(`environment variable name "${key}" is empty or contains "=" or NUL`);
    return `${key}=${value}`;
  });

  const binds = (spec.volumes ?? []).map((volume) => {
    if (volume.hostPath.length === 0) throw problem('a volume has an empty host path');
    if (!volume.containerPath.startsWith('/')) throw problem(`the volume's container path "${volume.containerPath}" must be absolute`);
    return `${volume.hostPath}:${volume.containerPath}${volume.readOnly ? ':ro' : ''}`;
  });

  const labels: Record<string, string> = {
    ...spec.labels,
    [STANDARD_LABELS.name]: spec.name,
    [STANDARD_LABELS.baseName]: spec.name,
    [STANDARD_LABELS.transport]: spec.transport,
    [STANDARD_LABELS.port]: String(spec.proxyPort),
  };

  const hostConfig: NonNullable<ContainerCreateOptions['HostConfig']> = {
    Init: spec.initEnabled ?? true,
    CapDrop: ['ALL'],
    // The bare form: Docker and Podman both accept it; Docker 20.10 warns about the `:true` form's
    // colon and Podman's parser has differed on `=true` across versions.
    SecurityOpt: ['no-new-privileges'],
    Binds: binds,
  };

  const options: ContainerCreateOptions = {
    name: spec.name,
    Image: spec.image,
    Env: env,
    Labels: labels,
    HostConfig: hostConfig,
    Tty: false,
  };
  if (spec.cmdArgs !== undefined) options.Cmd = [...spec.cmdArgs];

  if (spec.transport === 'stdio') {
    options.OpenStdin = true;
    // false keeps stdin open when an attach ends, so the proxy can re-attach after it restarts.
    options.StdinOnce = false;
    options.AttachStdin = true;
    options.AttachStdout = true;
    options.AttachStderr = true;
  } else {
    if (spec.targetPort === undefined) throw problem(`transport ${spec.transport} needs a target port`);
    if (!isPort(spec.targetPort)) throw problem(`target port ${spec.targetPort} is not in 1-65535`);
    if (spec.hostPort !== undefined && !isPort(spec.hostPort)) throw problem(`host port ${spec.hostPort} is not in 1-65535`);
    const key = `${spec.targetPort}/tcp`;
    options.ExposedPorts = { [key]: {} };
    hostConfig.PortBindings = {
      [key]: [{ HostIp: '127.0.0.1', HostPort: spec.hostPort === undefined ? '' : String(spec.hostPort) }],
    };
  }
  return options;
}

function isPort(port: number): boolean {
  return Number.isInteger(port) && port >= 1 && port <= 65535;
}
