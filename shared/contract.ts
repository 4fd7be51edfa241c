import { z } from 'zod';
import type { DeepLink } from './deep-link';
import type { ErrorCode } from './errors';
import type { Settings } from './settings';
import type { Labels } from './labels';
import { isForbiddenObjectKey } from './object-keys';
import { shorten } from './text';
import { PortSchema, ProxyModeSchema, TransportSchema, VolumeSchema, type ProxyMode, type Transport, type Volume } from './run-config';
import type { WorkloadState } from './states';
import type { WorkloadInfo } from './workload-info';

// The one contract between the renderer and the main process: every request channel with the zod
// schema main parses its input with (before the core is called), every result type, every event
// pushed to the renderer. No channel string appears anywhere else. Schemas here check shape and
// size; the core checks meaning (name rules, labels, ports) and answers with its one-line errors.

const Text = (max: number) => z.string().max(max);
const WorkloadName = Text(200);
const Names = z.array(WorkloadName).min(1).max(1000);

/** How many arguments a server may be given, and how long each may be. */
export const MAX_SERVER_ARGUMENTS = 100;
export const MAX_SERVER_ARGUMENT_LENGTH = 4096;

/** The run dialog's fields without defaults: an update's changes hold only what the user changed. */
const RUN_FIELDS = {
  name: WorkloadName,
  image: Text(255).optional(),
  remoteUrl: Text(2048).optional(),
  cmdArgs: z.array(Text(MAX_SERVER_ARGUMENT_LENGTH)).max(MAX_SERVER_ARGUMENTS),
  transport: TransportSchema,
  proxyMode: ProxyModeSchema,
  proxyPort: PortSchema.optional(),
  targetPort: PortSchema.optional(),
  env: z.record(Text(256), Text(32_768)),
  /** Environment variables whose values are kept apart, as secrets: never saved in the RunConfig nor sent back. */
  secretEnv: z.record(Text(256), Text(32_768)),
  volumes: z.array(VolumeSchema).max(100),
  labels: z.record(Text(320), Text(63)),
  group: Text(100).optional(),
  headers: z.record(Text(256), Text(8192)),
};

/** What the run dialog sends: a RunConfig without what MCP Desk fills in. */
export const RunInputSchema = z
  .object({
    ...RUN_FIELDS,
    cmdArgs: RUN_FIELDS.cmdArgs.default([]),
    proxyMode: RUN_FIELDS.proxyMode.default('streamable-http'),
    env: RUN_FIELDS.env.default({}),
    secretEnv: RUN_FIELDS.secretEnv.default({}),
    volumes: RUN_FIELDS.volumes.default([]),
    labels: RUN_FIELDS.labels.default({}),
    headers: RUN_FIELDS.headers.default({}),
  })
  .strict();

/**
 * An update's changes: no defaults, because a default here would reach the manager as a change
 * (an update of the image alone would wipe the env, labels, volumes and headers). An absent field
 * is kept; `null` clears the group or the target port.
 */
const UpdateChangesSchema = z
  .object({ ...RUN_FIELDS, group: RUN_FIELDS.group.unwrap().nullable(), targetPort: RUN_FIELDS.targetPort.unwrap().nullable() })
  .omit({ name: true })
  .partial()
  .strict();
export type RunInput = z.input<typeof RunInputSchema>;

/** Which log of a workload: its container's (a stdio server's stderr) or its proxy's. */
export const LogSourceSchema = z.enum(['container', 'proxy']);
export type LogSource = z.output<typeof LogSourceSchema>;

/** Every request channel and the schema of its input. */
export const REQUEST_SCHEMAS = {
  'workloads:list': z.object({ all: z.boolean().default(true) }).strict(),
  'workloads:get': z.object({ name: WorkloadName }).strict(),
  /** The saved settings the update dialog starts from. */
  'workloads:config': z.object({ name: WorkloadName }).strict(),
  'workloads:run': RunInputSchema,
  'workloads:stop': z.object({ names: Names }).strict(),
  'workloads:restart': z.object({ names: Names }).strict(),
  'workloads:delete': z.object({ names: Names }).strict(),
  'workloads:update': z.object({ name: WorkloadName, changes: UpdateChangesSchema }).strict(),
  'workloads:logs': z.object({ name: WorkloadName, proxy: z.boolean().default(false), tail: z.number().int().min(0).max(100_000).default(500) }).strict(),
  'workloads:timeline': z.object({ name: WorkloadName }).strict(),
  /**
   * Starts following a log: its last `tail` lines, then each new chunk, as `logs:appended` events
   * carrying `id`. The caller picks the id (a random UUID), so it knows it before the first event.
   */
  'logs:follow': z
    .object({ id: Text(64).min(1), name: WorkloadName, source: LogSourceSchema.default('container'), tail: z.number().int().min(0).max(10_000).default(500) })
    .strict(),
  'logs:unfollow': z.object({ id: Text(64) }).strict(),
  'engine:status': z.object({}).strict(),
  'settings:get': z.object({}).strict(),
  /** Changes the given settings and keeps the others. */
  'settings:set': z.object({ stopAllOnQuit: z.boolean().optional() }).strict(),
} as const;

