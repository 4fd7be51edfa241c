import { appendFile, mkdir, readFile, rename, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { WorkloadState } from '../../../shared/states';
import { FILE_MODE, isErrno } from './atomic-file';
import { StateWriteError } from './errors';

/** One status change of one workload, as the log keeps it. `to` is 'gone' for a deletion. */
export interface TransitionRecord {
  readonly at: string;
  readonly name: string;
  readonly from: WorkloadState | null;
  readonly to: WorkloadState | 'gone';
  readonly context: string;
  /** The process that made the change. */
  readonly by: number;
}

/** Past this size the log is moved to transitions.1.jsonl (replacing the older one) and begun anew. */
const ROTATE_BYTES = 4 * 1024 * 1024;

/** A rotation guard older than this was left by a writer that died while rotating. */
const GUARD_STALE_MS = 5_000;

/** Options of a TransitionLog. */
export interface TransitionLogOptions {
  /** The size past which the log rotates; default 4 MiB. */
  readonly rotateBytes?: number;
}

/**
 * The append-only log of every status change under a state root (transitions.jsonl): the timeline
 * the app shows per workload, and the record that proves no transition outside the table was ever
 * written. Appends happen under the workload's lock, one line per write, just before the status
 * file is written (so a reader woken by the status file finds the record). Not fsynced: it records,
 * the status file decides; a crash between the two leaves a record of a change that did not land.
 */
export class TransitionLog {
  readonly file: string;
  private readonly rotateBytes: number;

  constructor(root: string, options: TransitionLogOptions = {}) {
    this.file = path.join(root, 'transitions.jsonl');
    this.rotateBytes = options.rotateBytes ?? ROTATE_BYTES;
  }

  /** Appends one record; rotates first when the file is large. */
  async append(record: TransitionRecord): Promise<void> {
    if ((await this.size()) > this.rotateBytes) await this.rotate();
    await appendFile(this.file, `${JSON.stringify(record)}\n`, { mode: FILE_MODE }).catch((error: unknown) => {
      throw StateWriteError.from(this.file, error);
    });
  }

  private size(): Promise<number> {
    return stat(this.file).then((s) => s.size, () => 0);
  }

  /**
   * Moves the full log aside. Writers of different workloads hold different locks, so several
   * may find the log full at once: without a guard, a late one would move the fresh log over the
   * one just moved aside, and the history in it would be lost. Inside the guard (a folder, made by
   * one writer at a time) the size is checked again; a writer that finds the guard taken appends
   * without rotating. A guard left by a writer that died ages out.
   */
  private async rotate(): Promise<void> {
    const guard = `${this.file}.rotating`;
    try {
      await mkdir(guard);
    } catch (error) {
      if (!isErrno(error, 'EEXIST')) return;
      const age = await stat(guard).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age > GUARD_STALE_MS) await rmdir(guard).catch(() => undefined);
      return;
    }
    try {
      if ((await this.size()) > this.rotateBytes) await rename(this.file, this.file.replace(/\.jsonl$/, '.1.jsonl')).catch(() => undefined);
    } finally {
      await rmdir(guard).catch(() => undefined);
    }
  }

  /** The records in order, of one workload or of all; lines that do not parse are skipped. */
  async read(name?: string): Promise<TransitionRecord[]> {
    let text = '';
    for (const file of [this.file.replace(/\.jsonl$/, '.1.jsonl'), this.file]) {
      try {
        text += await readFile(file, 'utf8');
      } catch (error) {
        if (!isErrno(error, 'ENOENT')) throw error;
      }
    }
    const records: TransitionRecord[] = [];
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        const record = JSON.parse(line) as TransitionRecord;
        if (name === undefined || record.name === name) records.push(record);
      } catch {
        // A line cut by a crash mid-append: the rest of the log still counts.
      }
    }
    return records;
  }
}
