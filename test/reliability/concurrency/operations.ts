import type { WorkloadManager } from '../../../electron/core/workloads/workload-manager';

/** The verbs the suite throws at the same few workloads. */
export const VERBS = ['run', 'stop', 'restart', 'rm', 'update'] as const;
export type Verb = (typeof VERBS)[number];

/** One conflicting operation: a verb on a workload name, issued by one actor after a short pause. */
export interface Operation {
  readonly verb: Verb;
  readonly name: string;
  /** A value that makes each update a real change (the label `rev`). */
  readonly rev: number;
  /** How long the actor waits before issuing it, so actors drift against each other. */
  readonly pauseMs: number;
}

/** What came back: success, or the one line a user would read. */
export type Outcome = { readonly ok: true } | { readonly ok: false; readonly message: string };

/** mulberry32: a small seeded PRNG, so a failing interleaving's operations can be replayed from the seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Run is weighted up so that the names keep coming back after rm, and every verb finds something to conflict with. */
const WEIGHTS: Readonly<Record<Verb, number>> = { run: 3, stop: 2, restart: 2, rm: 2, update: 1.5 };

/** `count` operations on `names`, drawn from `random`. */
export function drawOperations(random: () => number, names: readonly string[], count: number): Operation[] {
  const total = VERBS.reduce((sum, verb) => sum + WEIGHTS[verb], 0);
  const operations: Operation[] = [];
  for (let i = 0; i < count; i++) {
    let pick = random() * total;
    const verb = VERBS.find((v) => (pick -= WEIGHTS[v]) < 0) ?? 'run';
    const name = names[Math.floor(random() * names.length)] ?? names[0]!;
    operations.push({ verb, name, rev: i, pauseMs: Math.floor(random() * 250) });
  }
  return operations;
}

/** The mcpdesk arguments of an operation. */
export function cliArgs(operation: Operation, image: string): string[] {
  switch (operation.verb) {
    case 'run':
      return ['run', image, '--name', operation.name];
    case 'update':
      return ['update', operation.name, '--label', `rev=${operation.rev}`];
    default:
      return [operation.verb, operation.name];
  }
}

/** Applies an operation through a WorkloadManager, as the app does; a thrown error or a failed item is the refusal. */
export async function applyThroughManager(manager: WorkloadManager, operation: Operation, image: string): Promise<Outcome> {
  const { name } = operation;
  try {
    switch (operation.verb) {
      case 'run':
        await manager.run({ name, image, cmdArgs: [], transport: 'stdio', proxyMode: 'streamable-http', env: {}, volumes: [], labels: {}, headers: {} });
        return { ok: true };
      case 'update':
        await manager.update(name, { labels: { rev: String(operation.rev) } });
        return { ok: true };
      case 'stop':
        return itemOutcome(await manager.stop([name]));
      case 'restart':
        return itemOutcome(await manager.restart([name]));
      case 'rm':
        return itemOutcome(await manager.delete([name]));
    }
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : `(not an Error) ${String(error)}` };
  }
}

function itemOutcome(results: readonly ({ ok: true } | { ok: false; error: Error })[]): Outcome {
  const [result] = results;
  if (!result) return { ok: false, message: '(no result for the name)' };
  return result.ok ? { ok: true } : { ok: false, message: result.error.message };
}

/** What a CLI run printed and how it exited, as the harness returns it. */
interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * A CLI run as an outcome: exit 0 is success; exit 1 with one line on stderr (`error: …`, or
 * `NAME: error: …` from a batch command) is a refusal with that line's message. Anything else (a
 * usage error, a kill by the timeout, several lines) comes back as a refusal whose message shows
 * it, for `unclear` to reject.
 */
export function cliOutcome(operation: Operation, result: CliRun): Outcome {
  if (result.code === 0) return { ok: true };
  const stderr = result.stderr.trim();
  const lines = stderr.split('\n');
  const prefix = [`${operation.name}: error: `, 'error: '].find((p) => stderr.startsWith(p));
  if (result.code !== 1 || lines.length !== 1 || !prefix) return { ok: false, message: `exit ${result.code}; stderr: ${JSON.stringify(result.stderr)}; stdout: ${JSON.stringify(result.stdout)}` };
  return { ok: false, message: stderr.slice(prefix.length) };
}

/** Refusal kinds, for the figures; the first that matches names the kind. */
const KINDS: readonly (readonly [string, RegExp])[] = [
  ['already-exists', /already exists/],
  ['not-found', /not found/],
  ['being-removed', /is being removed/],
  ['transition-refused', /cannot go from/],
  ['lock-timeout', /waiting for the lock/],
  ['busy', /\bbusy\b|another (command|operation)/],
  ['port', /proxy port/],
];

/** The kind of a refusal, or `other`. */
export function refusalKind(message: string): string {
  return KINDS.find(([, pattern]) => pattern.test(message))?.[0] ?? 'other';
}

/**
 * Why a refusal is not a clear one, or undefined when it is: one line, naming the workload in
 * quotes, saying what was wrong, with no stack trace, no internal error and no empty message. A
 * refused transition ("cannot go from starting to starting", "from removing to stopped") is an
 * internal error too: the command checked the state, then another command's write overtook it
 * midway, and the user is told about a step they never asked for.
 */
export function unclear(operation: Operation, message: string): string | undefined {
  if (message.trim() === '') return 'empty message';
  if (message.includes('\n')) return 'more than one line';
  if (/^exit -?\d+/.test(message)) return 'not a one-line refusal';
  if (/\bat .+:\d+:\d+\)?$|\bundefined\b|\[object Object\]|\b(TypeError|ReferenceError|RangeError|SyntaxError)\b|Cannot read propert/.test(message)) return 'an internal error';
  if (/cannot go from/.test(message)) return 'overtaken midway by another command';
  if (!message.includes(`"${operation.name}"`)) return 'does not name the workload';
  return undefined;
}
