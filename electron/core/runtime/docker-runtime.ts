import Docker from 'dockerode';
import type { ContainerInfo as DockerListEntry, ContainerInspectInfo } from 'dockerode';
import type { Readable } from 'node:stream';
import { STANDARD_LABELS } from '../../../shared/labels';
import { openAttachSocket } from './attach-socket';
import { buildCreateOptions, type ContainerSpec } from './container-spec';
import { discoverEngine, type DiscoveryOptions, type EngineEndpoint } from './discovery';
import {
  ContainerExistsError,
  ContainerNotFoundError,
  ImagePullError,
  RuntimeError,
  containerError,
  engineReason,
  engineStatus,
  isUnreachable,
  unavailable,
} from './errors';
import { ReconnectingEventStream, type EventStreamOptions, type RuntimeEventStream } from './event-stream';
import { demuxedText } from './logs';
import { pullFailure } from './pull-progress';
import type {
  ContainerInfo,
  ContainerSummary,
  DeployedContainer,
  LogOptions,
  PublishedPort,
  Runtime,
  StdioAttachment,
} from './runtime';
import { SocketStdioAttachment } from './stdio-attachment';

/** Options of createDockerRuntime. */
export interface DockerRuntimeOptions extends DiscoveryOptions {
  /** Use this endpoint instead of discovering one. */
  endpoint?: EngineEndpoint;
}

/**
 * A Runtime for the engine discovery finds (or the one given). Connecting is lazy: this never
 * touches the engine, so call ping() to learn whether it is there. Throws RuntimeUnavailableError
 * listing what was tried when discovery finds nothing.
 */
export function createDockerRuntime(options: DockerRuntimeOptions = {}): DockerRuntime {
  return new DockerRuntime(options.endpoint ?? discoverEngine(options));
}

/**
 * The Runtime over Docker's Engine API (Docker, or Podman's compatible service) through dockerode.
 * The contract of each method, edge cases included, is documented on Runtime and its parts.
 */
export class DockerRuntime implements Runtime {
  readonly endpoint: string;
  private readonly engine: EngineEndpoint;
  private readonly docker: Docker;

  /** A runtime for `endpoint`. Does not connect; see createDockerRuntime. */
  constructor(endpoint: EngineEndpoint) {
    this.endpoint = endpoint.label;
    this.engine = endpoint;
    // Every connection field is set, undefined included: docker-modem starts from DOCKER_HOST,
    // DOCKER_CERT_PATH and DOCKER_CLIENT_TIMEOUT and would otherwise let the environment override
    // the endpoint we chose (and time out event and log streams).
    const connection =
      endpoint.kind === 'unix'
        ? { socketPath: endpoint.socketPath, host: undefined, port: undefined }
        : { socketPath: undefined, host: endpoint.host, port: endpoint.port };
    this.docker = new Docker({ ...connection, protocol: 'http', timeout: undefined, ca: undefined, cert: undefined, key: undefined });
  }

  async ping(): Promise<void> {
    try {
      await this.docker.ping();
    } catch (err) {
      throw isUnreachable(err) ? unavailable(this.endpoint, err) : new RuntimeError(`failed to ping the container engine at ${this.endpoint}: ${engineReason(err)}`, { cause: err });
    }
  }

  async ensureImage(image: string): Promise<void> {
    try {
      await this.docker.getImage(image).inspect();
      return;
    } catch (err) {
      if (isUnreachable(err)) throw unavailable(this.endpoint, err);
      if (engineStatus(err) !== 404) throw new RuntimeError(`failed to inspect image "${image}": ${engineReason(err)}`, { cause: err });
    }
    let failure: string | undefined;
    try {
      failure = await pullFailure(await this.docker.pull(image));
    } catch (err) {
      if (isUnreachable(err)) throw unavailable(this.endpoint, err);
      throw new ImagePullError(image, engineReason(err), { cause: err });
    }
    if (failure !== undefined) throw new ImagePullError(image, failure);
  }

