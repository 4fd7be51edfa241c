import { EventEmitter } from 'node:events';
import { StringDecoder } from 'node:string_decoder';
import { STANDARD_LABELS } from '../../../shared/labels';

/** Container actions the engine reports that callers act on; others pass through as strings. */
export type KnownContainerAction =
  | 'create'
  | 'start'
  | 'restart'
  | 'stop'
  | 'kill'
  | 'die'
  | 'oom'
  | 'destroy'
  | 'pause'
  | 'unpause'
  | 'rename'
  | 'health_status';

/** One container event of one of our containers. */
export interface ContainerEvent {
  /** `health_status: healthy` arrives as action `health_status` with detail `healthy`. */
  action: KnownContainerAction | (string & {});
  /** What followed the action after `: `, if anything (health state, exec command). */
  detail?: string;
  /** The container name (the workload name). */
  name: string;
  id: string;
  /** Set on `die` only: the process's exit code. */
  exitCode?: number;
  time: Date;
  /** The container's labels as the event carries them. */
  labels: Record<string, string>;
}

/** Backoff between connection attempts: starts at initialMs, doubles, stays at maxMs. */
export interface Backoff {
  initialMs: number;
  maxMs: number;
}

/** The default backoff: 250 ms doubling to 5 s. */
export const DEFAULT_BACKOFF: Backoff = { initialMs: 250, maxMs: 5000 };

/** Options of an event stream. */
export interface EventStreamOptions {
  /** Override the reconnect backoff (tests use a few milliseconds). */
  backoff?: Backoff;
  /** Runs `retry` after `delayMs` and returns its cancel function. Default: setTimeout. Tests inject it to see the delays. */
  schedule?: (retry: () => void, delayMs: number) => () => void;
}

/**
 * Opens one connection to the engine's event feed and resolves with its raw byte stream
 * (newline-separated JSON). Rejects when the engine cannot be reached. Aborting `signal` must end
 * the connection.
 */
export type EventFeedConnect = (signal: AbortSignal) => Promise<NodeJS.ReadableStream>;

/** Listener signatures of RuntimeEventStream. */
export interface RuntimeEventStreamEvents {
  /** An event of one of our containers. */
  event: (event: ContainerEvent) => void;
  /** The first connection is up; events from now on are seen. Emitted once. */
  connected: () => void;
  /**
   * The feed is down (the engine stopped, restarted, or was never reachable); reconnecting has
   * begun. Emitted once per outage, not per failed attempt. Events until `reconnected` are lost.
   */
  disconnected: (reason: Error) => void;
  /** The feed is back after `disconnected`. Callers resync (list + inspect) because events were missed. */
  reconnected: () => void;
}

/**
 * A live feed of our containers' events. It reconnects by itself, with backoff, for as long as it
 * is open; close() stops it for good (no event or signal is emitted after close).
 */
export interface RuntimeEventStream {
  on<K extends keyof RuntimeEventStreamEvents>(type: K, listener: RuntimeEventStreamEvents[K]): this;
  off<K extends keyof RuntimeEventStreamEvents>(type: K, listener: RuntimeEventStreamEvents[K]): this;
  once<K extends keyof RuntimeEventStreamEvents>(type: K, listener: RuntimeEventStreamEvents[K]): this;
  /** Stops the feed and any pending reconnect. Idempotent. */
  close(): void;
  /** True after close(). */
  readonly closed: boolean;
}

/**
 * The reconnecting feed over an injected connect function. The runtime passes a connect that opens
 * the engine's /events filtered to our label; tests pass one that fails on purpose.
 */
export class ReconnectingEventStream extends EventEmitter implements RuntimeEventStream {
  private readonly connect: EventFeedConnect;
  private readonly backoff: Backoff;
  private abort = new AbortController();
  private readonly schedule: (retry: () => void, delayMs: number) => () => void;
  private cancelRetry: (() => void) | undefined;
  private delayMs: number;
  private everConnected = false;
  private down = false;
  private closedFlag = false;

  constructor(connect: EventFeedConnect, options: EventStreamOptions = {}) {
    super();
    this.connect = connect;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.schedule = options.schedule ?? defaultSchedule;
    this.delayMs = this.backoff.initialMs;
    // Started on the next tick so the caller can attach listeners first.
    queueMicrotask(() => void this.attempt());
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  close(): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    this.cancelRetry?.();
    this.abort.abort();
    this.removeAllListeners();
  }

