import type { Filter } from '../../../shared/filters';
import { isRemote, type RunConfig } from '../../../shared/run-config';
import type { WorkloadState } from '../../../shared/states';
import { workloadUrl, type WorkloadInfo } from '../../../shared/workload-info';
import type { Readable } from 'node:stream';
import { WorkloadNotFoundError } from '../state/errors';
import { runBatch, type ItemResult } from './batch';
import type { ProxyLog } from '../proxy/http-forwarder';
import { startProxyServer } from '../proxy/proxy-server';
import { resolveContext, type WorkloadContext, type WorkloadManagerOptions } from './context';
import { WorkloadStateError } from './errors';
import { getWorkload, listWorkloads, type ListOptions } from './list';
import { followProxyLog } from './proxy-log';
import { mergeSecretEnv, resolveEnv, resolveHeaders, separateSecrets, splitEnv } from './secret-values';
import { beginForegroundLease, endForegroundLease } from './proxy-processes';
import { ensureContainerRunning, prepareConfig, removeOurContainer, startWorkload, type RunRequest } from './start';
import { deleteWorkload, stopWorkload, type StopOutcome } from './stop';

/** Options of logs(). */
export interface WorkloadLogOptions {
  readonly follow?: boolean;
  /** The proxy's log instead of the container's. Remote workloads only have the proxy's. */
  readonly proxy?: boolean;
  /** Only the last N lines. */
  readonly tail?: number;
  /** The container's lines from this moment on (second granularity); the proxy's log ignores it. */
  readonly since?: Date;
}

/**
 * What update may change: everything but the name (and the port, unless asked). An absent field
 * keeps its saved value; `null` clears an optional one (the group, the target port).
 */
export type WorkloadChanges = Partial<Omit<RunRequest, 'name' | 'group' | 'targetPort'>> & {
  readonly group?: string | null | undefined;
  readonly targetPort?: number | null | undefined;
};

/**
 * The one API the CLI and the app both use to run and manage workloads. Every status change goes
 * through the transition table; reads derive and never write; batch operations run in parallel,
 * each under its own timeout, with a result per name.
 */
export class WorkloadManager {
  private readonly ctx: WorkloadContext;

  constructor(options: WorkloadManagerOptions) {
    this.ctx = resolveContext(options);
  }

  /**
   * Runs a new workload detached: validates everything that can fail fast (see prepareConfig)
   * before the first write, saves the RunConfig, sets `starting`, starts the container and a
   * detached proxy, and returns; the proxy sets `running`. A refused request changes nothing. A
   * failure after the save leaves nothing either: what was made is removed again.
   */
  async run(request: RunRequest): Promise<WorkloadInfo> {
    const { config, secretEnvKeys } = await this.prepareRun(request);
    return this.exclusive(config.name, () => this.saveAndStart(config, secretEnvKeys));
  }

  /** prepareConfig() of a new workload's request, its secret env checked with the plain env. */
  private async prepareRun(request: RunRequest): Promise<{ config: RunConfig; secretEnvKeys: string[] }> {
    const { secretEnv, ...rest } = request;
    const { env, secretEnvKeys } = mergeSecretEnv(request.name, rest.env, secretEnv);
    return { config: await prepareConfig(this.ctx, { ...rest, env }), secretEnvKeys };
  }

  /**
   * Runs a new workload in this process (foreground): validated and saved like run(), its container
   * started, and its proxy served here (this process's PID is recorded) until `signal` aborts or
   * the container exits. On abort the workload is stopped and its state kept, so a later restart
   * brings it back detached. Returns the workload as it is at the end.
   */
  async runForeground(request: RunRequest, signal: AbortSignal, log: ProxyLog & { info(message: string): void }): Promise<WorkloadInfo> {
    const { config: prepared, secretEnvKeys } = await this.prepareRun(request);
    // The operation lock covers the claim and the start, not the serving: other commands (a stop
    // from another terminal) must be able to act on a foreground workload.
    const { config, proxy } = await this.exclusive(prepared.name, () => this.claimAndServe(prepared, secretEnvKeys, log));
    log.info(`serving workload "${config.name}" at ${workloadUrl(config)} (Ctrl-C stops it)`);
    const aborted = new Promise<'aborted'>((resolve) => {
      if (signal.aborted) resolve('aborted');
      signal.addEventListener('abort', () => resolve('aborted'), { once: true });
    });
    const outcome = await Promise.race([proxy.ended, aborted]);
    await proxy.close();
    try {
      if (outcome === 'aborted') await this.exclusive(config.name, () => stopWorkload(this.ctx, config));
    } finally {
      await endForegroundLease(this.ctx.state.paths, config.name);
    }
    return this.get(config.name);
  }