  async deploy(spec: ContainerSpec): Promise<DeployedContainer> {
    const options = buildCreateOptions(spec);
    // Checked first because Podman answers a taken name with a 500, not Docker's 409.
    if (await this.inspectRaw('create', spec.name)) throw new ContainerExistsError(spec.name);
    await this.ensureImage(spec.image);

    let id: string;
    try {
      id = (await this.docker.createContainer(options)).id;
    } catch (err) {
      if (engineStatus(err) === 409) throw new ContainerExistsError(spec.name, { cause: err });
      // 404 here is the image (removed since ensureImage), not the container.
      if (engineStatus(err) === 404) throw new RuntimeError(`failed to create container "${spec.name}": ${engineReason(err)}`, { cause: err });
      throw containerError('create', spec.name, this.endpoint, err);
    }

    try {
      await this.docker.getContainer(id).start();
    } catch (err) {
      // Leave nothing behind: a created-but-never-started container would block the next deploy
      // of this name with ContainerExistsError.
      await this.docker.getContainer(id).remove({ force: true, v: true }).catch(() => undefined);
      throw containerError('start', spec.name, this.endpoint, err);
    }

    const deployed: DeployedContainer = { id, name: spec.name };
    if (spec.transport !== 'stdio') {
      const info = await this.inspect(spec.name);
      const port = info?.ports.find((p) => p.containerPort === spec.targetPort);
      if (port?.hostPort !== undefined) deployed.hostPort = port.hostPort;
    }
    return deployed;
  }

  async start(name: string): Promise<void> {
    const id = await this.resolve('start', name);
    try {
      await this.docker.getContainer(id).start();
    } catch (err) {
      if (engineStatus(err) === 304) return; // already running
      throw containerError('start', name, this.endpoint, err);
    }
  }

  async stop(name: string, timeoutSeconds = 10): Promise<void> {
    const id = await this.resolve('stop', name);
    try {
      await this.docker.getContainer(id).stop({ t: Math.max(0, Math.round(timeoutSeconds)) });
    } catch (err) {
      if (engineStatus(err) === 304) return; // already stopped
      throw containerError('stop', name, this.endpoint, err);
    }
  }

  async remove(name: string): Promise<void> {
    const id = await this.resolve('remove', name);
    try {
      await this.docker.getContainer(id).remove({ force: true, v: true });
    } catch (err) {
      throw containerError('remove', name, this.endpoint, err);
    }
  }

  async inspect(name: string): Promise<ContainerInfo | undefined> {
    const raw = await this.inspectRaw('inspect', name);
    return raw && toContainerInfo(raw);
  }

  async list(labelFilters: readonly string[] = []): Promise<ContainerSummary[]> {
    const label = [STANDARD_LABELS.name, ...labelFilters.filter((f) => f.length > 0)];
    let entries: DockerListEntry[];
    try {
      entries = await this.docker.listContainers({ all: true, filters: { label } });
    } catch (err) {
      if (isUnreachable(err)) throw unavailable(this.endpoint, err);
      throw new RuntimeError(`failed to list containers with labels ${label.join(', ')}: ${engineReason(err)}`, { cause: err });
    }
    return entries.map(toContainerSummary);
  }

  async logs(name: string, options: LogOptions = {}): Promise<Readable> {
    const raw = await this.inspectRaw('read logs of', name);
    if (!raw) throw new ContainerNotFoundError('read logs of', name);
    const container = this.docker.getContainer(raw.Id);
    const query = {
      stdout: !options.stderrOnly,
      stderr: true,
      // The engine's default is the whole log, so 'all' is simply no tail.
      ...(typeof options.tail === 'number' ? { tail: Math.max(0, Math.floor(options.tail)) } : {}),
      timestamps: options.timestamps ?? false,
      ...(options.since ? { since: Math.floor(options.since.getTime() / 1000) } : {}),
    };
    if (!options.follow) {
      try {
        // dockerode answers a non-following call with the whole body as a Buffer.
        return demuxedText(await container.logs({ ...query, follow: false }), raw.Config.Tty);
      } catch (err) {
        throw containerError('read logs of', name, this.endpoint, err);
      }
    }
    const abort = new AbortController();
    const pending = container.logs({ ...query, follow: true, abortSignal: abort.signal }).catch((err: unknown) => {
      throw containerError('read logs of', name, this.endpoint, err);
    });
    return demuxedText(pending, raw.Config.Tty, () => abort.abort());
  }

  async attachStdio(name: string): Promise<StdioAttachment> {
    const raw = await this.inspectRaw('attach to', name);
    if (!raw) throw new ContainerNotFoundError('attach to', name);
    if (!raw.Config.OpenStdin) throw new RuntimeError(`failed to attach to container "${name}": it was created without stdin open (not a stdio workload)`);
    if (!raw.State.Running) throw new RuntimeError(`failed to attach to container "${name}": it is not running (${raw.State.Status})`);
    try {
      // No `logs` replay: old output would feed stale JSON-RPC replies to the proxy.
      const socket = await openAttachSocket(this.engine, raw.Id);
      return new SocketStdioAttachment(socket);
    } catch (err) {
      throw containerError('attach to', name, this.endpoint, err);
    }
  }

