import { RunConfigSchema, type RunConfig } from '../../../shared/run-config';
import { ensurePrivateDir, readFileIfExists, removeFileDurably, writeFileAtomic } from './atomic-file';
import { WorkloadExistsError } from './errors';
import type { StatePaths } from './paths';
import { listJsonNames, parseStateFile } from './status-store';
import type { WorkloadLocks } from './workload-lock';

/**
 * The RunConfig of each workload in state/<name>.json: written atomically under the workload's
 * lock, validated on the way in and on the way out.
 */
export class RunConfigStore {
  private dirsReady: Promise<void> | undefined;

  constructor(
    private readonly paths: StatePaths,
    private readonly locks: WorkloadLocks,
  ) {}

  /**
   * Saves a new workload's RunConfig. Throws WorkloadExistsError when the name is taken (checked
   * under the lock, so two processes racing for one name cannot both win), and a ZodError for an
   * invalid config; in both cases nothing is written.
   */
  async create(config: RunConfig): Promise<void> {
    const valid = RunConfigSchema.parse(config);
    const file = this.paths.runConfigFile(valid.name);
    await this.locks.withLock(valid.name, async () => {
      if ((await readFileIfExists(file)) !== undefined) throw new WorkloadExistsError(valid.name);
      await this.write(file, valid);
    });
  }

  /** Replaces the RunConfig of a workload (update). Throws a ZodError for an invalid config, writing nothing. */
  async save(config: RunConfig): Promise<void> {
    const valid = RunConfigSchema.parse(config);
    await this.locks.withLock(valid.name, () => this.write(this.paths.runConfigFile(valid.name), valid));
  }

  /** The RunConfig, or undefined when there is none. Throws CorruptStateError for a bad file. */
  async load(name: string): Promise<RunConfig | undefined> {
    const file = this.paths.runConfigFile(name);
    const text = await readFileIfExists(file);
    return text === undefined ? undefined : parseStateFile(file, text, RunConfigSchema);
  }

  /** Deletes the RunConfig; returns whether there was one. */
  async delete(name: string): Promise<boolean> {
    const file = this.paths.runConfigFile(name);
    return this.locks.withLock(name, () => removeFileDurably(file));
  }

  /** The names of every saved RunConfig, sorted. */
  async listNames(): Promise<string[]> {
    return listJsonNames(this.paths.state);
  }

  private async write(file: string, config: RunConfig): Promise<void> {
    this.dirsReady ??= ensurePrivateDir(this.paths.root).then(() => ensurePrivateDir(this.paths.state));
    await this.dirsReady;
    await writeFileAtomic(file, `${JSON.stringify(config, null, 2)}\n`);
  }
}
