import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

/** How a CLI child ended under killAfter. */
export interface KillOutcome {
  /** Whether SIGKILL reached it while it still ran (false: it had finished first). */
  readonly killed: boolean;
  /** Its exit code when it finished by itself. */
  readonly code: number | null;
  /** How long it ran, in milliseconds. */
  readonly ranMs: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Lets a just-spawned CLI child run for `delayMs`, then SIGKILLs it (the kill a crash, an OOM kill
 * or a closed laptop lid deals: no handler runs). A child that finished before is left alone.
 */
export async function killAfter(child: ChildProcess, delayMs: number): Promise<KillOutcome> {
  const started = Date.now();
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; ranMs: number }>((resolve) => child.once('exit', (code) => resolve({ code, ranMs: Date.now() - started })));
  let killed = false;
  const finished = await Promise.race([exited.then(() => true), sleep(delayMs).then(() => false)]);
  if (!finished && child.exitCode === null && child.signalCode === null) killed = child.kill('SIGKILL');
  const { code, ranMs } = await exited;
  return { killed, code: killed ? null : code, ranMs, stdout, stderr };
}

/** Runs a CLI child to its end (no kill) and says how long it took. */
export async function timed(child: ChildProcess): Promise<KillOutcome> {
  return killAfter(child, 10 * 60 * 1000);
}
