import { expect } from 'vitest';
import { WorkloadWatch } from '../../../../electron/core/live/workload-watch';
import { createDockerRuntime } from '../../../../electron/core/runtime';
import type { WorkloadState } from '../../../../shared/states';
import type { WorkloadInfo } from '../../../../shared/workload-info';
import { echoThrough } from '../../../integration/workloads/helpers/clients';
import { eventually, type Desk } from '../../../integration/workloads/helpers/harness';
import { since } from './fault-figures';

/** A workload as `mcpdesk list --all --format json` prints it. */
export type Listed = Pick<WorkloadInfo, 'name' | 'status' | 'statusContext' | 'port' | 'url' | 'pid'>;

/** Workload `name` as `mcpdesk list --all --format json` shows it; throws when it is not listed. */
export async function listedBy(desk: Desk, name: string): Promise<Listed> {
  const result = await desk.cli('list', '--all', '--format', 'json');
  expect(result).toMatchObject({ code: 0, stderr: '' });
  const found = (JSON.parse(result.stdout) as Listed[]).find((w) => w.name === name);
  if (!found) throw new Error(`mcpdesk list --all does not show "${name}"`);
  return found;
}

/** `mcpdesk run IMAGE --name NAME --wait [-- ARGS]`, which must succeed; returns the workload as listed then. */
export async function runRunning(desk: Desk, image: string, name: string, ...serverArgs: string[]): Promise<Listed> {
  const ran = await desk.cli('run', image, '--name', name, '--wait', ...(serverArgs.length > 0 ? ['--', ...serverArgs] : []));
  expect(ran).toMatchObject({ code: 0, stderr: '' });
  const info = await listedBy(desk, name);
  expect(info.status).toBe('running');
  return info;
}

/**
 * Recovers workload `name` by `mcpdesk restart NAME` alone and proves it: the command succeeds, the
 * workload runs on `port` again, and a real MCP client's call through the proxy is answered.
 * Returns the milliseconds from the command to the answer.
 */
export async function recoverByRestart(desk: Desk, name: string, port: number): Promise<number> {
  const start = performance.now();
  const restarted = await desk.cli('restart', name);
  expect(restarted, `mcpdesk restart ${name}`).toMatchObject({ code: 0, stderr: '' });
  await expectServing(desk, name, port);
  return since(start);
}

/** Waits until workload `name` runs on `port` and answers a real MCP call through its proxy. */
export async function expectServing(desk: Desk, name: string, port: number): Promise<void> {
  let last: WorkloadInfo | undefined;
  const info = await eventually(`"${name}" to be running`, async () => {
    last = await desk.manager.get(name);
    return last.status === 'running' ? last : undefined;
  }, 60_000).catch((error: unknown) => {
    throw new Error(`${(error as Error).message}; it was last ${last?.status} (${last?.statusContext}, pid ${last?.pid})`, { cause: error });
  });
  expect(info.port).toBe(port);
  const text = `${name} serves again`;
  expect(await echoThrough(info.url, text)).toBe(text);
}

/**
 * The app's live view of a desk (a WorkloadWatch over its manager, as the app holds one), to time
 * how long a fault takes to show without anyone polling.
 */
export class LiveView {
  readonly watch: WorkloadWatch;

  constructor(desk: Desk) {
    this.watch = new WorkloadWatch({ manager: desk.manager, paths: desk.state.paths, runtime: () => createDockerRuntime() });
  }

  /**
   * Resolves with the first change the watch pushes for `name` in state `status` with a reason
   * matching `reason`, from now on; rejects after `ms`, naming the last change seen. (A container
   * removed with `rm -f` is first killed: for a moment it shows as exited, then as gone.)
   */
  next(name: string, status: WorkloadState, reason: RegExp = /(?:)/, ms = 30_000): Promise<WorkloadInfo> {
    return new Promise((resolve, reject) => {
      let last: WorkloadInfo | undefined;
      const onChanged = (info: WorkloadInfo): void => {
        if (info.name !== name) return;
        last = info;
        if (info.status !== status || !reason.test(info.statusContext)) return;
        clearTimeout(timer);
        this.watch.off('changed', onChanged);
        resolve(info);
      };
      const timer = setTimeout(() => {
        this.watch.off('changed', onChanged);
        reject(new Error(`the live view pushed no "${status}" for "${name}" within ${ms} ms (last: ${last ? `${last.status} ${last.statusContext}` : 'none'})`));
      }, ms);
      this.watch.on('changed', onChanged);
    });
  }
}
