import { z } from 'zod';
import { ensurePrivateDir, readFileIfExists, removeFileDurably, writeFileAtomic } from './atomic-file';
import type { StatePaths } from './paths';
import { parseStateFile } from './status-store';
import type { WorkloadLocks } from './workload-lock';

const SecretsSchema = z.record(z.string(), z.string());

/**
 * The secret values of each workload (a remote server's header values), in secrets/<name>.json,
 * apart from its RunConfig, which holds only references (`{secretRef}`) to them. So the RunConfig,
 * list output and logs never carry a secret. At rest the file is plaintext, readable by this user
 * only (0600 in a 0700 folder); encrypting it is not done yet.
 */
export class SecretStore {
  private dirsReady: Promise<void> | undefined;

  constructor(
    private readonly paths: StatePaths,
    private readonly locks: WorkloadLocks,
  ) {}

  /** Replaces the workload's secrets with `values` (an empty map deletes the file). */
  async save(name: string, values: Readonly<Record<string, string>>): Promise<void> {
    const file = this.paths.secretsFile(name);
    await this.locks.withLock(name, async () => {
      if (Object.keys(values).length === 0) {
        await removeFileDurably(file);
        return;
      }
      this.dirsReady ??= ensurePrivateDir(this.paths.root).then(() => ensurePrivateDir(this.paths.secrets));
      await this.dirsReady;
      await writeFileAtomic(file, `${JSON.stringify(values)}\n`);
    });
  }

  /** The workload's secrets by reference; none when it has no file. Throws CorruptStateError for a bad file. */
  async load(name: string): Promise<Record<string, string>> {
    const file = this.paths.secretsFile(name);
    const text = await readFileIfExists(file);
    return text === undefined ? {} : parseStateFile(file, text, SecretsSchema);
  }

  /** Deletes the workload's secrets. */
  async delete(name: string): Promise<void> {
    const file = this.paths.secretsFile(name);
    await this.locks.withLock(name, () => removeFileDurably(file));
  }
}