  /** Claims a new workload and serves its proxy in this process; a failure leaves nothing. */
  private async claimAndServe(prepared: RunConfig, secretEnvKeys: readonly string[], log: ProxyLog & { info(message: string): void }) {
    const config = await this.claim(prepared, secretEnvKeys);
    try {
      if (!isRemote(config)) await ensureContainerRunning(this.ctx, config);
      await beginForegroundLease(this.ctx.state.paths, config.name);
      await this.ctx.state.statuses.setWorkloadPID(config.name, process.pid);
      const secrets = this.ctx.state.secrets;
      const proxy = await startProxyServer({ config, statuses: this.ctx.state.statuses, runtime: this.ctx.runtime, secrets: () => secrets.load(config.name), log });
      return { config, proxy };
    } catch (error) {
      await endForegroundLease(this.ctx.state.paths, config.name).catch(() => undefined);
      await deleteWorkload(this.ctx, config.name).catch(() => undefined);
      throw error;
    }
  }

  /** Stops workloads in parallel and keeps their state. One result per name. */
  stop(names: readonly string[]): Promise<ItemResult<StopOutcome>[]> {
    return runBatch(names, (name) => this.exclusiveIfExists(name, async () => stopWorkload(this.ctx, await this.config(name))), { timeoutMs: this.ctx.operationTimeoutMs, verb: 'stop' });
  }

  /**
   * Restarts workloads in parallel from their saved RunConfig: a running one is stopped first,
   * then started again. Converges whatever was left: a dead proxy, a stale proxy of ours on the
   * port, a container removed behind our back. The proxy port stays the same.
   */
  restart(names: readonly string[]): Promise<ItemResult<WorkloadInfo>[]> {
    return runBatch(names, (name) => this.exclusiveIfExists(name, () => this.restartOne(name)), { timeoutMs: this.ctx.operationTimeoutMs, verb: 'restart' });
  }

  /** Deletes workloads in parallel: stop when running, remove the container, delete every file. */
  delete(names: readonly string[]): Promise<ItemResult<void>[]> {
    return runBatch(names, (name) => this.exclusiveIfExists(name, () => deleteWorkload(this.ctx, name)), { timeoutMs: this.ctx.operationTimeoutMs, verb: 'remove' });
  }

  /**
   * Replaces a workload's configuration, keeping its name and proxy port: the new config is
   * validated first (a refused update changes nothing), then stop → remove the old container →
   * save (replacing the RunConfig atomically) → start (making the new container). The RunConfig is
   * never deleted, so a crash at any moment leaves the old config or the new one, and the next
   * restart starts that one. A start that fails leaves the workload, with the new config, in error
   * with the reason.
   */
  async update(name: string, changes: WorkloadChanges): Promise<WorkloadInfo> {
    // Checked before the lock as well as under it: a refused update touches nothing, not even a lock.
    await this.prepareUpdate(name, changes);
    return this.exclusive(name, () => this.updateOne(name, changes));
  }

  /**
   * The saved config and the validated new one an update makes of it, with the keys of its secret
   * env; throws the refusal. Kept secret values (headers, secret env) come back as values, so that
   * the new config's secrets are saved whole. A variable given in the update, plain or secret,
   * replaces a kept one of the same name.
   */
  private async prepareUpdate(name: string, changes: WorkloadChanges): Promise<{ old: RunConfig; config: RunConfig; secretEnvKeys: string[] }> {
    const old = await this.config(name);
    const { group, targetPort, env: newEnv, secretEnv: newSecretEnv, ...rest } = changes;
    const request: RunRequest = { ...old, ...rest, name: old.name };
    if (group === null) delete request.group;
    else if (group !== undefined) request.group = group;
    if (targetPort === null) delete request.targetPort;
    else if (targetPort !== undefined) request.targetPort = targetPort;
    const saved = await this.ctx.state.secrets.load(name);
    if (changes.headers === undefined) request.headers = resolveHeaders(name, old.headers, saved);
    const kept = splitEnv(old.env);
    const env = newEnv ?? withoutKeys(kept.plain, Object.keys(newSecretEnv ?? {}));
    const secretEnv = newSecretEnv ?? withoutKeys(resolveEnv(name, kept.secret, saved), Object.keys(env));
    if (changes.image !== undefined) delete request.remoteUrl;
    if (changes.remoteUrl !== undefined) delete request.image;
    const merged = mergeSecretEnv(name, env, secretEnv);
    return { old, config: await prepareConfig(this.ctx, { ...request, env: merged.env }, old), secretEnvKeys: merged.secretEnvKeys };
  }

  private async updateOne(name: string, changes: WorkloadChanges): Promise<WorkloadInfo> {
    const { old, config, secretEnvKeys } = await this.prepareUpdate(name, changes);
    const current = await this.ctx.state.statuses.getWorkload(name);
    if (current?.status === 'removing') throw new WorkloadStateError(`failed to update workload "${name}": it is being removed`);
    await stopWorkload(this.ctx, old);
    // The old container goes before the new config is saved: a crash on either side leaves a
    // config and no container of another config, and the next start makes the container anew.
    if (!isRemote(old)) await removeOurContainer(this.ctx, name);
    const { stored, secrets } = separateSecrets(config, secretEnvKeys);
    // While the RunConfig is swapped, the secrets of both configs are kept, so that a crash on
    // either side of the swap leaves a config whose references (headers, secret env) all resolve.
    // (One kept by name with a new value resolves to the new value in both.)
    await this.ctx.state.secrets.save(name, { ...(await this.ctx.state.secrets.load(name)), ...secrets });
    await this.ctx.state.runConfigs.save(stored);
    await this.ctx.state.secrets.save(name, secrets);
    await this.ctx.state.statuses.setWorkloadStatus(name, 'starting', 'update');
    await startWorkload(this.ctx, stored);
    return this.get(name);
  }

