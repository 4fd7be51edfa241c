import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensurePrivateDir, FILE_MODE, readFileIfExists, removeFileDurably, writeFileAtomic } from '../state/atomic-file';
import { StatePaths } from '../state/paths';
import { currentProcessIdentity, identityAlive, processGone, type ProcessIdentity } from '../system/process-identity';
import { findProcesses, processArgv } from '../system/process-table';

/** The word in every proxy process's argv that marks it as ours. */
export const PROXY_MARKER = 'mcpdesk-proxy';

/** How to start a proxy process: the runtime binary, the proxy script, and extra environment. */
export interface ProxyCommand {
  /** node, or Electron's binary (then `env` holds ELECTRON_RUN_AS_NODE=1). */
  readonly execPath: string;
  /** The bundled proxy entry (dist/proxy/proxy.cjs). */
  readonly script: string;
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * How this process starts proxies: with its own binary. Under Electron that binary is Electron,
 * which runs the script as plain Node only with ELECTRON_RUN_AS_NODE=1; under the CLI it is node.
 */
export function proxyCommandFor(script: string, versions: NodeJS.ProcessVersions = process.versions, execPath: string = process.execPath): ProxyCommand {
  return versions.electron ? { execPath, script, env: { ELECTRON_RUN_AS_NODE: '1' } } : { execPath, script };
}

/** The arguments a proxy of workload `name` under state root `root` runs with. */
export function proxyArgs(name: string, root: string): string[] {
  return [PROXY_MARKER, '--name', name, '--state-root', root];
}

/** Whether `argv` is that of the proxy of workload `name` under state root `root`. */
export function isProxyOf(argv: readonly string[], name: string, root: string): boolean {
  const at = argv.indexOf(PROXY_MARKER);
  if (at === -1) return false;
  const rest = argv.slice(at + 1);
  const value = (flag: string): string | undefined => rest[rest.indexOf(flag) + 1];
  return rest.includes('--name') && value('--name') === name && value('--state-root') === root;
}

/**
 * Starts the proxy of workload `name` detached: its own session, no tie to the caller, output
 * appended to logs/<name>.log. The caller may exit at once; the proxy lives on. Returns its PID.
 */
export async function launchProxy(command: ProxyCommand, paths: StatePaths, name: string): Promise<number> {
  await ensurePrivateDir(paths.logs);
  const logFile = proxyLogFile(paths, name);
  const fd = openSync(logFile, 'a', FILE_MODE);
  try {
    const child = spawn(command.execPath, [command.script, ...proxyArgs(name, paths.root)], {
      detached: true,
      stdio: ['ignore', fd, fd],
      env: { ...process.env, ...command.env },
    });
    const pid = child.pid;
    if (pid === undefined) {
      const error = await new Promise<Error>((resolve) => child.once('error', resolve));
      throw new Error(`failed to start the proxy of workload "${name}": ${error.message}`, { cause: error });
    }
    child.unref();
    return pid;
  } finally {
    closeSync(fd);
  }
}

/** The proxy's log file: logs/<name>.log beside the state. */
export function proxyLogFile(paths: StatePaths, name: string): string {
  return `${paths.logs}/${name}.log`;
}

/**
 * Whether `pid` is alive and serves this workload (not a process that reused the PID): a detached
 * proxy, known by its command line, or a foreground `mcpdesk run`, known by the lease it wrote
 * (PID and start time).
 */
export async function isVerifiedProxy(pid: number, name: string, root: string): Promise<boolean> {
  const argv = await processArgv(pid);
  if (argv === undefined) return false;
  if (isProxyOf(argv, name, root)) return true;
  const lease = await readFileIfExists(new StatePaths(root).foregroundLeaseFile(name)).catch(() => undefined);
  if (lease === undefined) return false;
  try {
    const holder = JSON.parse(lease) as ProcessIdentity;
    return holder.pid === pid && identityAlive(holder);
  } catch {
    return false;
  }
}

/**
 * Records that this process serves workload `name` in the foreground, so that reads see its proxy
 * as alive and a stop from elsewhere may signal it. Removed by endForegroundLease.
 */
export async function beginForegroundLease(paths: StatePaths, name: string): Promise<void> {
  await writeFileAtomic(paths.foregroundLeaseFile(name), JSON.stringify(currentProcessIdentity()));
}

/** Removes this process's foreground lease of workload `name`. */
export async function endForegroundLease(paths: StatePaths, name: string): Promise<void> {
  await removeFileDurably(paths.foregroundLeaseFile(name));
}

/** Every live proxy process of this workload: normally none or one; more after a crash left a stale one. */
export async function findProxies(name: string, root: string): Promise<number[]> {
  return (await findProcesses(PROXY_MARKER)).filter((entry) => isProxyOf(entry.argv, name, root)).map((entry) => entry.pid);
}

/**
 * Stops the proxy processes of this workload: the recorded PID when it is verified to be this
 * workload's proxy, plus any stale one found by its command line. SIGTERM first, SIGKILL after
 * `graceMs`. A PID that now belongs to some other process is never signalled. Returns the PIDs
 * stopped.
 */
export async function stopProxies(name: string, root: string, recordedPid: number | undefined, graceMs = 5_000): Promise<number[]> {
  const pids = new Set(await findProxies(name, root));
  if (recordedPid !== undefined && (await isVerifiedProxy(recordedPid, name, root))) pids.add(recordedPid);
  // A foreground run stopping its own workload must not signal itself.
  pids.delete(process.pid);
  await Promise.all([...pids].map((pid) => terminate(pid, graceMs)));
  return [...pids];
}

async function terminate(pid: number, graceMs: number): Promise<void> {
  if (!signal(pid, 'SIGTERM')) return;
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (processGone(pid)) return;
    await sleep(20);
  }
  signal(pid, 'SIGKILL');
  for (let i = 0; i < 100 && !processGone(pid); i++) await sleep(20);
}

function signal(pid: number, name: NodeJS.Signals): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch {
    return false;
  }
}