  private async attempt(): Promise<void> {
    if (this.closedFlag) return;
    this.abort = new AbortController();
    const signal = this.abort.signal;
    let feed: NodeJS.ReadableStream;
    try {
      feed = await this.connect(signal);
    } catch (err) {
      this.lost(asError(err));
      return;
    }
    if (this.closedFlag || signal.aborted) {
      (feed as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      return;
    }
    this.delayMs = this.backoff.initialMs;
    if (!this.everConnected) {
      this.everConnected = true;
      this.emit('connected');
    } else if (this.down) {
      this.emit('reconnected');
    }
    this.down = false;
    this.read(feed, signal);
  }

  private read(feed: NodeJS.ReadableStream, signal: AbortSignal): void {
    const decoder = new StringDecoder('utf8');
    let pending = '';
    let finished = false;
    const finish = (reason: Error): void => {
      if (finished) return;
      finished = true;
      if (!signal.aborted) this.lost(reason);
    };
    feed.on('data', (chunk: Buffer | string) => {
      pending += typeof chunk === 'string' ? chunk : decoder.write(chunk);
      let newline = pending.indexOf('\n');
      while (newline !== -1) {
        const line = pending.slice(0, newline).trim();
        pending = pending.slice(newline + 1);
        if (line.length > 0) this.deliver(line);
        newline = pending.indexOf('\n');
      }
    });
    feed.on('end', () => finish(new Error('the engine closed the event feed')));
    feed.on('error', (err: unknown) => finish(asError(err)));
    feed.on('close', () => finish(new Error('the event feed connection closed')));
  }

  private deliver(line: string): void {
    if (this.closedFlag) return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      return; // A torn or foreign line must not take the feed down; the next one is whole.
    }
    const event = parseContainerEvent(raw);
    if (event) this.emit('event', event);
  }

  private lost(reason: Error): void {
    if (this.closedFlag) return;
    if (!this.down) {
      this.down = true;
      this.emit('disconnected', reason);
    }
    const delay = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, this.backoff.maxMs);
    this.cancelRetry = this.schedule(() => void this.attempt(), delay);
  }
}

interface RawEvent {
  Type?: unknown;
  Action?: unknown;
  status?: unknown;
  id?: unknown;
  time?: unknown;
  timeNano?: unknown;
  Actor?: { ID?: unknown; Attributes?: Record<string, unknown> };
}

/**
 * Reads one engine event (Docker's or Podman's compatible shape) into a ContainerEvent. Returns
 * undefined for events that are not about a container of ours (no `mcpdesk.io/name` label). The
 * name is the container name attribute, falling back to our label; the exit code is Docker's
 * `exitCode` or Podman's `containerExitCode`; Podman's `remove` becomes `destroy`. Engines differ
 * in what else they send: Podman 4.3 sends no `stop` or `kill` but `init` and `cleanup`, so callers
 * should take `die` (both engines) as "the process ended".
 */
export function parseContainerEvent(raw: unknown): ContainerEvent | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const event = raw as RawEvent;
  if (event.Type !== undefined && event.Type !== 'container') return undefined;
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(event.Actor?.Attributes ?? {})) {
    if (typeof value === 'string') attributes[key] = value;
  }
  const ours = attributes[STANDARD_LABELS.name];
  if (ours === undefined) return undefined;

  const fullAction = typeof event.Action === 'string' ? event.Action : typeof event.status === 'string' ? event.status : '';
  const colon = fullAction.indexOf(': ');
  const engineAction = colon === -1 ? fullAction : fullAction.slice(0, colon);
  // Podman calls Docker's `destroy` `remove`; callers should not have to know which engine runs.
  const action = engineAction === 'remove' ? 'destroy' : engineAction;
  const detail = colon === -1 ? undefined : fullAction.slice(colon + 2);
  const id = typeof event.Actor?.ID === 'string' ? event.Actor.ID : typeof event.id === 'string' ? event.id : '';

  const nanos = typeof event.timeNano === 'number' ? event.timeNano : undefined;
  const seconds = typeof event.time === 'number' ? event.time : undefined;
  const time = new Date(nanos !== undefined ? Math.floor(nanos / 1e6) : seconds !== undefined ? seconds * 1000 : Date.now());

  const exitText = attributes.exitCode ?? attributes.containerExitCode;
  const exitCode = exitText !== undefined && /^-?\d+$/.test(exitText) ? Number(exitText) : undefined;

  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(attributes)) {
    // Docker mixes labels into the attributes with image, name and exitCode.
    if (!['image', 'name', 'exitCode', 'containerExitCode', 'signal', 'execID'].includes(key)) labels[key] = value;
  }

  const result: ContainerEvent = { action, name: attributes.name ?? ours, id, time, labels };
  if (detail !== undefined) result.detail = detail;
  if (action === 'die' && exitCode !== undefined) result.exitCode = exitCode;
  return result;
}

function defaultSchedule(retry: () => void, delayMs: number): () => void {
  const timer = setTimeout(retry, delayMs);
  return () => clearTimeout(timer);
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