  /** Workloads as they are now (see listWorkloads). */
  list(options: ListOptions & { filters?: readonly Filter[] } = {}): Promise<WorkloadInfo[]> {
    return listWorkloads(this.ctx, options);
  }

  /** One workload (see getWorkload). Throws WorkloadNotFoundError. */
  get(name: string): Promise<WorkloadInfo> {
    return getWorkload(this.ctx, name);
  }

  /** The saved RunConfig. Throws WorkloadNotFoundError when there is none. */
  async config(name: string): Promise<RunConfig> {
    const config = await this.ctx.state.runConfigs.load(name);
    if (!config) throw new WorkloadNotFoundError(name);
    return config;
  }

  /**
   * Waits until the workload's status is one of `states` (as list derives it) and returns it;
   * throws after `timeoutMs` naming the state it was left in.
   */
  async waitFor(name: string, states: readonly WorkloadState[], timeoutMs: number): Promise<WorkloadInfo> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const info = await this.get(name);
      if (states.includes(info.status)) return info;
      if (Date.now() >= deadline) throw new WorkloadStateError(`workload "${name}" is still ${info.status} after ${Math.round(timeoutMs / 1000)} s${info.statusContext ? `: ${info.statusContext}` : ''}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /**
   * The container's log (for a stdio server, its stderr only) or the proxy's, as text; with
   * follow, it stays open for new lines.
   */
  async logs(name: string, options: WorkloadLogOptions = {}): Promise<Readable> {
    const config = await this.config(name);
    if (options.proxy || isRemote(config)) return followProxyLog(this.ctx.state.paths, name, options);
    // A stdio server's stdout is its protocol traffic (tool results included), not its log.
    const stderrOnly = config.transport === 'stdio';
    return this.ctx.runtime().logs(name, { follow: options.follow ?? false, tail: options.tail ?? 'all', stderrOnly, ...(options.since ? { since: options.since } : {}) });
  }

  /**
   * Runs one command on workload `name` with no other command on it interleaving, in this process
   * or any other (see WorkloadLocks.withOperation): each command sees what the previous one left.
   */
  private exclusive<T>(name: string, command: () => Promise<T>): Promise<T> {
    return this.ctx.state.locks.withOperation(name, command);
  }

  /**
   * exclusive(), for a command on a workload that must exist: a bad or unknown name is refused
   * (InvalidNameError, WorkloadNotFoundError) before the lock is taken, so it touches nothing.
   */
  private async exclusiveIfExists<T>(name: string, command: () => Promise<T>): Promise<T> {
    await this.get(name);
    return this.exclusive(name, command);
  }

  /** Saves a validated config and starts it detached; a failure after the save leaves nothing. */
  private async saveAndStart(prepared: RunConfig, secretEnvKeys: readonly string[]): Promise<WorkloadInfo> {
    const config = await this.claim(prepared, secretEnvKeys);
    try {
      await startWorkload(this.ctx, config);
    } catch (error) {
      await deleteWorkload(this.ctx, config.name).catch(() => undefined);
      throw error;
    }
    return this.get(config.name);
  }

  /**
   * Saves a new workload: its RunConfig (header values and secret env values as references),
   * status `starting`, and its secrets. The name is taken atomically (a race for it has one
   * winner); anything that fails after that is undone.
   */
  private async claim(config: RunConfig, secretEnvKeys: readonly string[]): Promise<RunConfig> {
    const { stored, secrets } = separateSecrets(config, secretEnvKeys);
    await this.ctx.state.runConfigs.create(stored);
    try {
      await this.ctx.state.statuses.setWorkloadStatus(config.name, 'starting');
      await this.ctx.state.secrets.save(config.name, secrets);
    } catch (error) {
      await deleteWorkload(this.ctx, config.name).catch(() => undefined);
      throw error;
    }
    return stored;
  }

  private async restartOne(name: string): Promise<WorkloadInfo> {
    const config = await this.config(name);
    const current = await this.ctx.state.statuses.getWorkload(name);
    if (current?.status === 'removing') throw new WorkloadStateError(`failed to restart workload "${name}": it is being removed`);
    await stopWorkload(this.ctx, config);
    // Now stopped, or still in error (stop keeps an error), or without status (an interrupted run).
    await this.ctx.state.statuses.setWorkloadStatus(name, 'starting', 'restart');
    await startWorkload(this.ctx, config);
    return this.get(name);
  }
}

/** `record` without the entries named in `keys`. */
function withoutKeys<T>(record: Readonly<Record<string, T>>, keys: readonly string[]): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => !keys.includes(key)));
}
