import { z } from 'zod';
import type { DeepLink } from './deep-link';
import type { ErrorCode } from './errors';
import { PortSchema, ProxyModeSchema, TransportSchema, VolumeSchema } from './run-config';
import type { WorkloadState } from './states';
import type { WorkloadInfo } from './workload-info';

// The one contract between the renderer and the main process: every request channel with the zod
// schema main parses its input with (before the core is called), every result type, every event
// pushed to the renderer. No channel string appears anywhere else. Schemas here check shape and
// size; the core checks meaning (name rules, labels, ports) and answers with its one-line errors.

const Text = (max: number) => z.string().max(max);
const WorkloadName = Text(200);
const Names = z.array(WorkloadName).min(1).max(1000);

/** The run dialog's fields without defaults: an update's changes hold only what the user changed. */
const RUN_FIELDS = {
  name: WorkloadName,
  image: Text(255).optional(),
  remoteUrl: Text(2048).optional(),
  cmdArgs: z.array(Text(4096)).max(100),
  transport: TransportSchema,
  proxyMode: ProxyModeSchema,
  proxyPort: PortSchema.optional(),
  targetPort: PortSchema.optional(),
  env: z.record(Text(256), Text(32_768)),
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
    volumes: RUN_FIELDS.volumes.default([]),
    labels: RUN_FIELDS.labels.default({}),
    headers: RUN_FIELDS.headers.default({}),
  })
  .strict();

/**
 * An update's changes: no defaults, because a default here would reach the manager as a change
 * (an update of the image alone would wipe the env, labels, volumes and headers).
 */
const UpdateChangesSchema = z.object(RUN_FIELDS).omit({ name: true }).partial().strict();
export type RunInput = z.input<typeof RunInputSchema>;

/** Every request channel and the schema of its input. */
export const REQUEST_SCHEMAS = {
  'workloads:list': z.object({ all: z.boolean().default(true) }).strict(),
  'workloads:get': z.object({ name: WorkloadName }).strict(),
  'workloads:run': RunInputSchema,
  'workloads:stop': z.object({ names: Names }).strict(),
  'workloads:restart': z.object({ names: Names }).strict(),
  'workloads:delete': z.object({ names: Names }).strict(),
  'workloads:update': z.object({ name: WorkloadName, changes: UpdateChangesSchema }).strict(),
  'workloads:logs': z.object({ name: WorkloadName, proxy: z.boolean().default(false), tail: z.number().int().min(0).max(100_000).default(500) }).strict(),
  'workloads:timeline': z.object({ name: WorkloadName }).strict(),
  'engine:status': z.object({}).strict(),
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
  'workloads:run': WorkloadInfo;
  'workloads:stop': BatchItem[];
  'workloads:restart': BatchItem[];
  'workloads:delete': BatchItem[];
  'workloads:update': WorkloadInfo;
  'workloads:logs': string;
  'workloads:timeline': TimelineEntry[];
  'engine:status': EngineState;
}

/** Every event main pushes to the renderer, with its payload. */
export interface EventPayloads {
  'workloads:changed': WorkloadInfo;
  'workloads:removed': { readonly name: string };
  'engine:changed': EngineState;
  /** A mcpdesk:// link was opened (at start or while running); it pre-fills, never runs. */
  'links:opened': DeepLink;
}
export type EventChannel = keyof EventPayloads;
export const EVENT_CHANNELS: readonly EventChannel[] = ['workloads:changed', 'workloads:removed', 'engine:changed', 'links:opened'];

/** An error as it crosses the boundary: `instanceof` does not survive IPC, a code does. */
export interface ContractError {
  readonly code: ErrorCode;
  readonly message: string;
}

/** Every answer to a request. */
export type Result<T> = { readonly ok: true; readonly data: T } | { readonly ok: false; readonly error: ContractError };

/** The input a channel accepts, before defaults are filled in. */
export type RequestInput<C extends RequestChannel> = z.input<(typeof REQUEST_SCHEMAS)[C]>;

/** Validates a channel's input; the first issue, with its path, as a one-line message. */
export function parseRequest<C extends RequestChannel>(channel: C, input: unknown): Result<z.output<(typeof REQUEST_SCHEMAS)[C]>> {
  const parsed = REQUEST_SCHEMAS[channel].safeParse(input);
  if (parsed.success) return { ok: true, data: parsed.data as z.output<(typeof REQUEST_SCHEMAS)[C]> };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.map(String).join('.')}` : '';
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
    run(input: RequestInput<'workloads:run'>): Promise<Result<RequestResults['workloads:run']>>;
    stop(input: RequestInput<'workloads:stop'>): Promise<Result<RequestResults['workloads:stop']>>;
    restart(input: RequestInput<'workloads:restart'>): Promise<Result<RequestResults['workloads:restart']>>;
    delete(input: RequestInput<'workloads:delete'>): Promise<Result<RequestResults['workloads:delete']>>;
    update(input: RequestInput<'workloads:update'>): Promise<Result<RequestResults['workloads:update']>>;
    logs(input: RequestInput<'workloads:logs'>): Promise<Result<RequestResults['workloads:logs']>>;
    timeline(input: RequestInput<'workloads:timeline'>): Promise<Result<RequestResults['workloads:timeline']>>;
  };
  readonly engine: {
    status(input?: RequestInput<'engine:status'>): Promise<Result<RequestResults['engine:status']>>;
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
      run: call('workloads:run'),
      stop: call('workloads:stop'),
      restart: call('workloads:restart'),
      delete: call('workloads:delete'),
      update: call('workloads:update'),
      logs: call('workloads:logs'),
      timeline: call('workloads:timeline'),
    },
    engine: { status: call('engine:status') },
    on: (event, listener) => subscribe(event, listener as (payload: unknown) => void),
  };
}
