import { INSTANCE_LABEL } from '../../../shared/labels';
import type { RunConfig } from '../../../shared/run-config';
import type { ContainerSpec } from '../runtime/container-spec';
import { WorkloadRequestError } from './errors';

/** The port an sse or streamable-http server listens on in its container when none is given. */
export const DEFAULT_TARGET_PORT = 8080;

/**
 * The container a RunConfig asks for, labelled with this state root's instance. sse and streamable-http servers are told where to listen
 * (MCP_TRANSPORT, MCP_PORT, MCP_HOST; these win over the user's env of the same names, since the
 * proxy relies on them). Throws WorkloadRequestError for a secret reference, which containers
 * cannot receive yet.
 */
export function containerSpecFor(config: RunConfig, instance: string): ContainerSpec {
  if (!config.image) throw new Error(`workload "${config.name}" has no image`);
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(config.env)) {
    if (typeof value !== 'string') throw new WorkloadRequestError(`invalid environment variable "${key}" of workload "${config.name}": secret references are not supported yet`);
    env[key] = value;
  }
  const targetPort = config.targetPort ?? DEFAULT_TARGET_PORT;
  if (config.transport !== 'stdio') {
    env.MCP_TRANSPORT = config.transport;
    env.MCP_PORT = String(targetPort);
    env.MCP_HOST = '0.0.0.0';
  }
  return {
    name: config.name,
    image: config.image,
    transport: config.transport,
    proxyPort: config.proxyPort,
    ...(config.transport === 'stdio' ? {} : { targetPort }),
    cmdArgs: config.cmdArgs.length > 0 ? config.cmdArgs : undefined,
    env,
    volumes: config.volumes,
    labels: { ...config.labels, [INSTANCE_LABEL]: instance },
  };
}
