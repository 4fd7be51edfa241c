import path from 'node:path';
import { createDockerRuntime } from '../core/runtime';
import { openState, resolveStateRoot } from '../core/state';
import { proxyCommandFor } from '../core/workloads/proxy-processes';
import { WorkloadManager } from '../core/workloads/workload-manager';

/**
 * The WorkloadManager as the CLI uses it: state under $XDG_STATE_HOME/mcpdesk, the engine from
 * DOCKER_HOST or the default sockets, proxies started with this same node binary running the
 * bundled proxy beside this bundle (dist/cli → dist/proxy).
 */
export function createCliManager(env: NodeJS.ProcessEnv = process.env): WorkloadManager {
  return new WorkloadManager({
    state: openState(resolveStateRoot(env)),
    runtime: () => createDockerRuntime({ env }),
    proxyCommand: proxyCommandFor(path.resolve(__dirname, '..', 'proxy', 'proxy.cjs')),
  });
}
