import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { WorkloadStatusSchema } from '../../../electron/core/state';
import { RunConfigSchema } from '../../../shared/run-config';

/** A writer's temp file (`.x.json.<pid>.<hex>.tmp`): may outlive a killed writer, is never state. */
const TEMP_FILE = /^\..+\.[0-9]+\.[0-9a-f]+\.tmp$/;

/** What a foreground run leaves in pids/<name>.foreground.json: its identity. */
const LeaseSchema = z.object({ pid: z.number().int().positive() }).loose();

/** What checkStateFiles found. */
export interface StateFilesReport {
  /** State files read and parsed. */
  readonly checked: number;
  /** Temp files left by killed writers, as folder/name. */
  readonly temps: string[];
  /** One line per file that does not parse, or that has no business in its folder. */
  readonly problems: string[];
}

/**
 * Reads every file under state/, status/ and pids/ of `root` as the stores would, with their
 * schemas: RunConfigs, statuses, PID files (one integer) and foreground leases. Temp files are
 * counted, not parsed; any other file is a problem.
 */
export async function checkStateFiles(root: string): Promise<StateFilesReport> {
  let checked = 0;
  const temps: string[] = [];
  const problems: string[] = [];
  const kinds: [folder: string, parse: (name: string, text: string) => void][] = [
    ['state', (name, text) => parseJson(name, text, '.json', RunConfigSchema)],
    ['status', (name, text) => parseJson(name, text, '.json', WorkloadStatusSchema)],
    [
      'pids',
      (name, text) => {
        if (name.endsWith('.foreground.json')) return parseJson(name, text, '.foreground.json', LeaseSchema);
        if (!name.endsWith('.pid')) throw new Error('not a PID file');
        if (!/^[1-9][0-9]*\n?$/.test(text)) throw new Error(`not one process id: ${JSON.stringify(text.slice(0, 40))}`);
      },
    ],
  ];
  for (const [folder, parse] of kinds) {
    const dir = path.join(root, folder);
    const entries = await readdir(dir).catch(() => [] as string[]);
    for (const entry of entries) {
      if (TEMP_FILE.test(entry)) {
        temps.push(`${folder}/${entry}`);
        continue;
      }
      // A file removed by another lane between readdir and read is simply gone.
      const text = await readFile(path.join(dir, entry), 'utf8').catch(() => undefined);
      if (text === undefined) continue;
      checked++;
      try {
        parse(entry, text);
      } catch (error) {
        problems.push(`${folder}/${entry}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
      }
    }
  }
  return { checked, temps, problems };
}

function parseJson(entry: string, text: string, suffix: string, schema: z.ZodType): void {
  if (!entry.endsWith(suffix)) throw new Error(`not a ${suffix} file`);
  const parsed = schema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? 'does not match its schema');
}
