import { matchesFilters, type Filter } from '../../../shared/filters';
import { INSTANCE_LABEL, STANDARD_LABELS } from '../../../shared/labels';
import { isRemote, type RunConfig } from '../../../shared/run-config';
import { assertWorkloadName } from '../../../shared/names';
import { ACTIVE_STATES } from '../../../shared/states';
import { workloadUrl, type WorkloadInfo } from '../../../shared/workload-info';
import type { ContainerState } from '../runtime/runtime';
import { CorruptStateError, WorkloadNotFoundError } from '../state/errors';
import { reasonOf, type WorkloadContext } from './context';
import { deriveStatus, type Observation } from './derive-status';
import { isOurContainer } from './ownership';
import { isVerifiedProxy } from './proxy-processes';

/** Options of list. */
export interface ListOptions {
  /** Include stopped and errored workloads; without it only starting, running and unhealthy ones. */
  readonly all?: boolean;
  /** ANDed conditions (see shared/filters). */
  readonly filters?: readonly Filter[];
}

/** What a read needs of one of our containers, whether the engine listed or inspected it. */
interface SeenContainer {
  readonly state: ContainerState;
  readonly exitCode?: number | undefined;
  readonly image: string;
  readonly createdAt: Date;
  readonly labels: Readonly<Record<string, string>>;
}

/** What the engine said, once per read: our containers by name, or why it could not say. */
type EngineView = { readonly containers: ReadonlyMap<string, SeenContainer> } | { readonly problem: string };

/**
 * Every workload: container workloads as the engine and the state files know them, remote
 * workloads from the state files. Reads only. When the engine cannot be reached, container
 * workloads are still listed, in error, with that reason.
 */
export async function listWorkloads(ctx: WorkloadContext, options: ListOptions = {}): Promise<WorkloadInfo[]> {
  const [configNames, statusNames, engine] = await Promise.all([ctx.state.runConfigs.listNames(), ctx.state.statuses.listNames(), readEngine(ctx)]);
  const names = new Set([...configNames, ...statusNames]);
  if ('containers' in engine) for (const name of engine.containers.keys()) names.add(name);
  const infos = await Promise.all([...names].sort().map((name) => describe(ctx, name, engine)));
  return infos.filter((info): info is WorkloadInfo => {
    if (!info) return false;
    if (!options.all && !ACTIVE_STATES.includes(info.status)) return false;
    return matchesFilters(info, options.filters ?? []);
  });
}

/** One workload, as list shows it. Throws WorkloadNotFoundError when nothing of that name exists. */
export async function getWorkload(ctx: WorkloadContext, name: string): Promise<WorkloadInfo> {
  // Before the engine is asked: a name like "../etc" would address another engine endpoint.
  assertWorkloadName(name);
  const info = await describe(ctx, name, await inspectEngine(ctx, name));
  if (!info) throw new WorkloadNotFoundError(name);
  return info;
}

/** Every container of this instance, from one list call. */
async function readEngine(ctx: WorkloadContext): Promise<EngineView> {
  try {
    const found = await ctx.runtime().list([`${INSTANCE_LABEL}=${ctx.instance}`]);
    return { containers: new Map(found.map((c) => [c.labels[STANDARD_LABELS.name] ?? c.name, { ...c, exitCode: exitCodeOf(c.status) }])) };
  } catch (error) {
    return { problem: `the container engine cannot be reached: ${reasonOf(error)}` };
  }
}

/**
 * Workload `name`'s container by inspect. Docker's container list can lag its events by tens of
 * milliseconds (a container that just died or was paused is still listed as running), while
 * inspect is current: a read made because of an event must see what the event announced.
 */
async function inspectEngine(ctx: WorkloadContext, name: string): Promise<EngineView> {
  try {
    const info = await ctx.runtime().inspect(name);
    return { containers: new Map(info && isOurContainer(info.labels, name, ctx.instance) ? [[name, info]] : []) };
  } catch (error) {
    return { problem: `the container engine cannot be reached: ${reasonOf(error)}` };
  }
}

async function describe(ctx: WorkloadContext, name: string, engine: EngineView): Promise<WorkloadInfo | undefined> {
  let config: RunConfig | undefined;
  let corrupt: string | undefined;
  try {
    config = await ctx.state.runConfigs.load(name);
  } catch (error) {
    if (!(error instanceof CorruptStateError)) throw error;
    corrupt = error.message;
  }
  let status;
  try {
    status = await ctx.state.statuses.getWorkload(name);
  } catch (error) {
    if (!(error instanceof CorruptStateError)) throw error;
    corrupt ??= error.message;
  }
  const container = 'containers' in engine ? engine.containers.get(name) : undefined;
  if (!config && !status && !container && !corrupt) return undefined;

  const remote = config ? isRemote(config) : false;
  const observation: Observation = {
    status,
    hasConfig: config !== undefined,
    configCreatedAt: config?.createdAt,
    container: remote
      ? undefined
      : 'containers' in engine
        ? container
          ? { running: container.state === 'running', paused: container.state === 'paused', exitCode: container.exitCode }
          : null
        : undefined,
    proxyAlive: status?.pid ? await isVerifiedProxy(status.pid, name, ctx.state.paths.root) : false,
    now: ctx.now().getTime(),
  };
  let derived = deriveStatus(observation);
  if (corrupt) derived = { status: 'error', statusContext: corrupt };
  else if ('problem' in engine && !remote && (status?.status === 'running' || status?.status === 'starting' || status?.status === 'unhealthy')) {
    derived = { status: 'error', statusContext: engine.problem };
  }

  const transport = config?.transport ?? (container?.labels[STANDARD_LABELS.transport] as RunConfig['transport'] | undefined) ?? 'stdio';
  const port = config?.proxyPort ?? Number(container?.labels[STANDARD_LABELS.port] ?? 0);
  const proxyMode = config?.proxyMode ?? 'streamable-http';
  return {
    name,
    kind: remote ? 'remote' : 'container',
    status: derived.status,
    statusContext: derived.statusContext,
    transport,
    proxyMode,
    url: port > 0 ? workloadUrl({ proxyPort: port, transport, proxyMode, remoteUrl: config?.remoteUrl }) : '',
    port,
    image: config?.image ?? container?.image,
    remoteUrl: config?.remoteUrl,
    group: config?.group,
    labels: config?.labels ?? {},
    pid: status?.pid ?? null,
    createdAt: config?.createdAt ?? status?.createdAt ?? container?.createdAt.toISOString() ?? '',
    updatedAt: status?.updatedAt ?? config?.createdAt ?? '',
  };
}

/** The exit code in the engine's status text ("Exited (137) 2 seconds ago"), if any. */
function exitCodeOf(status: string): number | undefined {
  const match = /Exited \((-?[0-9]+)\)/.exec(status);
  return match ? Number(match[1]) : undefined;
}
