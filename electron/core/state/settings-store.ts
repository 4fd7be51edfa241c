import { SettingsSchema, type Settings } from '../../../shared/settings';
import { ensurePrivateDir, readFileIfExists, writeFileAtomic } from './atomic-file';
import type { StatePaths } from './paths';
import { parseStateFile } from './status-store';

/**
 * The app's settings in `settings.json` under the state root, written atomically. A missing file
 * reads as the defaults; a corrupt one is reported (CorruptStateError) and left as it is. Writes
 * are serialized in this process; one app instance runs at a time (the single-instance lock), and
 * the CLI never writes settings.
 */
export class SettingsStore {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly paths: StatePaths) {}

  async read(): Promise<Settings> {
    const file = this.paths.settingsFile;
    const text = await readFileIfExists(file);
    return text === undefined ? SettingsSchema.parse({}) : parseStateFile(file, text, SettingsSchema);
  }

  /** Applies `changes` over the current settings, saves them and returns the result. */
  update(changes: Partial<Settings>): Promise<Settings> {
    const next = this.queue.then(async () => {
      const current = await this.read();
      const updated = SettingsSchema.parse({ ...current, ...definedOnly(changes) });
      await ensurePrivateDir(this.paths.root);
      await writeFileAtomic(this.paths.settingsFile, `${JSON.stringify(updated, null, 2)}\n`);
      return updated;
    });
    this.queue = next.catch(() => undefined);
    return next;
  }
}

function definedOnly<T extends object>(changes: T): Partial<T> {
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as Partial<T>;
}
