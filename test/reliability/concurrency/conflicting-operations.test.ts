import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createDockerRuntime, type Runtime } from '../../../electron/core/runtime';
import { openState } from '../../../electron/core/state';
import { instanceOf } from '../../../electron/core/workloads/context';
import { WorkloadManager } from '../../../electron/core/workloads/workload-manager';
import type { Desk } from '../../integration/workloads/helpers/harness';
import { useDesk } from '../../integration/workloads/helpers/use-desk';
import { recordFigures, scaled } from '../helpers/scale';
import { checkLog, compareWithEngine, settle, type LogReport, type NameReport } from './agreement';
import { applyThroughManager, cliArgs, cliOutcome, drawOperations, refusalKind, seededRandom, unclear, type Operation, type Outcome } from './operations';

// Issue 5, item 2: CLI processes, the app's core in this process and a second core in a child
// process all act on the same three workloads at once (run, stop, restart, rm, update in a seeded
// random interleaving). Every command must succeed or be refused in one clear line; afterwards the
// state folder and the engine must agree, with at most one container per name, and transitions.jsonl
// must hold only edges of the table, each starting where the previous one of its workload ended.
// MCPDESK_CONCURRENCY_SEED replays a seed's operations; MCPDESK_CONCURRENCY_TRACE=1 prints each
// command's outcome.

