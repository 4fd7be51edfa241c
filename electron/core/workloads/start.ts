import { stat } from 'node:fs/promises';
import { RUN_CONFIG_SCHEMA_VERSION, RunConfigSchema, isRemote, type RunConfig } from '../../../shared/run-config';
import type { ContainerSpec } from '../runtime/container-spec';
import { ContainerNotFoundError } from '../runtime/errors';
import { shorten } from '../../../shared/text';
import { isPortFree, pickFreePort } from '../system/ports';
import { reasonOf, type WorkloadContext } from './context';
import { containerSpecFor } from './container-spec-for';
import { WorkloadRequestError } from './errors';
import { CONFIG_LABEL, isOurContainer, isStaleContainer } from './ownership';
import { launchProxy } from './proxy-processes';

/** What a caller asks to run: a RunConfig without what MCP Desk fills in. */
export type RunRequest = Omit<RunConfig, 'schemaVersion' | 'createdAt' | 'proxyPort'> & {
  proxyPort?: number | undefined;
  /** Environment variables whose values are kept in the workload's secrets, not in its RunConfig. */
  secretEnv?: Readonly<Record<string, string>> | undefined;
};

/**
 * Checks everything about a new config that can fail fast, touching nothing: the schema (name,
 * labels, env, volumes, image reference, remote URL), that volume host paths exist, that the name
 * is free (no RunConfig, no status, no container of that name), that an asked-for proxy port is
 * free and not kept by another workload (or picks a free one), that the engine answers and the
 * image is present or can be pulled. Returns the full RunConfig to save. `replacing` names a
 * workload whose name and port the new config may reuse (update).
 */
export async function prepareConfig(ctx: WorkloadContext, request: RunRequest, replacing?: RunConfig): Promise<RunConfig> {
  const draft = { ...request, schemaVersion: RUN_CONFIG_SCHEMA_VERSION, createdAt: ctx.now().toISOString(), proxyPort: request.proxyPort ?? 1 };
  const parsed = RunConfigSchema.safeParse(draft);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const message = issue?.message ?? 'invalid configuration';
    // Our own refinements already name the thing ("invalid label ..."); zod's built-in ones do not.
    if (message.startsWith('invalid ')) throw new WorkloadRequestError(message);
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new WorkloadRequestError(`invalid workload "${shorten(String(request.name))}": ${where}${message}`);
  }
  const config = parsed.data;
  const name = config.name;
  if (!isRemote(config) && name.length < 2) {
    // The name is also the container's, and the engine wants two characters at least.
    throw new WorkloadRequestError(`invalid workload name "${name}": a container workload's name needs at least 2 characters`);
  }

  for (const volume of config.volumes) {
    const found = await stat(volume.hostPath).catch(() => undefined);
    if (!found) throw new WorkloadRequestError(`invalid volume "${volume.hostPath}:${volume.containerPath}" of workload "${name}": the host path does not exist`);
  }

  if (!replacing) {
    if ((await ctx.state.runConfigs.load(name)) || (await ctx.state.statuses.getWorkload(name))) {
      throw new WorkloadRequestError(`workload "${name}" already exists`, 'already-exists');
    }
  }

  config.proxyPort = await chooseProxyPort(ctx, request.proxyPort, replacing);

  if (!isRemote(config)) {
    const runtime = ctx.runtime();
    await runtime.ping();
    const existing = await runtime.inspect(name);
    if (existing && !replacing) {
      const ours = isOurContainer(existing.labels, name, ctx.instance);
      throw new WorkloadRequestError(
        ours ? `workload "${name}" already exists (its container is there; remove it with mcpdesk rm ${name})` : `the name "${name}" is taken by a container that is not one of this MCP Desk's workloads`,
        'already-exists',
      );
    }
    await runtime.ensureImage(config.image!);
  }
  return config;
}

async function chooseProxyPort(ctx: WorkloadContext, asked: number | undefined, replacing: RunConfig | undefined): Promise<number> {
  if (replacing && (asked === undefined || asked === replacing.proxyPort)) return replacing.proxyPort;
  const kept = await portsKeptByWorkloads(ctx, replacing?.name);
  if (asked !== undefined) {
    const owner = kept.get(asked);
    if (owner) throw new WorkloadRequestError(`proxy port ${asked} is kept by workload "${owner}"`, 'port-unavailable');
    if (!(await isPortFree(asked))) throw new WorkloadRequestError(`proxy port ${asked} is in use on 127.0.0.1`, 'port-unavailable');
    return asked;
  }
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await pickFreePort();
    if (!kept.has(port)) return port;
  }
  throw new WorkloadRequestError('found no free proxy port on 127.0.0.1', 'port-unavailable');
}

