import os from 'node:os';
import path from 'node:path';
import { assertWorkloadName } from '../../../shared/names';

/** Where MCP Desk keeps its state: `$XDG_STATE_HOME/mcpdesk`, by default `~/.local/state/mcpdesk`. */
export function resolveStateRoot(env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): string {
  const xdg = env.XDG_STATE_HOME;
  // The XDG spec says a relative value is invalid and must be ignored.
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(home, '.local', 'state');
  return path.join(base, 'mcpdesk');
}

/** The folders under the state root, and the file of each kind for one workload. */
export class StatePaths {
  readonly state: string;
  readonly status: string;
  readonly pids: string;
  readonly locks: string;
  readonly logs: string;
  readonly secrets: string;

  constructor(readonly root: string) {
    this.state = path.join(root, 'state');
    this.status = path.join(root, 'status');
    this.pids = path.join(root, 'pids');
    this.locks = path.join(root, 'locks');
    this.logs = path.join(root, 'logs');
    this.secrets = path.join(root, 'secrets');
  }

  /** The RunConfig file. Throws InvalidNameError first, so no bad name ever becomes a path. */
  runConfigFile(name: string): string {
    return path.join(this.state, `${assertWorkloadName(name)}.json`);
  }

  statusFile(name: string): string {
    return path.join(this.status, `${assertWorkloadName(name)}.json`);
  }

  pidFile(name: string): string {
    return path.join(this.pids, `${assertWorkloadName(name)}.pid`);
  }

  /** The workload's secret values (see SecretStore). */
  secretsFile(name: string): string {
    return path.join(this.secrets, `${assertWorkloadName(name)}.json`);
  }

  /** The identity of a foreground `mcpdesk run` serving this workload in its own process. */
  foregroundLeaseFile(name: string): string {
    return path.join(this.pids, `${assertWorkloadName(name)}.foreground.json`);
  }

  /** The app's settings (see SettingsStore). */
  get settingsFile(): string {
    return path.join(this.root, 'settings.json');
  }

  lockFile(name: string): string {
    return path.join(this.locks, `${assertWorkloadName(name)}.lock`);
  }

  /** Where the operation locks live (see WorkloadLocks.withOperation); a folder, so no name's lock file can be one. */
  get operationLocks(): string {
    return path.join(this.locks, 'operations');
  }

  /** The lock a whole command on the workload holds (see WorkloadLocks.withOperation). */
  operationLockFile(name: string): string {
    return path.join(this.operationLocks, `${assertWorkloadName(name)}.lock`);
  }
}
