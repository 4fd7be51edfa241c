/** The `docker` CLI as the bench's baselines use it: what a user would type instead of mcpdesk. */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The label every container a bench baseline starts carries, valued with the suite's name. */
export const BENCH_LABEL = 'mcpdesk-bench/suite';

/** Runs `docker ARGS` and resolves to its stdout; rejects with the CLI's stderr in the message. */
export async function docker(...args: string[]): Promise<string> {
  try {
    const { stdout } = await run('docker', args, { maxBuffer: 16 * 1024 * 1024, timeout: 120_000 });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`docker ${args[0]} failed: ${stderr || String(error)}`, { cause: error });
  }
}

/** A container name no other run uses: `mcpdesk-bench-<what>-<8 hex>`. */
export function benchContainerName(what: string): string {
  return `mcpdesk-bench-${what}-${randomBytes(4).toString('hex')}`;
}

/** Force-removes every container labelled with this suite's BENCH_LABEL, running or not. */
export async function removeBenchContainers(suite: string): Promise<void> {
  const ids = (await docker('ps', '-aq', '--filter', `label=${BENCH_LABEL}=${suite}`)).split('\n').filter(Boolean);
  if (ids.length > 0) await docker('rm', '-f', ...ids);
}
