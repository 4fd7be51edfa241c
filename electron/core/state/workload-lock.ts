import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { currentProcessIdentity, identityAlive, type ProcessIdentity } from '../system/process-identity';
import { ensurePrivateDir, FILE_MODE, isErrno } from './atomic-file';
import { LockTimeoutError } from './errors';
import type { StatePaths } from './paths';

export interface WorkloadLockOptions {
  /** How long to wait for a lock another process holds. Default 10 s: holders keep it for milliseconds. */
  readonly timeoutMs?: number;
}

interface Holder extends ProcessIdentity {
  readonly token: string;
}

/** A lock file whose holder is dead, or that cannot be read for this long, is broken. */
const UNREADABLE_STALE_MS = 5_000;

/**
 * One lock per workload, shared by every process on the machine (CLI runs, the app, proxies), held
 * around each read-modify-write of that workload's files. It is a file `locks/<name>.lock` holding
 * its holder's PID, start time and a token, made with link(2) so it appears whole or not at all.
 * A holder that died (even by SIGKILL) leaves a lock that the next taker breaks: the PID is gone,
 * or now belongs to a process with another start time. Inside one process, takers queue in order.
 */
export class WorkloadLocks {
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly held = new AsyncLocalStorage<ReadonlySet<string>>();
  private readonly timeoutMs: number;
  private dirReady: Promise<void> | undefined;

  constructor(
    private readonly paths: StatePaths,
    options: WorkloadLockOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  /**
   * Runs `fn` holding the lock of workload `name`. Throws LockTimeoutError (naming the holder) when
   * the lock is not free within the timeout. Taking the same lock again inside `fn` is a programming
   * error and throws at once rather than deadlocking.
   */
  async withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const file = this.paths.lockFile(name);
    if (this.held.getStore()?.has(name)) throw new Error(`the lock on workload "${name}" is already held by this call chain`);
    const previous = this.queues.get(name) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(async () => {
      const token = await this.acquire(name, file);
      try {
        const held = new Set(this.held.getStore() ?? []).add(name);
        return await this.held.run(held, fn);
      } finally {
        await release(file, token);
      }
    });
    this.queues.set(name, run);
    try {
      return await run;
    } finally {
      if (this.queues.get(name) === run) this.queues.delete(name);
    }
  }

  private async acquire(name: string, file: string): Promise<string> {
    this.dirReady ??= ensurePrivateDir(this.paths.locks);
    await this.dirReady;
    const holder: Holder = { ...currentProcessIdentity(), token: randomBytes(8).toString('hex') };
    const temp = `${file}.${holder.pid}.${holder.token}.tmp`;
    await writeFile(temp, JSON.stringify(holder), { mode: FILE_MODE, flag: 'wx' });
    const started = Date.now();
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          await link(temp, file);
          return holder.token;
        } catch (error) {
          if (!isErrno(error, 'EEXIST')) throw error;
        }
        const seen = await readHolder(file);
        if (seen === 'gone') continue;
        if (await isStale(file, seen)) {
          await breakStale(file, seen);
          continue;
        }
        const waited = Date.now() - started;
        if (waited >= this.timeoutMs) {
          throw new LockTimeoutError(name, seen === 'unreadable' ? 'an unreadable lock file' : `process ${seen.pid}`, waited);
        }
        // Holders keep the lock for milliseconds: poll fast at first, with jitter so two waiters part.
        await sleep(Math.min(50, 1 + attempt * 2) * (0.5 + Math.random()));
      }
    } finally {
      await unlink(temp).catch(() => undefined);
    }
  }
}

async function readHolder(file: string): Promise<Holder | 'gone' | 'unreadable'> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return 'gone';
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<Holder>;
    if (typeof parsed.pid === 'number' && typeof parsed.token === 'string') return parsed as Holder;
  } catch {
    // fall through
  }
  return 'unreadable';
}

async function isStale(file: string, seen: Holder | 'unreadable'): Promise<boolean> {
  if (seen !== 'unreadable') return !identityAlive(seen);
  try {
    return Date.now() - (await stat(file)).mtimeMs > UNREADABLE_STALE_MS;
  } catch {
    return false;
  }
}

/**
 * Removes a dead holder's lock. Two takers may find the same dead lock at once; the `.break` folder
 * lets only one of them remove it, and only if it is still the lock it judged dead, so a live lock
 * taken meanwhile is never removed.
 */
async function breakStale(file: string, seen: Holder | 'unreadable'): Promise<void> {
  const guard = `${file}.break`;
  try {
    await mkdir(guard);
  } catch (error) {
    if (!isErrno(error, 'EEXIST')) throw error;
    // A breaker that died inside this section would block breaking forever: its guard ages out.
    const age = await stat(guard).then((s) => Date.now() - s.mtimeMs, () => 0);
    if (age > UNREADABLE_STALE_MS) await rmdir(guard).catch(() => undefined);
    await sleep(2);
    return;
  }
  try {
    const now = await readHolder(file);
    const same = now === seen || (now !== 'gone' && now !== 'unreadable' && seen !== 'unreadable' && now.token === seen.token);
    if (same) await unlink(file).catch(() => undefined);
  } finally {
    await rmdir(guard).catch(() => undefined);
  }
}

async function release(file: string, token: string): Promise<void> {
  const holder = await readHolder(file).catch(() => 'gone' as const);
  if (holder !== 'gone' && holder !== 'unreadable' && holder.token === token) await unlink(file).catch(() => undefined);
}
