import { statSync } from 'node:fs';
import { RuntimeUnavailableError } from './errors';

/** Where the container engine listens. `label` is how messages name it (a URL-like string). */
export type EngineEndpoint =
  | { kind: 'unix'; socketPath: string; engine: EngineGuess; label: string }
  | { kind: 'tcp'; host: string; port: number; engine: EngineGuess; label: string };

/**
 * Which engine the endpoint probably is, judged from its path only. Podman serves Docker's API, so
 * this is a hint for messages and for Podman-specific defaults, not a guarantee.
 */
export type EngineGuess = 'docker' | 'podman' | 'unknown';

/** The seams discovery reads the world through; tests inject both. */
export interface DiscoveryOptions {
  /** Environment to read DOCKER_HOST and XDG_RUNTIME_DIR from. Default: process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Whether a socket exists at the path. Default: the path exists and is a unix socket. */
  exists?: (path: string) => boolean;
}

/** Docker's default socket on Linux (and, as a compatibility link, Docker Desktop's). */
export const DOCKER_SOCKET = '/var/run/docker.sock';
/** Rootful Podman's API socket (systemd's podman.socket). */
export const PODMAN_ROOT_SOCKET = '/run/podman/podman.sock';

/**
 * Finds the container engine: DOCKER_HOST when set (unix:// or tcp://, used as given even when
 * nothing listens there, because the user asked for it), else the first existing socket of
 * /var/run/docker.sock, $XDG_RUNTIME_DIR/podman/podman.sock, /run/podman/podman.sock.
 * Throws RuntimeUnavailableError listing every candidate when none exists, or when DOCKER_HOST has
 * a scheme we cannot speak (ssh://, npipe://) or cannot be parsed. TLS (DOCKER_TLS_VERIFY) is not
 * supported: a tcp:// endpoint is plain HTTP.
 */
export function discoverEngine(options: DiscoveryOptions = {}): EngineEndpoint {
  const env = options.env ?? process.env;
  const exists = options.exists ?? isSocket;

  const dockerHost = env.DOCKER_HOST?.trim();
  if (dockerHost) return parseDockerHost(dockerHost);

  const candidates = socketCandidates(env);
  for (const candidate of candidates) {
    if (exists(candidate.path)) return unixEndpoint(candidate.path, candidate.engine);
  }
  const tried = ['DOCKER_HOST (unset)', ...candidates.map((c) => c.path)];
  if (!env.XDG_RUNTIME_DIR) tried.splice(2, 0, '$XDG_RUNTIME_DIR/podman/podman.sock (XDG_RUNTIME_DIR unset)');
  throw new RuntimeUnavailableError(
    `no container engine found: is Docker or Podman running? tried ${tried.join(', ')}`,
    tried,
  );
}

/** The default sockets in the order discovery tries them; the Podman user socket needs XDG_RUNTIME_DIR. */
export function socketCandidates(env: Readonly<Record<string, string | undefined>>): { path: string; engine: EngineGuess }[] {
  const candidates: { path: string; engine: EngineGuess }[] = [{ path: DOCKER_SOCKET, engine: 'docker' }];
  const runtimeDir = env.XDG_RUNTIME_DIR?.trim();
  if (runtimeDir) candidates.push({ path: `${runtimeDir.replace(/\/+$/, '')}/podman/podman.sock`, engine: 'podman' });
  candidates.push({ path: PODMAN_ROOT_SOCKET, engine: 'podman' });
  return candidates;
}

/**
 * Parses DOCKER_HOST. `unix:///path` gives the socket; `tcp://host[:port]` gives host and port
 * (2375 when omitted, as the docker CLI does). Throws RuntimeUnavailableError for anything else.
 */
export function parseDockerHost(value: string): EngineEndpoint {
  const tried = [`DOCKER_HOST=${value}`];
  if (value.startsWith('unix://')) {
    const socketPath = value.slice('unix://'.length);
    if (!socketPath.startsWith('/')) {
      throw new RuntimeUnavailableError(`invalid DOCKER_HOST "${value}": a unix socket path must be absolute`, tried);
    }
    return unixEndpoint(socketPath, guessEngine(socketPath));
  }
  if (value.startsWith('tcp://')) {
    let url: URL;
    try {
      url = new URL(`http://${value.slice('tcp://'.length)}`);
    } catch (err) {
      throw new RuntimeUnavailableError(`invalid DOCKER_HOST "${value}": not a host:port`, tried, { cause: err });
    }
    const port = url.port ? Number(url.port) : 2375;
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    return { kind: 'tcp', host, port, engine: 'unknown', label: `tcp://${url.host}${url.port ? '' : ':2375'}` };
  }
  const scheme = /^([a-z0-9+.-]+):\/\//i.exec(value)?.[1];
  const why = scheme ? `the ${scheme}:// scheme is not supported (use unix:// or tcp://)` : 'expected unix:///path or tcp://host:port';
  throw new RuntimeUnavailableError(`invalid DOCKER_HOST "${value}": ${why}`, tried);
}

function unixEndpoint(socketPath: string, engine: EngineGuess): EngineEndpoint {
  return { kind: 'unix', socketPath, engine, label: `unix://${socketPath}` };
}

function guessEngine(socketPath: string): EngineGuess {
  if (socketPath.includes('podman')) return 'podman';
  if (socketPath.includes('docker')) return 'docker';
  return 'unknown';
}

// A leftover regular file or a dangling symlink at the socket path must not win over a live
// Podman socket further down the list.
function isSocket(path: string): boolean {
  try {
    return statSync(path).isSocket();
  } catch {
    return false;
  }
}
