import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const script = path.join(import.meta.dirname, 'state-child.ts');

/** Starts state-child.ts in a new Node process (through tsx, as the code is TypeScript). */
export function spawnStateChild(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Resolves when the child prints `line`; rejects if it exits first. */
export function waitForLine(child: ChildProcess, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.split('\n').includes(line)) resolve();
    });
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`child exited (${code}) before printing "${line}": ${err}`)));
  });
}

/** Resolves with the exit code; rejects with the child's stderr when it is not 0. */
export function waitForSuccess(child: ChildProcess): Promise<void> {
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`child exited with ${code}: ${err}`))));
  });
}

/** SIGKILLs the child and waits until it is gone. */
export async function kill9(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await gone;
}
