// Entry of a workload's detached proxy process: `node proxy.cjs mcpdesk-proxy --name N --state-root R`.
// It serves the workload until SIGTERM (a stop) or until its container exits, and writes the
// transitions it owns (running, unhealthy, error) to the workload's status file.
import { isRemote } from '../../../shared/run-config';
import type { Runtime } from '../runtime';
import { openState } from '../state';
import { PROXY_MARKER } from '../workloads/proxy-processes';
import { createProxyLog } from './proxy-log';
import { startProxyServer } from './proxy-server';

function argument(flag: string): string | undefined {
  const args = process.argv.slice(process.argv.indexOf(PROXY_MARKER) + 1);
  const at = args.indexOf(flag);
  return at === -1 ? undefined : args[at + 1];
}

function numberFromEnv(name: string): number | undefined {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

async function main(): Promise<void> {
  const log = createProxyLog();
  const name = argument('--name');
  const root = argument('--state-root');
  if (!name || !root) {
    log.error('usage: proxy mcpdesk-proxy --name NAME --state-root DIR');
    process.exit(2);
  }
  const state = openState(root);
  let runtime: Runtime | undefined;
  const config = await state.runConfigs.load(name);
  if (!config) {
    log.error(`workload "${name}" has no saved configuration under ${root}`);
    process.exit(1);
  }
  log.info(`starting the proxy of workload "${name}" on 127.0.0.1:${config.proxyPort} (pid ${process.pid})`);
  // Lean proxies (DESIGN.md): a remote workload's proxy never loads the engine client.
  const engine = isRemote(config) ? undefined : await import('../runtime');
  let proxy;
  try {
    proxy = await startProxyServer({
      config,
      statuses: state.statuses,
      runtime: () => {
        if (!engine) throw new Error(`workload "${name}" is remote: it has no container runtime`);
        return (runtime ??= engine.createDockerRuntime());
      },
      secrets: () => state.secrets.load(name),
      log,
      healthIntervalMs: numberFromEnv('MCPDESK_HEALTH_INTERVAL_MS'),
      healthTimeoutMs: numberFromEnv('MCPDESK_HEALTH_TIMEOUT_MS'),
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    log.error(`failed to start: ${reason}`);
    await state.statuses.moveIf(name, ['starting'], 'error', `the proxy failed to start: ${reason}`).catch(() => undefined);
    process.exit(1);
  }
  log.info(`serving workload "${name}"`);

  const shutdown = async (signal: string): Promise<void> => {
    log.info(`${signal}: closing`);
    await proxy.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  const reason = await proxy.ended;
  log.info(`exiting: ${reason}`);
  await proxy.close();
  process.exit(1);
}

void main().catch((error: unknown) => {
  process.stdout.write(`${new Date().toISOString()} error ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
