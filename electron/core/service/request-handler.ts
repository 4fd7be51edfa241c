import { parseRequest, type BatchItem, type LogSource, type RequestChannel, type RequestResults, type Result, type TimelineEntry, type WorkloadSettings } from '../../../shared/contract';
import { assertWorkloadName } from '../../../shared/names';
import type { RunConfig } from '../../../shared/run-config';
import type { Settings } from '../../../shared/settings';
import type { ItemResult } from '../workloads/batch';
import type { RunRequest } from '../workloads/start';
import type { WorkloadManager } from '../workloads/workload-manager';
import type { Runtime } from '../runtime/runtime';
import type { TransitionLog } from '../state/transition-log';
import { toContractError } from './error-code';
import { splitEnv } from '../workloads/secret-values';

export interface RequestHandlerOptions {
  readonly manager: WorkloadManager;
  readonly runtime: () => Runtime;
  readonly transitions: TransitionLog;
  /** Follows logs for `logs:follow` (see LogFollowers). */
  readonly logs: {
    follow(id: string, name: string, source: LogSource, tail: number): Promise<void>;
    unfollow(id: string): void;
  };
  /** Reads and changes the app's settings (see SettingsStore). */
  readonly settings: {
    read(): Promise<Settings>;
    update(changes: Partial<Settings>): Promise<Settings>;
  };
}

/** Answers one request of the contract. Never throws: failures come back as `{ok: false}`. */
export type RequestHandler = (channel: RequestChannel, input: unknown) => Promise<Result<unknown>>;

function batch(results: readonly ItemResult<unknown>[]): BatchItem[] {
  return results.map((r) => (r.ok ? { name: r.name, ok: true } : { name: r.name, ok: false, error: toContractError(r.error) }));
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text;
}

/** A RunConfig as the update dialog sees it: no secret value, no bookkeeping fields. */
function settingsView(config: RunConfig): WorkloadSettings {
  const { plain: env, secret } = splitEnv(config.env);
  return {
    name: config.name,
    image: config.image,
    remoteUrl: config.remoteUrl,
    cmdArgs: config.cmdArgs,
    transport: config.transport,
    proxyMode: config.proxyMode,
    proxyPort: config.proxyPort,
    targetPort: config.targetPort,
    env,
    secretEnvKeys: Object.keys(secret),
    volumes: config.volumes,
    labels: config.labels,
    group: config.group,
    headerNames: Object.keys(config.headers),
  };
}

/**
 * The core side of the contract, shared by the Electron main process and the preview bridge:
 * parses each request's input with its schema (a bad one is refused before the core is called),
 * then calls the WorkloadManager.
 */
export function createRequestHandler(options: RequestHandlerOptions): RequestHandler {
  const { manager } = options;
  const handlers: { [C in RequestChannel]: (input: never) => Promise<RequestResults[C]> } = {
    'workloads:list': async (input: { all: boolean }) => manager.list({ all: input.all }),
    'workloads:get': async (input: { name: string }) => manager.get(input.name),
    'workloads:config': async (input: { name: string }) => settingsView(await manager.config(input.name)),
    'workloads:run': async (input: RunRequest) => manager.run(input),
    'workloads:stop': async (input: { names: string[] }) => batch(await manager.stop(input.names)),
    'workloads:restart': async (input: { names: string[] }) => batch(await manager.restart(input.names)),
    'workloads:delete': async (input: { names: string[] }) => batch(await manager.delete(input.names)),
    'workloads:update': async (input: { name: string; changes: Partial<RunRequest> }) => manager.update(input.name, input.changes),
    'workloads:logs': async (input: { name: string; proxy: boolean; tail: number }) => readAll(await manager.logs(input.name, { proxy: input.proxy, tail: input.tail })),
    'workloads:timeline': async (input: { name: string }): Promise<TimelineEntry[]> =>
      (await options.transitions.read(input.name)).map(({ at, from, to, context }) => ({ at, from, to, context })),
    'logs:follow': async (input: { id: string; name: string; source: LogSource; tail: number }) => {
      await options.logs.follow(input.id, input.name, input.source, input.tail);
      return null;
    },
    'logs:unfollow': async (input: { id: string }) => {
      options.logs.unfollow(input.id);
      return null;
    },
    'settings:get': async () => options.settings.read(),
    'settings:set': async (input: Partial<Settings>) => options.settings.update(input),
    'engine:status': async () => {
      try {
        const runtime = options.runtime();
        await runtime.ping();
        return { available: true, endpoint: runtime.endpoint };
      } catch (error) {
        return { available: false, message: `${toContractError(error).message}. Start Docker (or Podman's service) and MCP Desk will pick it up.` };
      }
    },
  };
  return async (channel, input) => {
    const parsed = parseRequest(channel, input);
    if (!parsed.ok) return parsed;
    try {
      // The name rules before any read: a name like `../x` must reach neither a file path nor the
      // engine's API, where it would address another endpoint. Batches check each name on its own.
      const named = parsed.data as { name?: unknown };
      if (typeof named.name === 'string') assertWorkloadName(named.name);
      return { ok: true, data: await (handlers[channel] as (input: unknown) => Promise<unknown>)(parsed.data) };
    } catch (error) {
      return { ok: false, error: toContractError(error) };
    }
  };
}