  events(options: EventStreamOptions = {}): RuntimeEventStream {
    // Only the type is filtered by the engine: Podman 4.3 matches a `label` filter only in its
    // key=value form, so a bare key filter would silence it. parseContainerEvent drops events of
    // containers that are not ours.
    const filters = { type: ['container'] };
    return new ReconnectingEventStream((signal) => this.docker.getEvents({ filters, abortSignal: signal } as Docker.GetEventsOptions), options);
  }

  /** The container's ID, refusing the engine's ID-prefix match (see Runtime). Missing: ContainerNotFoundError. */
  private async resolve(operation: string, name: string): Promise<string> {
    const raw = await this.inspectRaw(operation, name);
    if (!raw) throw new ContainerNotFoundError(operation, name);
    return raw.Id;
  }

  private async inspectRaw(operation: string, name: string): Promise<ContainerInspectInfo | undefined> {
    if (name.length === 0) return undefined;
    let raw: ContainerInspectInfo;
    try {
      raw = await this.docker.getContainer(name).inspect();
    } catch (err) {
      if (engineStatus(err) === 404) return undefined;
      throw containerError(operation, name, this.endpoint, err);
    }
    // The engine falls back to an ID-prefix match when no container has the name; that is not ours.
    return raw.Name.replace(/^\//, '') === name || raw.Id === name ? raw : undefined;
  }
}

function toContainerInfo(raw: ContainerInspectInfo): ContainerInfo {
  const state = raw.State;
  const info: ContainerInfo = {
    id: raw.Id,
    name: raw.Name.replace(/^\//, ''),
    image: raw.Config.Image,
    state: state.Status,
    running: state.Running,
    createdAt: new Date(raw.Created),
    labels: raw.Config.Labels ?? {},
    ports: inspectPorts(raw),
    openStdin: raw.Config.OpenStdin,
    init: (raw.HostConfig as { Init?: boolean | null }).Init === true,
  };
  const started = engineDate(state.StartedAt);
  const finished = engineDate(state.FinishedAt);
  if (started) info.startedAt = started;
  if (finished && !state.Running) {
    info.finishedAt = finished;
    info.exitCode = state.ExitCode;
  }
  return info;
}

// Ports come from NetworkSettings (what the engine bound, with the chosen host port) while the
// container runs, and from HostConfig (what was asked for) otherwise.
function inspectPorts(raw: ContainerInspectInfo): PublishedPort[] {
  const bound = raw.NetworkSettings?.Ports ?? {};
  const requested = raw.HostConfig.PortBindings as Record<string, { HostIp?: string; HostPort?: string }[] | null> | undefined;
  const keys = new Set([...Object.keys(requested ?? {}), ...Object.keys(bound)]);
  const ports: PublishedPort[] = [];
  for (const key of keys) {
    const [portText, protocol = 'tcp'] = key.split('/');
    const containerPort = Number(portText);
    const bindings = bound[key] ?? requested?.[key] ?? [];
    for (const binding of bindings ?? []) {
      const port: PublishedPort = { containerPort, protocol, hostIp: binding.HostIp ?? '' };
      const hostPort = Number(binding.HostPort);
      if (binding.HostPort && Number.isInteger(hostPort) && hostPort > 0) port.hostPort = hostPort;
      ports.push(port);
    }
  }
  return ports;
}

function toContainerSummary(entry: DockerListEntry): ContainerSummary {
  const ports: PublishedPort[] = [];
  for (const p of entry.Ports ?? []) {
    // Only published ports: exposed-but-unpublished ones have no IP.
    if (!p.IP) continue;
    const port: PublishedPort = { containerPort: p.PrivatePort, protocol: p.Type, hostIp: p.IP };
    if (p.PublicPort) port.hostPort = p.PublicPort;
    ports.push(port);
  }
  return {
    id: entry.Id,
    name: (entry.Names?.[0] ?? '').replace(/^\//, ''),
    image: entry.Image,
    state: entry.State,
    status: entry.Status,
    createdAt: new Date(entry.Created * 1000),
    labels: entry.Labels ?? {},
    ports,
  };
}

// The engine writes the zero time ("0001-01-01T00:00:00Z") for "never".
function engineDate(text: string | undefined): Date | undefined {
  if (!text || text.startsWith('0001-')) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
