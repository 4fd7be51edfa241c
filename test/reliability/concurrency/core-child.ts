/**
 * A second core in its own process, as the app holds one: one WorkloadManager over the desk's
 * state root, fed operations as JSON lines on stdin, answering each with its outcome as a JSON line
 * on stdout. Run with `node --import tsx core-child.ts ROOT PROXY_SCRIPT IMAGE`.
 */
import { createInterface } from 'node:readline';
import { createDockerRuntime } from '../../../electron/core/runtime';
import { openState } from '../../../electron/core/state';
import { WorkloadManager } from '../../../electron/core/workloads/workload-manager';
import { applyThroughManager, type Operation } from './operations';

const [root, proxyScript, image] = process.argv.slice(2);
if (!root || !proxyScript || !image) throw new Error('usage: core-child.ts ROOT PROXY_SCRIPT IMAGE');

const health = { MCPDESK_HEALTH_INTERVAL_MS: '200', MCPDESK_HEALTH_TIMEOUT_MS: '300' };
const manager = new WorkloadManager({
  state: openState(root),
  runtime: () => createDockerRuntime(),
  proxyCommand: { execPath: process.execPath, script: proxyScript, env: health },
  proxyStopGraceMs: 2_000,
});

for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const { id, operation } = JSON.parse(line) as { id: number; operation: Operation };
  // Operations may overlap, as the app's do: each answers when it is done.
  void applyThroughManager(manager, operation, image).then((outcome) => process.stdout.write(`${JSON.stringify({ id, outcome })}\n`));
}
