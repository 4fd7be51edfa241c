import { createProxyLog } from '../core/proxy/proxy-log';
import type { RunRequest } from '../core/workloads/start';
import type { WorkloadManager } from '../core/workloads/workload-manager';

/**
 * `mcpdesk run --foreground`: serves the workload in this process, logging to stderr, until
 * Ctrl-C or SIGTERM; then the workload is stopped and its state kept.
 */
export async function runForeground(manager: WorkloadManager, request: RunRequest): Promise<void> {
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  const log = createProxyLog(process.env, (line) => process.stderr.write(line));
  try {
    const info = await manager.runForeground(request, controller.signal, log);
    process.stdout.write(`${info.name} ${info.status}${info.statusContext ? `: ${info.statusContext}` : ''}\n`);
    if (info.status === 'error') process.exitCode = 1;
  } finally {
    process.off('SIGINT', abort);
    process.off('SIGTERM', abort);
  }
}