export type RequestChannel = keyof typeof REQUEST_SCHEMAS;
export const REQUEST_CHANNELS = Object.keys(REQUEST_SCHEMAS) as RequestChannel[];

/** One item of a batch operation's answer. */
export type BatchItem = { readonly name: string; readonly ok: true } | { readonly name: string; readonly ok: false; readonly error: ContractError };

/** One transition of a workload, for its timeline. */
export interface TimelineEntry {
  readonly at: string;
  readonly from: WorkloadState | null;
  readonly to: WorkloadState | 'gone';
  readonly context: string;
}

/**
 * A workload's saved settings, as the update dialog edits them. Secret values never cross: header
 * values are secrets (only their names come), and so are env values kept as secret references.
 */
export interface WorkloadSettings {
  readonly name: string;
  readonly image?: string | undefined;
  readonly remoteUrl?: string | undefined;
  readonly cmdArgs: readonly string[];
  readonly transport: Transport;
  readonly proxyMode: ProxyMode;
  readonly proxyPort: number;
  readonly targetPort?: number | undefined;
  /** Plain env values; a secret one is listed in secretEnvKeys instead. */
  readonly env: Readonly<Record<string, string>>;
  readonly secretEnvKeys: readonly string[];
  readonly volumes: readonly Volume[];
  readonly labels: Labels;
  readonly group?: string | undefined;
  /** The remote headers' names; an update keeps their values unless it sends new headers. */
  readonly headerNames: readonly string[];
}

/** Whether the container engine answers, and if not, what to do. */
export interface EngineState {
  readonly available: boolean;
  readonly endpoint?: string | undefined;
  readonly message?: string | undefined;
}

/** The result type of each request channel. */
export interface RequestResults {
  'workloads:list': WorkloadInfo[];
  'workloads:get': WorkloadInfo;
  'workloads:config': WorkloadSettings;
  'workloads:run': WorkloadInfo;
  'workloads:stop': BatchItem[];
  'workloads:restart': BatchItem[];
  'workloads:delete': BatchItem[];
  'workloads:update': WorkloadInfo;
  'workloads:logs': string;
  'workloads:timeline': TimelineEntry[];
  'logs:follow': null;
  'logs:unfollow': null;
  'engine:status': EngineState;
  'settings:get': Settings;
  'settings:set': Settings;
}

/** Every event main pushes to the renderer, with its payload. */
export interface EventPayloads {
  'workloads:changed': WorkloadInfo;
  'workloads:removed': { readonly name: string };
  'engine:changed': EngineState;
  /** A mcpdesk:// link was opened (at start or while running); it pre-fills, never runs. */
  'links:opened': DeepLink;
  /** New text of a followed log (the first event holds the last `tail` lines). */
  'logs:appended': { readonly id: string; readonly text: string };
  /**
   * A followed log paused (the container stopped: it resumes, with a `logs:appended`, when the
   * container runs again) or ended for good (the workload was removed, the follow was dropped).
   */
  'logs:paused': { readonly id: string; readonly message: string; readonly final: boolean };
  'settings:changed': Settings;
}
export type EventChannel = keyof EventPayloads;
export const EVENT_CHANNELS: readonly EventChannel[] = ['workloads:changed', 'workloads:removed', 'engine:changed', 'links:opened', 'logs:appended', 'logs:paused', 'settings:changed'];

/** An error as it crosses the boundary: `instanceof` does not survive IPC, a code does. */
export interface ContractError {
  readonly code: ErrorCode;
  readonly message: string;
}

/** Every answer to a request. */
export type Result<T> = { readonly ok: true; readonly data: T } | { readonly ok: false; readonly error: ContractError };

/** The input a channel accepts, before defaults are filled in. */
export type RequestInput<C extends RequestChannel> = z.input<(typeof REQUEST_SCHEMAS)[C]>;

/** Nesting deeper than any contract input needs; deeper payloads are refused unread. */
const MAX_DEPTH = 16;

/**
 * Why `value` is not plain request data (a key of FORBIDDEN_OBJECT_KEYS at any depth, nesting past
 * 16 levels), or undefined when it is. zod's records drop a `__proto__` key without a word, so the
 * check comes before the schema.
 */
