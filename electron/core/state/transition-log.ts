import { appendFile, readFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import type { WorkloadState } from '../../../shared/states';
import { FILE_MODE, isErrno } from './atomic-file';

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

/**
 * The append-only log of every status change under a state root (transitions.jsonl): the timeline
 * the app shows per workload, and the record that proves no transition outside the table was ever
 * written. Appends happen under the workload's lock, one line per write, just before the status
 * file is written (so a reader woken by the status file finds the record). Not fsynced: it records,
 * the status file decides; a crash between the two leaves a record of a change that did not land.
 */
export class TransitionLog {
  readonly file: string;

  constructor(root: string) {
    this.file = path.join(root, 'transitions.jsonl');
  }

  /** Appends one record; rotates first when the file is large. */
  async append(record: TransitionRecord): Promise<void> {
    const size = await stat(this.file).then((s) => s.size, () => 0);
    if (size > ROTATE_BYTES) await rename(this.file, this.file.replace(/\.jsonl$/, '.1.jsonl')).catch(() => undefined);
    await appendFile(this.file, `${JSON.stringify(record)}\n`, { mode: FILE_MODE });
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
