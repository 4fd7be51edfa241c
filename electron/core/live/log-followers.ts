import { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import type { EventPayloads, LogSource } from '../../../shared/contract';
import type { WorkloadInfo } from '../../../shared/workload-info';
import { WorkloadNotFoundError } from '../state/errors';
import type { WorkloadLogOptions } from '../workloads/workload-manager';
import type { ContractEventSource } from './contract-events';
import type { WorkloadWatch } from './workload-watch';

/** What the followers read logs from and learn workload changes from. */
export interface LogFollowersOptions {
  readonly manager: { logs(name: string, options: WorkloadLogOptions): Promise<Readable>; get(name: string): Promise<WorkloadInfo> };
  readonly watch: Pick<WorkloadWatch, 'on' | 'off'>;
  /** At most this many follows at once; the oldest is dropped for a new one. Default 16. */
  readonly maxFollows?: number;
  /** Text arriving within this many ms goes out as one event. Default 25. */
  readonly coalesceMs?: number;
}

interface Follow {
  readonly id: string;
  readonly name: string;
  readonly source: LogSource;
  stream: Readable | undefined;
  /** When the container's log stream ended; it is opened again from there when the container runs. */
  pausedAt: Date | undefined;
  /**
   * The stopped run's lines that reopening the log from pausedAt repeats: the engine's `since` has
   * whole seconds, so the lines of the second the container stopped in come again. Read once the
   * container has stopped, so that they are exactly the old run's lines.
   */
  echo: Promise<string> | undefined;
  /** What is left of the echo to skip at the start of a reopened log. */
  skip: string;
  /**
   * The workload was seen running while its log was open or being opened. That log may be the
   * stopped run's (a late event woke it, and the new run began before it closed): when it closes,
   * the workload is looked at once more, so that the new run's log is not missed.
   */
  wokenWhileOpen: boolean;
  pending: string;
  timer: NodeJS.Timeout | undefined;
}

/** Chunks larger than this are split, so that no single event carries megabytes. */
const MAX_EVENT_TEXT = 256 * 1024;

/**
 * Follows workloads' logs for the app: each follow streams a log (the container's or the proxy's)
 * as `logs:appended` events until it is dropped. A container's log ends when the container stops:
 * the follow says so (`logs:paused`) and opens the log again, from where it ended, when the
 * workload runs again. A removed workload ends its follows for good.
 */
export class LogFollowers implements ContractEventSource {
  private readonly follows = new Map<string, Follow>();
  private readonly events = new EventEmitter();
  private readonly maxFollows: number;
  private readonly coalesceMs: number;
  private readonly onChanged = (info: WorkloadInfo): void => this.resumeFor(info);
  private readonly onRemoved = (name: string): void => {
    for (const follow of [...this.follows.values()]) if (follow.name === name) this.drop(follow, `workload "${name}" was removed`);
  };

  constructor(private readonly options: LogFollowersOptions) {
    this.maxFollows = options.maxFollows ?? 16;
    this.coalesceMs = options.coalesceMs ?? 25;
    options.watch.on('changed', this.onChanged);
    options.watch.on('removed', this.onRemoved);
  }

  on<E extends keyof EventPayloads>(event: E, listener: (payload: EventPayloads[E]) => void): () => void {
    if (event !== 'logs:appended' && event !== 'logs:paused') return () => undefined;
    this.events.on(event, listener);
    return () => void this.events.off(event, listener);
  }

  /**
   * Starts following `name`'s log under the caller's `id`. Throws WorkloadNotFoundError for an
   * unknown workload, and for an id already in use. A log that cannot be opened yet (no
   * container, engine down) is a paused follow, not an error: it opens when the workload runs.
   */
  async follow(id: string, name: string, source: LogSource, tail: number): Promise<void> {
    if (this.follows.has(id)) throw new Error(`log follow "${id}" already exists`);
    const follow: Follow = { id, name, source, stream: undefined, pausedAt: undefined, echo: undefined, skip: '', wokenWhileOpen: false, pending: '', timer: undefined };
    this.follows.set(id, follow);
    try {
      await this.open(follow, { tail });
    } catch (error) {
      this.follows.delete(id);
      throw error;
    }
    while (this.follows.size > this.maxFollows) {
      const oldest = this.follows.values().next().value as Follow;
      this.drop(oldest, `more than ${this.maxFollows} logs were followed at once`);
    }
  }

  /** Stops a follow; an unknown id (already dropped) is fine. */
  unfollow(id: string): void {
    const follow = this.follows.get(id);
    if (follow) this.stop(follow);
  }

  /** Stops every follow (the window reloaded, the app quits). */
  unfollowAll(): void {
    for (const follow of [...this.follows.values()]) this.stop(follow);
  }

  close(): void {
    this.unfollowAll();
    this.options.watch.off('changed', this.onChanged);
    this.options.watch.off('removed', this.onRemoved);
  }

  private emit<E extends 'logs:appended' | 'logs:paused'>(event: E, payload: EventPayloads[E]): void {
    this.events.emit(event, payload);
  }

  /**
   * Opens the log for `follow`: its last `tail` lines, or (reopening a paused follow) from `since`
   * on, skipping `echo`, the lines of the second `since` falls in that were already delivered.
   */
  private async open(follow: Follow, from: { tail: number } | { since: Date; echo: string }): Promise<void> {
    let stream: Readable;
    try {
      const start = 'since' in from ? { since: from.since } : { tail: from.tail };
      stream = await this.options.manager.logs(follow.name, { follow: true, proxy: follow.source === 'proxy', ...start });
    } catch (error) {
      if (error instanceof WorkloadNotFoundError) throw error;
      // No container (never started, or removed behind our back), or the engine is down.
      this.pause(follow, `the log cannot be read yet: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (!this.follows.has(follow.id)) {
      stream.destroy();
      return;
    }
    follow.stream = stream;
    follow.pausedAt = undefined;
    follow.skip = 'since' in from ? from.echo : '';
    let delivered = false;
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const text = this.unrepeated(follow, chunk);
      if (text !== '') delivered = true;
      this.append(follow, text);
    });
    stream.on('error', () => undefined);
    stream.on('close', () => {
      if (follow.stream !== stream || !this.follows.has(follow.id)) return;
      follow.stream = undefined;
      if ('since' in from && !delivered) {
        // A reopened log that only repeated what was delivered was the log of the run that had
        // ended (a late event reopened it): the follow stays paused where it was, as it was.
        follow.pausedAt = from.since;
        follow.echo = Promise.resolve(from.echo);
        follow.skip = '';
        this.lookAgainIfWoken(follow);
        return;
      }
      this.pause(follow, 'the container stopped; the log goes on when it runs again');
      // The proxy's log ignores `since`: nothing of it comes twice.
      if (follow.source === 'container' && follow.pausedAt) follow.echo = this.linesSince(follow.name, follow.pausedAt);
    });
  }

  /** The log's lines from `since` on (whole seconds), read without following; '' when it cannot be read. */
  private async linesSince(name: string, since: Date): Promise<string> {
    try {
      const stream = await this.options.manager.logs(name, { follow: false, since });
      stream.setEncoding('utf8');
      let text = '';
      for await (const chunk of stream) text += String(chunk);
      return text;
    } catch {
      return '';
    }
  }

  /** `text` without what is left of the echo at its start; a difference ends the skipping. */
  private unrepeated(follow: Follow, text: string): string {
    if (follow.skip === '') return text;
    const length = Math.min(text.length, follow.skip.length);
    if (text.slice(0, length) !== follow.skip.slice(0, length)) {
      follow.skip = '';
      return text;
    }
    follow.skip = follow.skip.slice(length);
    return text.slice(length);
  }

  private append(follow: Follow, text: string): void {
    if (text === '') return;
    follow.pending += text;
    if (follow.pending.length >= MAX_EVENT_TEXT) return this.flush(follow);
    follow.timer ??= setTimeout(() => this.flush(follow), this.coalesceMs);
  }

  private flush(follow: Follow): void {
    if (follow.timer) clearTimeout(follow.timer);
    follow.timer = undefined;
    while (follow.pending.length > 0) {
      const text = follow.pending.slice(0, MAX_EVENT_TEXT);
      follow.pending = follow.pending.slice(text.length);
      this.emit('logs:appended', { id: follow.id, text });
    }
  }

  private pause(follow: Follow, message: string): void {
    this.flush(follow);
    follow.skip = '';
    follow.pausedAt = new Date();
    this.emit('logs:paused', { id: follow.id, message, final: false });
    this.lookAgainIfWoken(follow);
  }

  /**
   * A paused follow whose workload was seen running while its log was open may have missed the
   * start of a new run: the workload is read once more, and the follow resumes if it runs.
   */
  private lookAgainIfWoken(follow: Follow): void {
    if (!follow.wokenWhileOpen) return;
    follow.wokenWhileOpen = false;
    void this.options.manager.get(follow.name).then(
      (info) => this.resumeFor(info),
      () => undefined,
    );
  }

  /** A paused container log opens again once its workload runs. */
  private resumeFor(info: WorkloadInfo): void {
    if (info.status !== 'running' && info.status !== 'unhealthy') return;
    for (const follow of this.follows.values()) {
      if (follow.name !== info.name) continue;
      if (!follow.pausedAt) {
        follow.wokenWhileOpen = true;
        continue;
      }
      const since = follow.pausedAt;
      const echo = follow.echo;
      follow.pausedAt = undefined;
      follow.echo = undefined;
      follow.wokenWhileOpen = false;
      void this.resume(follow, since, echo).catch((error: unknown) => {
        if (this.follows.has(follow.id)) this.pause(follow, error instanceof Error ? error.message : String(error));
      });
    }
  }

  private async resume(follow: Follow, since: Date, echo: Promise<string> | undefined): Promise<void> {
    const skip = (await echo) ?? '';
    if (!this.follows.has(follow.id)) return;
    await this.open(follow, { since, echo: skip });
  }

  private drop(follow: Follow, message: string): void {
    this.stop(follow);
    this.emit('logs:paused', { id: follow.id, message, final: true });
  }

  private stop(follow: Follow): void {
    this.flush(follow);
    this.follows.delete(follow.id);
    follow.stream?.destroy();
    follow.stream = undefined;
  }
}