export function payloadProblem(value: unknown, depth = 0): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  if (depth > MAX_DEPTH) return `nested deeper than ${MAX_DEPTH} levels`;
  for (const key of Object.keys(value)) {
    if (isForbiddenObjectKey(key)) return `forbidden key "${key}"`;
    const problem = payloadProblem((value as Record<string, unknown>)[key], depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * Validates a channel's input, for every surface that answers the contract (IPC, the preview's
 * HTTP): plain data first (see payloadProblem), then the schema; the first issue, with its path,
 * as a one-line message.
 */
export function parseRequest<C extends RequestChannel>(channel: C, input: unknown): Result<z.output<(typeof REQUEST_SCHEMAS)[C]>> {
  const problem = payloadProblem(input);
  if (problem) return { ok: false, error: { code: 'invalid-input', message: `invalid ${channel} request: ${problem}` } };
  // zod says "expected string, received undefined" of a missing field; a user reads "missing".
  const parsed = REQUEST_SCHEMAS[channel].safeParse(input, {
    error: (issue) => {
      if (issue.input !== undefined) return undefined;
      if (issue.code === 'invalid_type') return `missing (expected ${issue.expected})`;
      if (issue.code === 'invalid_value') return `missing (expected one of ${issue.values.map(String).join(', ')})`;
      return undefined;
    },
  });
  if (parsed.success) return { ok: true, data: parsed.data as z.output<(typeof REQUEST_SCHEMAS)[C]> };
  const issue = parsed.error.issues[0];
  // A path holds the user's keys (an env name, a label key), which may be 1 MB long.
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.map((part) => shorten(String(part), 40)).join('.')}` : '';
  return { ok: false, error: { code: 'invalid-input', message: `invalid ${channel} request${where}: ${issue?.message ?? 'bad input'}` } };
}

/** Whether `channel` is one of the contract's request channels (an own key, so `__proto__` is not). */
export function isRequestChannel(channel: unknown): channel is RequestChannel {
  return typeof channel === 'string' && Object.hasOwn(REQUEST_SCHEMAS, channel);
}

/** `window.mcpdesk`: one function per request channel, grouped by domain, and `on` for events. */
export interface McpDeskApi {
  readonly workloads: {
    list(input?: RequestInput<'workloads:list'>): Promise<Result<RequestResults['workloads:list']>>;
    get(input: RequestInput<'workloads:get'>): Promise<Result<RequestResults['workloads:get']>>;
    config(input: RequestInput<'workloads:config'>): Promise<Result<RequestResults['workloads:config']>>;
    run(input: RequestInput<'workloads:run'>): Promise<Result<RequestResults['workloads:run']>>;
    stop(input: RequestInput<'workloads:stop'>): Promise<Result<RequestResults['workloads:stop']>>;
    restart(input: RequestInput<'workloads:restart'>): Promise<Result<RequestResults['workloads:restart']>>;
    delete(input: RequestInput<'workloads:delete'>): Promise<Result<RequestResults['workloads:delete']>>;
    update(input: RequestInput<'workloads:update'>): Promise<Result<RequestResults['workloads:update']>>;
    logs(input: RequestInput<'workloads:logs'>): Promise<Result<RequestResults['workloads:logs']>>;
    timeline(input: RequestInput<'workloads:timeline'>): Promise<Result<RequestResults['workloads:timeline']>>;
  };
  readonly logs: {
    follow(input: RequestInput<'logs:follow'>): Promise<Result<RequestResults['logs:follow']>>;
    unfollow(input: RequestInput<'logs:unfollow'>): Promise<Result<RequestResults['logs:unfollow']>>;
  };
  readonly engine: {
    status(input?: RequestInput<'engine:status'>): Promise<Result<RequestResults['engine:status']>>;
  };
  readonly settings: {
    get(input?: RequestInput<'settings:get'>): Promise<Result<RequestResults['settings:get']>>;
    set(input: RequestInput<'settings:set'>): Promise<Result<RequestResults['settings:set']>>;
  };
  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends EventChannel>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
}

/**
 * Builds `window.mcpdesk` over any transport (Electron's IPC in the preload, HTTP in the preview
 * bridge): `invoke` sends one request, `subscribe` listens to one event channel.
 */
export function buildApi(
  invoke: (channel: RequestChannel, input: unknown) => Promise<Result<unknown>>,
  subscribe: (event: EventChannel, listener: (payload: unknown) => void) => () => void,
): McpDeskApi {
  const call =
    <C extends RequestChannel>(channel: C) =>
    (input: unknown = {}) =>
      invoke(channel, input) as Promise<Result<RequestResults[C]>>;
  return {
    workloads: {
      list: call('workloads:list'),
      get: call('workloads:get'),
      config: call('workloads:config'),
      run: call('workloads:run'),
      stop: call('workloads:stop'),
      restart: call('workloads:restart'),
      delete: call('workloads:delete'),
      update: call('workloads:update'),
      logs: call('workloads:logs'),
      timeline: call('workloads:timeline'),
    },
    logs: { follow: call('logs:follow'), unfollow: call('logs:unfollow') },
    engine: { status: call('engine:status') },
    settings: { get: call('settings:get'), set: call('settings:set') },
    on: (event, listener) => subscribe(event, listener as (payload: unknown) => void),
  };
}
