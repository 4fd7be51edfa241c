import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A running process and its command line (argv). */
export interface ProcessEntry {
  readonly pid: number;
  readonly argv: readonly string[];
}

/**
 * The argv of `pid`, or undefined when there is no such process (or it cannot be read). Reads
 * /proc on Linux; elsewhere asks `ps` (argv is then split on spaces, enough to find our markers).
 */
export async function processArgv(pid: number): Promise<string[] | undefined> {
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return raw.length === 0 ? undefined : raw.replace(/\0$/, '').split('\0');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || process.platform === 'linux') return undefined;
  }
  try {
    const { stdout } = await run('ps', ['-p', String(pid), '-o', 'command=']);
    return stdout.trim() === '' ? undefined : stdout.trim().split(/\s+/);
  } catch {
    return undefined;
  }
}

/** Every process whose argv holds `marker`, this process excluded. */
export async function findProcesses(marker: string): Promise<ProcessEntry[]> {
  const found: ProcessEntry[] = [];
  if (process.platform === 'linux') {
    const pids = (await readdir('/proc')).filter((entry) => /^[0-9]+$/.test(entry)).map(Number);
    await Promise.all(
      pids.map(async (pid) => {
        if (pid === process.pid) return;
        const argv = await processArgv(pid);
        if (argv?.includes(marker)) found.push({ pid, argv });
      }),
    );
    return found.sort((a, b) => a.pid - b.pid);
  }
  const { stdout } = await run('ps', ['-ax', '-o', 'pid=,command=']);
  for (const line of stdout.split('\n')) {
    const match = /^\s*([0-9]+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const argv = match[2]!.split(/\s+/);
    if (Number(match[1]) !== process.pid && argv.includes(marker)) found.push({ pid: Number(match[1]), argv });
  }
  return found;
}
