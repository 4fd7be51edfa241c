import { readFileSync } from 'node:fs';

/**
 * A process as identified across time: its PID plus, where /proc exists, its start time in clock
 * ticks since boot. A PID alone is reused by the kernel; PID plus start time is not.
 */
export interface ProcessIdentity {
  readonly pid: number;
  /** undefined where /proc is not available (macOS): then only the PID is compared. */
  readonly startTime?: string | undefined;
}

/** The start time of `pid` from /proc/<pid>/stat, or undefined when it cannot be read. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19]; // field 22 overall
  } catch {
    return undefined;
  }
}

/** This process's identity. */
export function currentProcessIdentity(): ProcessIdentity {
  return { pid: process.pid, startTime: processStartTime(process.pid) };
}

/** Whether a process with this PID exists (a zombie counts until reaped). Signal 0 checks without sending. */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the process `identity` names is still the one running under its PID. */
export function identityAlive(identity: ProcessIdentity): boolean {
  if (!pidAlive(identity.pid)) return false;
  if (identity.startTime === undefined) return true;
  const now = processStartTime(identity.pid);
  return now === undefined || now === identity.startTime;
}

/**
 * Whether `pid` has exited: no such process, or a zombie (exited, not yet reaped by its parent, so
 * kill(0) still finds it). Where /proc is missing, only the first is seen.
 */
export function processGone(pid: number): boolean {
  if (!pidAlive(pid)) return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}