/** Proxy ports of saved workloads: a stopped workload keeps its port for when it comes back. */
async function portsKeptByWorkloads(ctx: WorkloadContext, except: string | undefined): Promise<Map<number, string>> {
  const kept = new Map<number, string>();
  for (const name of await ctx.state.runConfigs.listNames()) {
    if (name === except) continue;
    const config = await ctx.state.runConfigs.load(name).catch(() => undefined);
    if (config) kept.set(config.proxyPort, name);
  }
  return kept;
}

/**
 * Starts a workload whose status was just set to `starting`: its container (created when missing,
 * started when stopped) and then its detached proxy, whose PID is recorded. The proxy moves the
 * status on to running (or error). On failure the status becomes error with the reason, and the
 * error is rethrown.
 */
export async function startWorkload(ctx: WorkloadContext, config: RunConfig): Promise<void> {
  let containerUp = false;
  try {
    // The port first: a refused start must not leave a container running with no proxy.
    await ensureProxyPortFree(config);
    if (!isRemote(config)) {
      await ensureContainerRunning(ctx, config);
      containerUp = true;
    }
    const pid = await launchProxy(ctx.proxyCommand, ctx.state.paths, config.name);
    await ctx.state.statuses.setWorkloadPID(config.name, pid);
  } catch (error) {
    // A container started for a proxy that did not come up is stopped again (it would run unserved).
    if (containerUp) await ctx.runtime().stop(config.name).catch(() => undefined);
    await ctx.state.statuses.setWorkloadStatus(config.name, 'error', reasonOf(error)).catch(() => undefined);
    throw error;
  }
}

async function ensureProxyPortFree(config: RunConfig): Promise<void> {
  if (!(await isPortFree(config.proxyPort))) {
    throw new WorkloadRequestError(`failed to start workload "${config.name}": its proxy port ${config.proxyPort} is taken by another program`, 'port-unavailable');
  }
}

/**
 * Creates the workload's container when missing, starts it when stopped, and replaces it when it
 * was made from another RunConfig than this one (a restart from elsewhere that recreated the
 * container while an update swapped the config).
 */
export async function ensureContainerRunning(ctx: WorkloadContext, config: RunConfig): Promise<void> {
  const runtime = ctx.runtime();
  const info = await runtime.inspect(config.name);
  if (!info) {
    await runtime.deploy(await specOf(ctx, config));
    return;
  }
  if (!isOurContainer(info.labels, config.name, ctx.instance)) {
    throw new WorkloadRequestError(`failed to start workload "${config.name}": the name is taken by a container MCP Desk did not create`, 'already-exists');
  }
  if (isStaleContainer(info.labels, config)) {
    ctx.log('info', `workload "${config.name}": replacing its container, made from another configuration than the saved one`);
    await removeOurContainer(ctx, config.name);
    await runtime.deploy(await specOf(ctx, config));
    return;
  }
  if (!info.running) {
    try {
      await runtime.start(config.name);
    } catch (error) {
      // Removed between inspect and start: make it anew.
      if (!(error instanceof ContainerNotFoundError)) throw error;
      await runtime.deploy(await specOf(ctx, config));
    }
  }
}

/**
 * Removes workload `name`'s container when it is ours (see isOurContainer); one already gone, or
 * not ours, is left alone. Returns whether one was removed.
 */
export async function removeOurContainer(ctx: WorkloadContext, name: string): Promise<boolean> {
  try {
    const info = await ctx.runtime().inspect(name);
    if (!info || !isOurContainer(info.labels, name, ctx.instance)) return false;
    await ctx.runtime().remove(name);
    return true;
  } catch (error) {
    if (error instanceof ContainerNotFoundError) return false;
    throw error;
  }
}

/** The container a RunConfig asks for, marked with the config it was made from. */
async function specOf(ctx: WorkloadContext, config: RunConfig): Promise<ContainerSpec> {
  const hasSecretEnv = Object.values(config.env).some((value) => typeof value !== 'string');
  const spec = containerSpecFor(config, ctx.instance, hasSecretEnv ? await ctx.state.secrets.load(config.name) : {});
  return { ...spec, labels: { ...spec.labels, [CONFIG_LABEL]: config.createdAt } };
}
