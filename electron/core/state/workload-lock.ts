import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { currentProcessIdentity, identityAlive, type ProcessIdentity } from '../system/process-identity';
import { ensurePrivateDir, FILE_MODE, isErrno } from './atomic-file';
import { LockTimeoutError, StateWriteError } from './errors';
import type { StatePaths } from './paths';

export interface WorkloadLockOptions {
  /** How long to wait for a lock another process holds. Default 10 s: holders keep it for milliseconds. */
  readonly timeoutMs?: number;
  /**
   * How long to wait for another command's operation on the same workload to finish (see
   * withOperation). Default 60 s: a restart (a proxy's grace, a container's stop, a start) takes
   * seconds, and a command that waits longer is better refused with the holder named.
   */
  readonly operationTimeoutMs?: number;
}

interface Holder extends ProcessIdentity {
  readonly token: string;
}

/** A lock file whose holder is dead, or that cannot be read for this long, is broken. */
const UNREADABLE_STALE_MS = 5_000;

/**
 * Two kinds of per-workload lock, shared by every process on the machine (CLI runs, the app,
 * proxies), each a file holding its holder's PID, start time and a token, made with link(2) so it
 * appears whole or not at all. A holder that died (even by SIGKILL) leaves a lock that the next
 * taker breaks: the PID is gone, or now belongs to a process with another start time. Inside one
 * process, takers queue in order.
 * - The state lock (`locks/<name>.lock`, withLock) is held around each read-modify-write of the
 *   workload's files, for milliseconds. Proxies take it too.
 * - The operation lock (`locks/operations/<name>.lock`, withOperation) is held around a whole
 *   command on the workload (run, stop, restart, rm, update), for seconds, so that two commands on
 *   one workload never interleave: without it an rm could run between a restart's check and its
 *   container start, and the restart would make a container after rm had removed everything.
 *   Proxies never take it, so a long command never holds up a proxy's status writes.
 */
export class WorkloadLocks {
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly held = new AsyncLocalStorage<ReadonlySet<string>>();
  private readonly operations = new AsyncLocalStorage<ReadonlySet<string>>();
  private readonly timeoutMs: number;
  private readonly operationTimeoutMs: number;
  private readonly dirsReady = new Map<string, Promise<void>>();

  constructor(
    private readonly paths: StatePaths,
    options: WorkloadLockOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.operationTimeoutMs = options.operationTimeoutMs ?? 60_000;
  }

  /**
   * Runs `fn` holding the state lock of workload `name`. Throws LockTimeoutError (naming the
   * holder) when the lock is not free within the timeout. Taking the same lock again inside `fn` is
   * a programming error and throws at once rather than deadlocking.
   */
  async withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const file = this.paths.lockFile(name);
    if (this.held.getStore()?.has(name)) throw new Error(`the lock on workload "${name}" is already held by this call chain`);
    return this.hold(file, this.paths.locks, this.timeoutMs, (holder, waited) => new LockTimeoutError(name, holder, waited), () => {
      const held = new Set(this.held.getStore() ?? []).add(name);
      return this.held.run(held, fn);
    });
  }

  /**
   * Runs `fn` as the one command acting on workload `name` on this machine: other commands on it
   * (in any process) wait until `fn` settles, then see what it left. Re-entrant: inside `fn`, a
   * nested withOperation on the same name just runs. Throws LockTimeoutError naming the holder
   * when the other command does not finish within the operation timeout. Taking it while holding
   * the workload's state lock is a programming error (it could deadlock) and throws at once.
   */
  async withOperation<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const file = this.paths.operationLockFile(name);
    if (this.operations.getStore()?.has(name)) return fn();
    if (this.held.getStore()?.has(name)) throw new Error(`the operation lock on workload "${name}" is taken inside its state lock`);
    return this.hold(file, this.paths.operationLocks, this.operationTimeoutMs, (holder, waited) => new LockTimeoutError(name, holder, waited, 'command'), () => {
      const running = new Set(this.operations.getStore() ?? []).add(name);
      return this.operations.run(running, fn);
    });
  }

  /** Queues behind this process's other takers of `file`, takes it, runs `fn`, and releases it. */
  private async hold<T>(file: string, dir: string, timeoutMs: number, timedOut: (holder: string, waitedMs: number) => Error, fn: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(file) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(async () => {
      const token = await this.acquire(file, dir, timeoutMs, timedOut);
      try {
        return await fn();
      } finally {
        await release(file, token);
      }
    });
    this.queues.set(file, run);
    try {
      return await run;
    } finally {
      if (this.queues.get(file) === run) this.queues.delete(file);
    }
  }

  private async acquire(file: string, dir: string, timeoutMs: number, timedOut: (holder: string, waitedMs: number) => Error): Promise<string> {
    let ready = this.dirsReady.get(dir);
    if (!ready) {
      ready = ensurePrivateDir(this.paths.locks).then(() => ensurePrivateDir(dir));
      this.dirsReady.set(dir, ready);
    }
    await ready;
    const holder: Holder = { ...currentProcessIdentity(), token: randomBytes(8).toString('hex') };
    const temp = `${file}.${holder.pid}.${holder.token}.tmp`;
    const started = Date.now();
    try {
      // Inside the try: on a full disk the file can be created but not written, and must not stay.
      await writeFile(temp, JSON.stringify(holder), { mode: FILE_MODE, flag: 'wx' }).catch((error: unknown) => {
        throw StateWriteError.from(temp, error);
      });
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
        if (waited >= timeoutMs) throw timedOut(seen === 'unreadable' ? 'an unreadable lock file' : `process ${seen.pid}`, waited);
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
