import type { Duplex, Readable } from 'node:stream';
import type { ContainerSpec } from './container-spec';
import type { RuntimeEventStream, EventStreamOptions } from './event-stream';

/**
 * The container runtime as the workload manager and the proxy see it. Containers are addressed by
 * name (the workload name); an engine ID prefix that happens to look like a name never matches, so
 * acting on "cafe" can never touch someone else's container whose ID starts with cafe.
 *
 * Every method may throw RuntimeUnavailableError when the engine cannot be reached.
 */
export interface Runtime extends ImageStore, Deployer, ContainerReader, ContainerStreams {
  /** Where the engine listens, as messages name it: `unix:///var/run/docker.sock`, `tcp://host:2375`. */
  readonly endpoint: string;

  /** Resolves when the engine answers; throws RuntimeUnavailableError naming the endpoint when not. */
  ping(): Promise<void>;
}

/** Images the containers run. */
export interface ImageStore {
  /**
   * Makes sure `image` is present locally: inspects it, pulls it only when missing. A present image
   * is never re-pulled (a moving tag stays where it is). A failed pull throws ImagePullError whose
   * message is `failed to pull image "<image>": <engine's reason>`.
   */
  ensureImage(image: string): Promise<void>;
}

/** Creating, starting, stopping and removing containers. */
export interface Deployer {
  /**
   * Creates and starts the container the spec describes (pulling its image when missing) and
   * returns what the engine chose (ID, host port). Throws ContainerSpecError before touching the
   * engine when the spec is invalid, ContainerExistsError when the name is taken (the existing
   * container is left alone), ImagePullError when the image cannot be had. When start fails the
   * created container is removed again, so a failed deploy leaves nothing behind.
   */
  deploy(spec: ContainerSpec): Promise<DeployedContainer>;

  /** Starts a created or stopped container. Already running is success. Missing: ContainerNotFoundError. */
  start(name: string): Promise<void>;

  /**
   * Stops a container: SIGTERM, then SIGKILL after `timeoutSeconds` (default 10; 0 kills at once).
   * Already stopped is success. Missing: ContainerNotFoundError.
   */
  stop(name: string, timeoutSeconds?: number): Promise<void>;

  /**
   * Removes a container, running or not, with its anonymous volumes. Named volumes and bind mounts
   * stay. Missing: ContainerNotFoundError (callers that want "gone either way" catch that class).
   */
  remove(name: string): Promise<void>;
}

/** Reading what exists. */
export interface ContainerReader {
  /** The container's state, or undefined when no container has this name. Never throws for "not found". */
  inspect(name: string): Promise<ContainerInfo | undefined>;

  /**
   * Our containers (those carrying `mcpdesk.io/name`), running or not, that match every filter.
   * A filter is `key` (the label is present, any value) or `key=value` (exact value). No filters:
   * all our containers. Other programs' containers are never listed.
   */
  list(labelFilters?: readonly string[]): Promise<ContainerSummary[]>;
}

/** Byte streams to and from containers. */
export interface ContainerStreams {
  /**
   * The container's log as text, stdout and stderr interleaved in the order the engine recorded
   * them. Without `follow` the stream ends after the existing log; with it, it ends when the
   * container stops (Docker; Podman 4.3 keeps it open, so close it on the `die` event) or when the
   * caller destroys it. Missing: ContainerNotFoundError. A following stream is handed out before
   * the engine has answered; an engine failure after that destroys the stream with the error.
   */
  logs(name: string, options?: LogOptions): Promise<Readable>;

  /**
   * Attaches to the stdin/stdout/stderr of a running container created with stdin open (stdio
   * transport). See StdioAttachment. Throws ContainerNotFoundError when missing, RuntimeError when
   * the container is not running or was created without stdin.
   */
  attachStdio(name: string): Promise<StdioAttachment>;

  /**
   * Container events for our containers only, from now on, reconnecting after the engine goes away.
   * Never throws: connection trouble is reported as `disconnected` on the stream.
   */
  events(options?: EventStreamOptions): RuntimeEventStream;
}

/** What deploy made. */
export interface DeployedContainer {
  id: string;
  name: string;
  /** The host port (on 127.0.0.1) the target port is published on; undefined for stdio. */
  hostPort?: number;
}

/** Engine states of a container, as Docker and Podman's compatible API name them. */
export type ContainerState = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead' | (string & {});

/** A published port. */
export interface PublishedPort {
  containerPort: number;
  protocol: string;
  hostIp: string;
  /** Undefined while the container is not running (the engine assigns free ports at start). */
  hostPort?: number;
}

/** One container as inspect sees it. */
export interface ContainerInfo {
  id: string;
  name: string;
  /** The image as the engine recorded it: Docker as given, Podman fully qualified. */
  image: string;
  state: ContainerState;
  running: boolean;
  /** The last exit code; undefined when the container never exited. */
  exitCode?: number;
  createdAt: Date;
  /** Undefined when the container never started. */
  startedAt?: Date;
  /** Undefined when the container never stopped. */
  finishedAt?: Date;
  labels: Record<string, string>;
  ports: PublishedPort[];
  /** Created with stdin open (stdio transport). */
  openStdin: boolean;
  /** Runs under the engine's init process (HostConfig.Init). */
  init: boolean;
}

/** One container as list sees it (cheaper than inspect: no exit code, no timestamps but creation). */
export interface ContainerSummary {
  id: string;
  name: string;
  image: string;
  state: ContainerState;
  /** The engine's human text, such as "Up 3 minutes" or "Exited (0) 2 seconds ago". */
  status: string;
  createdAt: Date;
  labels: Record<string, string>;
  ports: PublishedPort[];
}

/** Options of logs(). */
export interface LogOptions {
  /** Only the last N lines of the existing log; 'all' (the default) for everything. */
  tail?: number | 'all';
  /** Keep the stream open and pass new output on as it comes. */
  follow?: boolean;
  /** Only output written at or after this time. */
  since?: Date;
  /** Prefix each line with the engine's RFC 3339 timestamp. */
  timestamps?: boolean;
  /**
   * Only what the container wrote to stderr (a stdio server's stdout is its protocol, not its log).
   * The engine applies `tail` before it drops stdout, so fewer than `tail` lines may come back.
   */
  stderrOnly?: boolean;
}

/**
 * A live stdio connection to a container. Write JSON-RPC lines to it (they go to the container's
 * stdin), read its stdout from it; stderr is the separate `stderr` stream and must be consumed
 * (read or resume()) or it buffers without bound. Both readable sides end when the container
 * stops or the engine closes the connection.
 *
 * end() closes our side of stdin and the engine then ends this connection's stdout and stderr
 * too; destroy() drops the connection at once. What the server sees differs by engine: Docker
 * keeps the container's stdin open (containers are created with StdinOnce false), so the next
 * attach carries on; Podman 4.3 closes it on either, and a stdio server exits on EOF. So on
 * Podman a proxy that lets go of its attach ends the server.
 */
export interface StdioAttachment extends Duplex {
  readonly stderr: Readable;
}
