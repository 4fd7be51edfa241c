import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TransitionRecord } from '../../../../electron/core/state';
import { transitionAllowed } from '../../../../shared/states';
import { CLI, eventually, type CliResult, type Desk } from './harness';

const run = promisify(execFile);

/** An edge as the tests write it: `running → error`, `(new) → starting`, `removing → gone`. */
export function edgeOf(record: Pick<TransitionRecord, 'from' | 'to'>): string {
  return `${record.from ?? '(new)'} → ${record.to}`;
}

/** The edges workload `name` went along, in the order transitions.jsonl recorded them. */
export async function edgesOf(desk: Desk, name: string): Promise<string[]> {
  return (await desk.state.statuses.transitions.read(name)).map(edgeOf);
}

/**
 * Waits until workload `name` has gone along `edge` `times` times (by transitions.jsonl) and returns
 * the last such record. Throws after `ms`, naming the edges seen so far.
 */
export async function waitForEdge(desk: Desk, name: string, edge: string, options: { times?: number; ms?: number } = {}): Promise<TransitionRecord> {
  const times = options.times ?? 1;
  try {
    return await eventually(
      `"${name}" to go ${edge}${times > 1 ? ` ${times} times` : ''}`,
      async () => {
        const matching = (await desk.state.statuses.transitions.read(name)).filter((record) => edgeOf(record) === edge);
        return matching.length >= times ? matching[times - 1] : undefined;
      },
      options.ms ?? 15_000,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; its edges so far: ${(await edgesOf(desk, name)).join(', ')}`, { cause: error });
  }
}

/** The records whose edge the transition table refuses; `→ gone` is allowed only from removing. */
export function refusedRecords(records: readonly TransitionRecord[]): TransitionRecord[] {
  return records.filter((record) => (record.to === 'gone' ? record.from !== 'removing' : !transitionAllowed(record.from, record.to)));
}

/**
 * Runs `mcpdesk ARGS` against the desk with `env` laid over the desk's environment (an engine that
 * cannot be reached: `{DOCKER_HOST: 'unix:///nonexistent.sock'}`); never throws for a non-zero exit.
 */
export async function cliWithEnv(desk: Desk, env: Readonly<Record<string, string>>, ...args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env: { ...desk.env, ...env }, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/**
 * Writes a stand-in for the fixture's bundle that logs one line and never listens on any port (a
 * server still loading), to bind-mount over /app/server.mjs in the test image. Returns its host
 * path, inside the desk's own folder so dispose removes it.
 */
export async function serverThatNeverListens(desk: Desk): Promise<string> {
  const file = path.join(desk.home, 'never-listens.mjs');
  await writeFile(file, "process.stderr.write('slow server: still loading, not listening yet\\n');\nsetInterval(() => undefined, 60_000);\n", { mode: 0o644 });
  return file;
}
