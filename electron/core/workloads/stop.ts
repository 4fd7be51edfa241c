import { rm } from 'node:fs/promises';
import { isRemote, type RunConfig } from '../../../shared/run-config';
import type { WorkloadState } from '../../../shared/states';
import { ContainerNotFoundError } from '../runtime/errors';
import { WorkloadNotFoundError } from '../state/errors';
import { reasonOf, type WorkloadContext } from './context';
import { WorkloadStateError } from './errors';
import { isOurContainer } from './ownership';
import { proxyLogFile, stopProxies } from './proxy-processes';

const UP: readonly WorkloadState[] = ['starting', 'running', 'unhealthy'];

/** What stop did, for the one-line report per name. */
export type StopOutcome = 'stopped' | 'already stopped';

/**
 * Stops a workload and keeps its state: proxy first (SIGTERM, then SIGKILL; only processes
 * verified to be this workload's proxy, stale ones included), then the container; the status goes
 * stopping → stopped. A workload in error has its leftovers stopped and stays in error (the table
 * has no error → stopped edge). A stop that fails midway leaves the status in error with the reason.
 */
export async function stopWorkload(ctx: WorkloadContext, config: RunConfig): Promise<StopOutcome> {
  const name = config.name;
  const current = await ctx.state.statuses.getWorkload(name);
  if (current?.status === 'removing') throw new WorkloadStateError(`failed to stop workload "${name}": it is being removed`);
  // The proxy may record its container's exit (→ error) between that read and this move, so the
  // move is conditional: a workload that went to error meanwhile is stopped and stays in error.
  const settle = current?.status === 'stopping' || (await ctx.state.statuses.moveIf(name, UP, 'stopping'));
  try {
    await stopProcesses(ctx, config, current?.pid ?? undefined);
  } catch (error) {
    if (settle) await ctx.state.statuses.setWorkloadStatus(name, 'error', `stop failed: ${reasonOf(error)}`).catch(() => undefined);
    throw error;
  }
  if (!settle) {
    if (current?.pid) await ctx.state.statuses.setWorkloadPID(name, null);
    return 'already stopped';
  }
  await ctx.state.statuses.update(name, () => ({ status: 'stopped', statusContext: '', pid: null }));
  return 'stopped';
}

/** Stops the proxy processes and the container of a workload, whatever its status says. */
async function stopProcesses(ctx: WorkloadContext, config: RunConfig, recordedPid: number | undefined): Promise<void> {
  await stopProxies(config.name, ctx.state.paths.root, recordedPid, ctx.proxyStopGraceMs);
  if (isRemote(config)) return;
  const runtime = ctx.runtime();
  try {
    const info = await runtime.inspect(config.name);
    if (info?.running && isOurContainer(info.labels, config.name, ctx.instance)) await runtime.stop(config.name, ctx.containerStopTimeoutSeconds);
  } catch (error) {
    if (!(error instanceof ContainerNotFoundError)) throw error;
  }
}

/**
 * Deletes a workload: stops it when it runs, removes its container, then its RunConfig, status,
 * PID and log files (status removing → gone). Works from any state, also for a workload whose
 * files are partly missing (an interrupted run) or for a container of ours without a RunConfig.
 * Throws WorkloadNotFoundError when there is nothing of that name at all.
 */
export async function deleteWorkload(ctx: WorkloadContext, name: string): Promise<void> {
  const config = await ctx.state.runConfigs.load(name);
  let status = await ctx.state.statuses.getWorkload(name);
  if (config && status && status.status !== 'removing' && status.status !== 'stopped' && status.status !== 'error') {
    await stopWorkload(ctx, config);
    status = await ctx.state.statuses.getWorkload(name);
  }
  if (status && status.status !== 'removing') await ctx.state.statuses.setWorkloadStatus(name, 'removing');

  await stopProxies(name, ctx.state.paths.root, status?.pid ?? undefined, ctx.proxyStopGraceMs);
  let removedContainer = false;
  if (!config || !isRemote(config)) {
    try {
      // Only a container we made: a user's own container that happens to share the name is not ours to remove.
      const info = await ctx.runtime().inspect(name);
      if (info && isOurContainer(info.labels, name, ctx.instance)) {
        await ctx.runtime().remove(name);
        removedContainer = true;
      }
    } catch (error) {
      if (!(error instanceof ContainerNotFoundError)) {
        if (status) await ctx.state.statuses.update(name, (s) => ({ status: 'removing', statusContext: `remove failed: ${reasonOf(error)}`, pid: s?.pid ?? null }));
        throw error;
      }
    }
  }
  if (!config && !status && !removedContainer) throw new WorkloadNotFoundError(name);
  // The status file goes last: while it says removing, a crash leaves something the next rm finds
  // and finishes; once it is gone, nothing of the workload is left.
  await rm(proxyLogFile(ctx.state.paths, name), { force: true });
  await rm(ctx.state.paths.foregroundLeaseFile(name), { force: true });
  await ctx.state.secrets.delete(name);
  await ctx.state.runConfigs.delete(name);
  await ctx.state.statuses.deleteWorkloadStatus(name);
}
