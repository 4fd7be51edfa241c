import { readdir } from 'node:fs/promises';
import { z } from 'zod';
import { WorkloadStateSchema, transitionAllowed, type WorkloadState } from '../../../shared/states';
import { ensurePrivateDir, isErrno, readFileIfExists, removeFileDurably, writeFileAtomic } from './atomic-file';
import { CorruptStateError, TransitionRefusedError, WorkloadNotFoundError } from './errors';
import type { StatePaths } from './paths';
import { TransitionLog } from './transition-log';
import type { WorkloadLocks } from './workload-lock';

const NOT_MOVED = Symbol('not moved');

/** The content of status/<name>.json. */
export const WorkloadStatusSchema = z
  .object({
    status: WorkloadStateSchema,
    /** Why the workload is in this state (an error's reason, a health failure, an exit code); may be empty. */
    statusContext: z.string(),
    /** The proxy's PID while one runs, else null. */
    pid: z.number().int().positive().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .strict();
export type WorkloadStatus = z.infer<typeof WorkloadStatusSchema>;

/**
 * The status manager of the specification: one status file and one PID file per workload, changed
 * only along the transition table, each change atomic and under the workload's lock. Reads never
 * write. A corrupt file is reported with its path (CorruptStateError) and left as it is.
 */
export class StatusStore {
  private dirsReady: Promise<void> | undefined;

  /** Every change this store makes is also appended here. */
  readonly transitions: TransitionLog;

  constructor(
    private readonly paths: StatePaths,
    private readonly locks: WorkloadLocks,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.transitions = new TransitionLog(paths.root);
  }

  /**
   * Moves workload `name` to `status` with its reason. The first status of a workload must be
   * `starting`; every later one must be an edge of the table from the current status, else
   * TransitionRefusedError names both states and nothing is written (a state to itself is no edge:
   * use `update` to change only the reason). Keeps pid and createdAt.
   */
  async setWorkloadStatus(name: string, status: WorkloadState, statusContext = ''): Promise<WorkloadStatus> {
    return this.update(name, (current) => {
      if (current?.status === status) throw new TransitionRefusedError(name, status, status);
      return { status, statusContext, pid: current?.pid ?? null };
    });
  }

  /**
   * Moves workload `name` to `status` only if it is now in one of `from`, in one locked
   * read-modify-write; returns whether it moved. This is how a writer makes a transition that
   * another writer may have overtaken meanwhile: the proxy's health and exit records do not
   * overwrite a stop in progress, and a stop does not fail on an exit the proxy just recorded.
   */
  async moveIf(name: string, from: readonly WorkloadState[], status: WorkloadState, statusContext = ''): Promise<boolean> {
    try {
      await this.update(name, (current) => {
        // A sentinel that never leaves this method: it aborts the write.
        if (!current || !from.includes(current.status)) throw NOT_MOVED;
        return { status, statusContext, pid: current.pid };
      });
      return true;
    } catch (error) {
      if (error === NOT_MOVED) return false;
      throw error;
    }
  }

  /**
   * The read-modify-write every status change goes through: under the workload's lock, reads the
   * current status (undefined when none), asks `change` for the next status, file, pid and reason,
   * and writes it with updatedAt (and createdAt on the first write) set. A change of state must be
   * an edge of the table (TransitionRefusedError otherwise); keeping the state is only allowed for
   * an existing status (to change its reason or pid). Nothing is written when `change` throws.
   */
  async update(name: string, change: (current: WorkloadStatus | undefined) => Pick<WorkloadStatus, 'status' | 'statusContext' | 'pid'>): Promise<WorkloadStatus> {
    const file = this.paths.statusFile(name);
    const pidFile = this.paths.pidFile(name);
    return this.locks.withLock(name, async () => {
      const current = await this.read(file);
      const wanted = change(current);
      const from = current?.status ?? null;
      if (from !== wanted.status && !transitionAllowed(from, wanted.status)) throw new TransitionRefusedError(name, from, wanted.status);
      const at = this.now().toISOString();
      const next: WorkloadStatus = { ...wanted, createdAt: current?.createdAt ?? at, updatedAt: at };
      await this.ensureDirs();
      if (next.pid !== (current?.pid ?? null)) {
        if (next.pid === null) await removeFileDurably(pidFile);
        else await writeFileAtomic(pidFile, `${next.pid}\n`);
      }
      // The log first: whoever reacts to the status file (the app's watch, then its timeline) must
      // find the transition already recorded.
      if (from !== next.status) await this.transitions.append({ at, name, from, to: next.status, context: next.statusContext, by: process.pid });
      await writeFileAtomic(file, `${JSON.stringify(next, null, 2)}\n`);
      return next;
    });
  }

  /** The workload's status, or undefined when it has none. Throws CorruptStateError for a bad file. */
  async getWorkload(name: string): Promise<WorkloadStatus | undefined> {
    return this.read(this.paths.statusFile(name));
  }

  /**
   * Records the proxy's PID in the status file and the PID file (null clears both). The workload
   * must have a status (WorkloadNotFoundError otherwise); the state does not change.
   */
  async setWorkloadPID(name: string, pid: number | null): Promise<WorkloadStatus> {
    return this.update(name, (current) => {
      if (!current) throw new WorkloadNotFoundError(name, 'status of workload');
      return { status: current.status, statusContext: current.statusContext, pid };
    });
  }

  /**
   * Deletes the status and PID files: the `removing → (gone)` edge, so the workload must be
   * `removing` (TransitionRefusedError otherwise). A workload with no status is already gone.
   */
  async deleteWorkloadStatus(name: string): Promise<void> {
    const file = this.paths.statusFile(name);
    const pidFile = this.paths.pidFile(name);
    await this.locks.withLock(name, async () => {
      const current = await this.read(file);
      if (!current) return;
      if (current.status !== 'removing') throw new TransitionRefusedError(name, current.status, 'gone');
      await this.transitions.append({ at: this.now().toISOString(), name, from: 'removing', to: 'gone', context: '', by: process.pid });
      await removeFileDurably(pidFile);
      await removeFileDurably(file);
    });
  }

  /** The PID in pids/<name>.pid, or undefined when there is none. Throws CorruptStateError for a bad file. */
  async readPidFile(name: string): Promise<number | undefined> {
    const file = this.paths.pidFile(name);
    const text = await readFileIfExists(file);
    if (text === undefined) return undefined;
    const pid = Number(text.trim());
    if (!Number.isInteger(pid) || pid <= 0) throw new CorruptStateError(file, 'not a process id');
    return pid;
  }

  /** The names of every workload that has a status file, sorted. Temp files are skipped. */
  async listNames(): Promise<string[]> {
    return listJsonNames(this.paths.status);
  }

  private async read(file: string): Promise<WorkloadStatus | undefined> {
    const text = await readFileIfExists(file);
    if (text === undefined) return undefined;
    return parseStateFile(file, text, WorkloadStatusSchema);
  }

  private ensureDirs(): Promise<void> {
    this.dirsReady ??= (async () => {
      await ensurePrivateDir(this.paths.root);
      await ensurePrivateDir(this.paths.status);
      await ensurePrivateDir(this.paths.pids);
    })();
    return this.dirsReady;
  }
}

/** Parses a state file's text against `schema`; any problem is a CorruptStateError naming the file. */
export function parseStateFile<T>(file: string, text: string, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CorruptStateError(file, text.trim() === '' ? 'the file is empty' : 'not valid JSON', { cause: error });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CorruptStateError(file, `${issue?.path.join('.') || 'content'}: ${issue?.message ?? 'does not match the schema'}`);
  }
  return parsed.data;
}

/** The base names of the `.json` files in `dir`, sorted; an absent folder has none. */
export async function listJsonNames(dir: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return [];
    throw error;
  }
  return entries
    .filter((entry) => entry.endsWith('.json') && !entry.startsWith('.'))
    .map((entry) => entry.slice(0, -'.json'.length))
    .sort();
}
