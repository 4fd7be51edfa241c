import { EventEmitter } from 'node:events';
import { watch, type FSWatcher } from 'node:fs';
import { INSTANCE_LABEL } from '../../../shared/labels';
import type { WorkloadInfo } from '../../../shared/workload-info';
import type { Runtime } from '../runtime/runtime';
import type { RuntimeEventStream } from '../runtime/event-stream';
import { ensurePrivateDir } from '../state/atomic-file';
import { WorkloadNotFoundError } from '../state/errors';
import type { StatePaths } from '../state/paths';
import { instanceOf } from '../workloads/context';
import { watchProxyAlive } from './proxy-alive';
import type { WorkloadManager } from '../workloads/workload-manager';

/** What a WorkloadWatch reports. */
export interface WorkloadWatchEvents {
  /** A workload appeared or changed (status, reason, pid, config): its fresh derived view. */
  changed: [workload: WorkloadInfo];
  /** A workload is gone (deleted). */
  removed: [name: string];
  /** The engine's event feed is down (the engine stopped) or back; the view was resynced on `up`. */
  engine: [state: 'up' | 'down', reason?: string];
}

export interface WorkloadWatchOptions {
  readonly manager: WorkloadManager;
  readonly paths: StatePaths;
  readonly runtime: () => Runtime;
  /** How long changes to one workload are gathered before it is read again. Default 15 ms. */
  readonly settleMs?: number;
}

/**
 * Pushes workload changes as they happen, with no polling: it watches the status folder (the CLI,
 * other app instances and the proxies write there) and our containers' engine events (a container
 * that dies, is killed or removed behind our back), and re-reads only the workload concerned. A
 * burst of changes to one workload is read once. After the engine's feed comes back, everything
 * is read again, since events were missed. Reads never write; only start() creates the status
 * folder if it does not exist yet, so that it can be watched.
 */
export class WorkloadWatch extends EventEmitter<WorkloadWatchEvents> {
  private readonly known = new Map<string, string>();
  /** Per workload: the proxy PID held a connection to, and how to let go of it. */
  private readonly proxies = new Map<string, { pid: number; release: () => void }>();
  /** Per workload: the proxy PID whose connection dropped, not to be tried again. */
  private readonly lost = new Map<string, number>();
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly instance: string;
  private readonly settleMs: number;
  private folder: FSWatcher | undefined;
  private events: RuntimeEventStream | undefined;
  private closed = false;

  constructor(private readonly options: WorkloadWatchOptions) {
    super();
    this.instance = instanceOf(options.paths.root);
    this.settleMs = options.settleMs ?? 15;
  }

  /** Starts watching and returns the workloads as they are now (all of them, stopped ones too). */
  async start(): Promise<WorkloadInfo[]> {
    await ensurePrivateDir(this.options.paths.status);
    this.folder = watch(this.options.paths.status, (_event, file) => {
      // A write's temp file (".name.json.<pid>.<hex>.tmp") is followed by the rename that counts.
      if (typeof file === 'string' && file.startsWith('.')) return;
      const name = typeof file === 'string' && file.endsWith('.json') ? file.slice(0, -'.json'.length) : undefined;
      if (name) this.refresh(name);
      else void this.resync();
    });
    try {
      this.events = this.options.runtime().events();
      this.events.on('event', (event) => {
        if (event.labels[INSTANCE_LABEL] === this.instance) this.refresh(event.name);
      });
      this.events.on('disconnected', (reason) => this.emit('engine', 'down', reason.message));
      this.events.on('reconnected', () => {
        this.emit('engine', 'up');
        void this.resync();
      });
    } catch (error) {
      // No engine at all (nothing to connect to): files are still watched.
      this.emit('engine', 'down', error instanceof Error ? error.message : String(error));
    }
    return this.resync();
  }

  /** Stops watching; no event is emitted afterwards. */
  close(): void {
    this.closed = true;
    this.folder?.close();
    this.events?.close();
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    for (const proxy of this.proxies.values()) proxy.release();
    this.proxies.clear();
  }

  /** Reads workload `name` again soon (changes within settleMs are read once). */
  refresh(name: string): void {
    if (this.closed || this.pending.has(name)) return;
    this.pending.set(
      name,
      setTimeout(() => {
        this.pending.delete(name);
        void this.read(name);
      }, this.settleMs),
    );
  }

  private async read(name: string): Promise<void> {
    try {
      this.report(await this.options.manager.get(name));
    } catch (error) {
      if (!(error instanceof WorkloadNotFoundError)) return;
      this.proxies.get(name)?.release();
      this.proxies.delete(name);
      if (this.known.delete(name) && !this.closed) this.emit('removed', name);
    }
  }

  private async resync(): Promise<WorkloadInfo[]> {
    const all = await this.options.manager.list({ all: true });
    for (const info of all) this.report(info);
    const present = new Set(all.map((info) => info.name));
    for (const name of [...this.known.keys()]) {
      if (!present.has(name) && this.known.delete(name) && !this.closed) this.emit('removed', name);
    }
    return all;
  }

  private report(info: WorkloadInfo): void {
    this.followProxy(info);
    const text = JSON.stringify(info);
    if (this.known.get(info.name) === text || this.closed) return;
    this.known.set(info.name, text);
    this.emit('changed', info);
  }

  /**
   * A proxy's death changes no file and makes no engine event: hold a connection to each live
   * proxy and read its workload again when that connection drops.
   */
  private followProxy(info: WorkloadInfo): void {
    const held = this.proxies.get(info.name);
    // Running or unhealthy: the proxy listens by then (a starting one may not yet).
    const live = info.pid !== null && (info.status === 'running' || info.status === 'unhealthy') && this.lost.get(info.name) !== info.pid;
    if (held && (!live || held.pid !== info.pid)) {
      held.release();
      this.proxies.delete(info.name);
    }
    if (!live || this.proxies.has(info.name) || this.closed || info.pid === null) return;
    const pid = info.pid;
    const release = watchProxyAlive(info.port, () => {
      if (this.proxies.get(info.name)?.pid === pid) this.proxies.delete(info.name);
      this.lost.set(info.name, pid);
      this.refresh(info.name);
    });
    this.proxies.set(info.name, { pid, release });
  }
}
