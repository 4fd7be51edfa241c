import { INSTANCE_LABEL } from '../../../shared/labels';
import type { RunConfig } from '../../../shared/run-config';
import type { ContainerSpec } from '../runtime/container-spec';
import { resolveEnv } from './secret-values';

/** The port an sse or streamable-http server listens on in its container when none is given. */
export const DEFAULT_TARGET_PORT = 8080;

/**
 * The container a RunConfig asks for, labelled with this state root's instance. sse and streamable-http servers are told where to listen
 * (MCP_TRANSPORT, MCP_PORT, MCP_HOST; these win over the user's env of the same names, since the
 * proxy relies on them). Secret environment values are looked up in `secrets` (the workload's);
 * one missing there is an error naming the variable.
 */
export function containerSpecFor(config: RunConfig, instance: string, secrets: Readonly<Record<string, string>> = {}): ContainerSpec {
  if (!config.image) throw new Error(`workload "${config.name}" has no image`);
  const env = resolveEnv(config.name, config.env, secrets);
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