const image = inject('testImage');
const desk = useDesk();
const repo = path.resolve(import.meta.dirname, '../../..');
const OPERATIONS = scaled(60, 150);
const CLI_ACTORS = 3;
/** Past this, an operation hangs: the CLI's own limit in the harness is the same. */
const HANG_MS = 120_000;
const SEED = Number(process.env.MCPDESK_CONCURRENCY_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** One operation as it was issued and answered. */
interface Issued {
  readonly actor: string;
  readonly operation: Operation;
  readonly outcome: Outcome;
}

/** Something that applies operations one after another: a CLI process per operation, or a core. */
interface Actor {
  readonly name: string;
  apply(operation: Operation): Promise<Outcome>;
  close(): Promise<void>;
}

function cliActor(index: number): Actor {
  return {
    name: `cli-${index}`,
    apply: async (operation) => cliOutcome(operation, await desk().cli(...cliArgs(operation, image))),
    close: async () => undefined,
  };
}

function inProcessCore(): Actor {
  return { name: 'core', apply: (operation) => withHangGuard(applyThroughManager(desk().manager, operation, image)), close: async () => undefined };
}

/** The second core: core-child.ts under tsx, over the same state root. */
function childCore(): Actor {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'core-child.ts'), desk().root, path.join(repo, 'dist', 'proxy', 'proxy.cjs'), image], {
    cwd: repo,
    env: desk().env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const waiting = new Map<number, (outcome: Outcome) => void>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const { id, outcome } = JSON.parse(line) as { id: number; outcome: Outcome };
    waiting.get(id)?.(outcome);
    waiting.delete(id);
  });
  child.on('exit', (code) => {
    for (const resolve of waiting.values()) resolve({ ok: false, message: `the child core exited (${code}): ${stderr}` });
    waiting.clear();
  });
  let next = 0;
  return {
    name: 'child-core',
    apply: (operation) => {
      const id = next++;
      const answered = new Promise<Outcome>((resolve) => waiting.set(id, resolve));
      child.stdin?.write(`${JSON.stringify({ id, operation })}\n`);
      return withHangGuard(answered);
    },
    close: async () => {
      child.stdin?.end();
      if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

async function withHangGuard(outcome: Promise<Outcome>): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<Outcome>((resolve) => (timer = setTimeout(() => resolve({ ok: false, message: `exit -1: no answer within ${HANG_MS / 1000} s` }), HANG_MS)));
  try {
    return await Promise.race([outcome, hang]);
  } finally {
    clearTimeout(timer);
  }
}

describe('conflicting operations from several processes on the same workloads', () => {
  const NAMES: string[] = [];
  const issued: Issued[] = [];
  const reports: NameReport[] = [];
  let log: LogReport = { records: 0, edges: new Set(), illegal: [], gaps: [] };
  let stillMoving: string[] = [];
  const logVersusStatus: string[] = [];

  beforeAll(async () => {
    // Container names are the engine's, not the desk's: a suffix of this desk keeps two runs of the
    // suite on one engine (two clones, two CI jobs) off each other's names.
    NAMES.push(...['alpha', 'beta', 'gamma'].map((name) => `cc-${name}-${instanceOf(desk().root).slice(0, 6)}`));
    console.log(`concurrency seed ${SEED} (replay with MCPDESK_CONCURRENCY_SEED=${SEED})`);
    const operations = drawOperations(seededRandom(SEED), NAMES, OPERATIONS);
    const actors = [...Array.from({ length: CLI_ACTORS }, (_, i) => cliActor(i)), inProcessCore(), childCore()];
    const started = Date.now();
    // Operation i goes to actor i mod n: every actor has a share of every verb and every name.
    await Promise.all(
      actors.map(async (actor, index) => {
        for (const operation of operations.filter((_, i) => i % actors.length === index)) {
          await new Promise((resolve) => setTimeout(resolve, operation.pauseMs));
          issued.push({ actor: actor.name, operation, outcome: await actor.apply(operation) });
        }
      }),
    );
    await Promise.all(actors.map((actor) => actor.close()));
    const stormMs = Date.now() - started;

    stillMoving = await settle(desk(), NAMES, 60_000);
    for (const name of NAMES) reports.push(await compareWithEngine(desk(), name));
    const records = await desk().state.statuses.transitions.read();
    log = checkLog(records);
    for (const name of NAMES) {
      const lastTo = records.filter((r) => r.name === name).at(-1)?.to ?? 'gone';
      const file = (await desk().state.statuses.getWorkload(name))?.status ?? 'gone';
      if (lastTo !== file) logVersusStatus.push(`${name}: the log ends at ${lastTo}, the status file says ${file}`);
    }

    const refusals = issued.filter((i) => !i.outcome.ok);
    if (process.env.MCPDESK_CONCURRENCY_TRACE) for (const i of issued) console.log(`${i.actor} ${i.operation.verb} ${i.operation.name}: ${i.outcome.ok ? 'ok' : i.outcome.message}`);
    const kinds = new Map<string, number>();
    for (const { outcome } of refusals) if (!outcome.ok) kinds.set(refusalKind(outcome.message), (kinds.get(refusalKind(outcome.message)) ?? 0) + 1);
    await recordFigures('concurrency', {
      operations: issued.length,
      successes: issued.length - refusals.length,
      refusals: refusals.length,
      ...Object.fromEntries([...kinds].sort().map(([kind, n]) => [`refused_${kind}`, n])),
      unclear: issued.filter((i) => !i.outcome.ok && unclear(i.operation, i.outcome.message) !== undefined).length,
      transitions: log.records,
      illegal_transitions: log.illegal.length,
      log_gaps: log.gaps.length,
      duplicate_containers: reports.reduce((sum, r) => sum + r.duplicates, 0),
      disagreements: reports.reduce((sum, r) => sum + r.disagreements.length, 0) + stillMoving.length + logVersusStatus.length,
      processes: CLI_ACTORS + 2,
      seconds: Math.round(stormMs / 1000),
      seed: SEED,
    });
  }, 900_000);

  it(`issues at least ${OPERATIONS} operations from ${CLI_ACTORS} CLI processes and two cores`, () => {
    expect(issued).toHaveLength(OPERATIONS);
    expect(new Set(issued.map((i) => i.actor)).size).toBe(CLI_ACTORS + 2);
  });

  // Found by this suite, fixed in the manager: each command held the workload's lock only around
  // each file write, so two commands on one workload interleaved and one was overtaken midway
  // ("cannot go from starting to starting"). Every command now runs inside the workload's
  // operation lock (WorkloadLocks.withOperation).
  it('answers every command with success or a one-line refusal naming the workload', () => {
    const bad = issued.flatMap((i) => {
      if (i.outcome.ok) return [];
      const why = unclear(i.operation, i.outcome.message);
      return why ? [`${i.actor} ${i.operation.verb} ${i.operation.name}: ${why}: ${i.outcome.message}`] : [];
    });
    expect(bad).toEqual([]);
  });

  it('refuses conflicts rather than letting every command through, and still brings workloads up', () => {
    expect(issued.some((i) => !i.outcome.ok)).toBe(true);
    expect(issued.some((i) => i.operation.verb === 'run' && i.outcome.ok)).toBe(true);
    // An engine that fails every start would leave nothing to disagree: some workload must have run.
    expect([...log.edges]).toContain('starting → running');
  });

  it('leaves every workload settled, at most one container per name, and the state folder agreeing with the engine', () => {
    expect(stillMoving).toEqual([]);
    expect(reports.filter((r) => r.duplicates > 0).map((r) => r.name)).toEqual([]);
    expect(reports.flatMap((r) => r.disagreements)).toEqual([]);
  });

  it('wrote only edges of the transition table to transitions.jsonl', () => {
    expect(log.records).toBeGreaterThan(0);
    expect(log.illegal).toEqual([]);
  });

  it("logged each workload's changes as one chain: every record starts where the previous one ended, and the last is the status file's", () => {
    expect(log.gaps).toEqual([]);
    expect(logVersusStatus).toEqual([]);
  });
});

describe('an rm from the CLI that lands while the app restarts the same workload', () => {
  // Deterministic form of the race the storm above hits by chance: the app's restart has set
  // `starting` and is about to start the container when the CLI's rm arrives. The restart's
  // container start is held until that rm has finished (or for 10 s, if the rm waits for it).
  // Before the operation lock, the rm ran between the restart's `starting` and its container
  // start, removed everything, and the restart then made the container anew, without a RunConfig.
  it('leaves no container without its RunConfig, and both commands succeed or are refused clearly', async () => {
    const name = `cc-race-${instanceOf(desk().root).slice(0, 6)}`;
    expect((await desk().cli('run', image, '--name', name, '--wait')).code).toBe(0);
    let removal: Promise<CliRun> | undefined;
    const manager = managerWithHeldStart(desk(), async () => {
      removal ??= desk().cli('rm', name);
      await Promise.race([removal, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    });
    const operation = { verb: 'restart', name, rev: 0, pauseMs: 0 } as const;
    const restarted = await applyThroughManager(manager, operation, image);
    const removed = cliOutcome({ ...operation, verb: 'rm' }, await (removal ?? desk().cli('rm', name)));
    for (const outcome of [restarted, removed]) if (!outcome.ok) expect(unclear(operation, outcome.message), outcome.message).toBeUndefined();
    expect(await settle(desk(), [name], 30_000)).toEqual([]);
    const report = await compareWithEngine(desk(), name);
    expect(report.disagreements).toEqual([]);
    expect(report.duplicates).toBe(0);
  });
});

/** What desk.cli returns. */
type CliRun = Awaited<ReturnType<Desk['cli']>>;

/**
 * A WorkloadManager over the desk's state root, as the app holds one, whose engine runs `before`
 * ahead of every container start (test seams are injected, not mocked).
 */
function managerWithHeldStart(desk: Desk, before: () => Promise<void>): WorkloadManager {
  const engine = createDockerRuntime();
  const held: Runtime = new Proxy(engine, {
    get(target, key, receiver) {
      if (key === 'start') {
        return async (container: string) => {
          await before();
          return target.start(container);
        };
      }
      const value: unknown = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  const health = { MCPDESK_HEALTH_INTERVAL_MS: '200', MCPDESK_HEALTH_TIMEOUT_MS: '300' };
  return new WorkloadManager({
    state: openState(desk.root),
    runtime: () => held,
    proxyCommand: { execPath: process.execPath, script: path.join(repo, 'dist', 'proxy', 'proxy.cjs'), env: health },
    proxyStopGraceMs: 2_000,
  });
}
