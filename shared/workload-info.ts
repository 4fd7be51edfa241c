import type { Labels } from './labels';
import type { ProxyMode, RunConfig, Transport } from './run-config';
import type { WorkloadState } from './states';

/**
 * One workload as list and get show it: what the CLI prints as JSON and the app displays. The
 * status is derived (status file, container, proxy liveness), never rewritten by reading.
 */
export interface WorkloadInfo {
  readonly name: string;
  readonly kind: 'container' | 'remote';
  readonly status: WorkloadState;
  /** Why the workload is in this state; empty when there is nothing to say. */
  readonly statusContext: string;
  readonly transport: Transport;
  readonly proxyMode: ProxyMode;
  /** What an AI client connects to. */
  readonly url: string;
  /** The proxy port on 127.0.0.1. */
  readonly port: number;
  readonly image?: string | undefined;
  readonly remoteUrl?: string | undefined;
  readonly group?: string | undefined;
  /** The user's labels only. */
  readonly labels: Labels;
  /** The proxy's PID while one is recorded. */
  readonly pid: number | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/**
 * The URL clients use for a workload: the proxy on 127.0.0.1, at `/mcp` for streamable HTTP and
 * `/sse` for SSE; a remote workload keeps the remote URL's path and query.
 */
export function workloadUrl(config: Pick<RunConfig, 'proxyPort' | 'transport' | 'proxyMode' | 'remoteUrl'>): string {
  const base = `http://127.0.0.1:${config.proxyPort}`;
  if (config.remoteUrl) {
    const remote = new URL(config.remoteUrl);
    return `${base}${remote.pathname}${remote.search}`;
  }
  const mode = config.transport === 'stdio' ? config.proxyMode : config.transport;
  return mode === 'sse' ? `${base}/sse` : `${base}/mcp`;
}
