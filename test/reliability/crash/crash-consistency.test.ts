import { readdir } from 'node:fs/promises';
import { describe, expect, inject, it } from 'vitest';
import { findProxies } from '../../../electron/core/workloads/proxy-processes';
import type { RunConfig } from '../../../shared/run-config';
import type { Desk } from '../../integration/workloads/helpers/harness';
import { useDesk } from '../../integration/workloads/helpers/use-desk';
import { recordFigures, scaled } from '../helpers/scale';
import { containersOf } from './engine-view';
import { killAfter, timed } from './kill-after';
import { createPrng, crashSeed, type Prng } from './prng';
import { checkStateFiles } from './state-files';

const image = inject('testImage');
const desk = useDesk();

/** The operations killed, in the order a lane cycles through them: each leaves what the next needs. */
const CYCLE = ['stop', 'restart', 'update', 'rm', 'run'] as const;
type Op = (typeof CYCLE)[number];

/** Kills in all, spread evenly over the five operations and the lanes (bounded: 1 per op per lane, to stay near 2 minutes on a busy 2-CPU runner). */
const KILLS = scaled(20, 220);
/** Workloads worked on side by side, one per lane, to keep the full count within minutes. */
const LANES = 4;
const PER_OP_PER_LANE = Math.ceil(KILLS / (LANES * CYCLE.length));
const SEED = crashSeed();

interface Tally {
  readonly kills: Record<Op, number>;
  completedFirst: number;
  filesChecked: number;
  readonly tempFiles: Set<string>;
  staleLocks: number;
  orphansFound: number;
  orphansCleaned: number;
  nextCommands: number;
  nextFailures: number;
  readonly failures: string[];
}

/** How long each operation takes here, uninterrupted, in ms (measured per lane, under the same load). */
type Durations = Record<Op | 'boot', number>;

describe('crash consistency: the CLI SIGKILLed at random moments', () => {
  it(`leaves parseable state, no lost RunConfig, no orphan container, and a next command that succeeds (${KILLS} kills)`, async () => {
    console.log(`crash suite seed ${SEED} (replay with MCPDESK_CRASH_SEED=${SEED})`);
    const started = Date.now();
    const tally: Tally = {
      kills: { stop: 0, restart: 0, update: 0, rm: 0, run: 0 },
      completedFirst: 0,
      filesChecked: 0,
      tempFiles: new Set(),
      staleLocks: 0,
      orphansFound: 0,
      orphansCleaned: 0,
      nextCommands: 0,
      nextFailures: 0,
      failures: [],
    };
    const durations = await Promise.all(Array.from({ length: LANES }, (_, lane) => measure(desk(), `crash-${lane}`)));
    await Promise.all(durations.map((d, lane) => runLane(desk(), lane, d, tally).catch((error: unknown) => void tally.failures.push(`lane ${lane}: ${String(error)}`))));

    const kills = CYCLE.reduce((sum, op) => sum + tally.kills[op], 0);
    const median = (op: Op | 'boot'): number => durations.map((d) => d[op]).sort((a, b) => a - b)[Math.floor(LANES / 2)]!;
    await recordFigures('crash', {
      seed: SEED,
      kills,
      ...Object.fromEntries(CYCLE.map((op) => [`kills_${op}`, tally.kills[op]])),
      completed_before_kill: tally.completedFirst,
      files_checked: tally.filesChecked,
      temp_files_left: tally.tempFiles.size,
      stale_locks_seen: tally.staleLocks,
      orphans_found: tally.orphansFound,
      orphans_cleaned: tally.orphansCleaned,
      next_commands: tally.nextCommands,
      next_command_failures: tally.nextFailures,
      ...Object.fromEntries((['boot', ...CYCLE] as const).map((op) => [`ms_${op}`, Math.round(median(op))])),
      seconds: Math.round((Date.now() - started) / 1000),
    });
    expect(tally.failures, `seed ${SEED}`).toEqual([]);
    expect(tally.nextFailures).toBe(0);
    for (const op of CYCLE) expect(tally.kills[op], `kills of ${op}`).toBeGreaterThanOrEqual(PER_OP_PER_LANE * LANES);
    expect(kills).toBeGreaterThanOrEqual(KILLS);
  });
});

/** Runs each operation once on workload `name`, uninterrupted, to learn the window to kill in. */
async function measure(d: Desk, name: string): Promise<Durations> {
  const boot = await timed(d.spawnCli('--version'));
  const steps: [Op, string[]][] = [
    ['run', ['run', image, '--name', name]],
    ['stop', ['stop', name]],
    ['restart', ['restart', name]],
    ['update', ['update', name, '-e', 'GEN=0']],
    ['rm', ['rm', name]],
  ];
  const out = { boot: boot.ranMs } as Durations;
  for (const [op, args] of steps) {
    if (op === 'stop' || op === 'update' || op === 'rm') await d.manager.waitFor(name, ['running'], 20_000);
    const result = await timed(d.spawnCli(...args));
    if (result.code !== 0) throw new Error(`mcpdesk ${args.join(' ')} failed while measuring: ${result.stderr}`);
    out[op] = result.ranMs;
  }
  return out;
}

/**
 * Where in an operation to kill: a tenth of the kills while node is still loading the CLI (they
 * must change nothing), the rest spread evenly from then to the usual end.
 */
function killMoment(rng: Prng, boot: number, duration: number): number {
  if (rng.next() < 0.1) return rng.between(0, boot);
  return rng.between(boot, Math.max(boot + 1, duration));
}

async function runLane(d: Desk, lane: number, durations: Durations, tally: Tally): Promise<void> {
  const name = `crash-${lane}`;
  const rng = createPrng(SEED + lane * 7919);
  const done: Record<Op, number> = { stop: 0, restart: 0, update: 0, rm: 0, run: 0 };
  let generation = 0;
  let runs = 0;
  for (let round = 0; CYCLE.some((op) => done[op] < PER_OP_PER_LANE) && round < PER_OP_PER_LANE * 10 + 10; round++) {
    for (const op of CYCLE) {
      if (done[op] >= PER_OP_PER_LANE) continue;
      await ensureReadyFor(d, op, name);
      const before = await d.state.runConfigs.load(name);
      const oldGen = genOf(before);
      const newGen = String(++generation);
      // Every other run is a foreground one: killed while it serves, it leaves its lease and PID behind.
      const foreground = op === 'run' && runs++ % 2 === 1;
      const args = argsOf(op, name, newGen, foreground);
      const window = foreground ? durations.run * 1.5 : durations[op];
      const delay = Math.round(killMoment(rng, durations.boot, window));
      const child = d.spawnCli(...args);
      const outcome = await killAfter(child, delay);
      const where = `seed ${SEED} lane ${lane} ${op}${foreground ? ' --foreground' : ''} (pid ${child.pid}) killed at ${delay} ms`;
      if (outcome.killed) {
        done[op]++;
        tally.kills[op]++;
      } else {
        tally.completedFirst++;
        // The machine got faster than when measured (a shared runner's load falls): aim the next
        // kills of this op within its new duration, a little short of it since the load may fall on.
        if (!foreground) durations[op] = outcome.ranMs * 0.9;
        if (outcome.code !== 0) tally.failures.push(`${where}: it finished first, with code ${outcome.code}: ${outcome.stderr.trim()}`);
      }
      await checkAfterKill(d, { op, name, where, oldGen, newGen }, tally);
    }
  }
}

function argsOf(op: Op, name: string, generation: string, foreground: boolean): string[] {
  switch (op) {
    case 'run':
      return ['run', image, '--name', name, ...(foreground ? ['--foreground'] : [])];
    case 'update':
      return ['update', name, '-e', `GEN=${generation}`];
    default:
      return [op, name];
  }
}

/** run needs the name free; the others a running workload. Done in-process, uninterrupted. */
async function ensureReadyFor(d: Desk, op: Op, name: string): Promise<void> {
  const exists = (await d.state.runConfigs.load(name)) !== undefined || (await d.state.statuses.getWorkload(name)) !== undefined;
  if (op === 'run') {
    if (exists) await d.manager.delete([name]);
    return;
  }
  if (!exists) {
    const result = await d.cli('run', image, '--name', name);
    if (result.code !== 0) throw new Error(`setting up ${name} for ${op} failed: ${result.stderr}`);
  }
  const info = await d.manager.get(name);
  if (info.status !== 'running') {
    const [result] = await d.manager.restart([name]);
    if (!result?.ok) throw new Error(`setting up ${name} for ${op} failed: ${result?.error.message}`);
  }
  await d.manager.waitFor(name, ['running'], 20_000);
}

interface KillContext {
  readonly op: Op;
  readonly name: string;
  readonly where: string;
  /** The GEN env value of the RunConfig before the operation (update sets a new one). */
  readonly oldGen: string | undefined;
  readonly newGen: string;
}

/**
 * The checks of the issue after one kill: every state file parses; the RunConfig is still there
 * unless the operation was rm (or a run that had not saved it yet); no container of ours lacks a
 * RunConfig; then the next command on the workload succeeds and leaves it sane.
 */
async function checkAfterKill(d: Desk, k: KillContext, tally: Tally): Promise<void> {
  const fail = (what: string): void => void tally.failures.push(`${k.where}: ${what}`);
  const files = await checkStateFiles(d.root);
  tally.filesChecked += files.checked;
  for (const temp of files.temps) tally.tempFiles.add(temp);
  for (const problem of files.problems) fail(`unparseable ${problem}`);
  tally.staleLocks += (await readdir(d.state.paths.locks).catch(() => [] as string[])).filter((f) => f.endsWith('.lock')).length;

  let config: RunConfig | undefined;
  try {
    config = await d.state.runConfigs.load(k.name);
  } catch (error) {
    fail(`its RunConfig cannot be read: ${String(error)}`);
    return;
  }
  const status = await d.state.statuses.getWorkload(k.name).catch(() => undefined);
  if (!config && k.op !== 'rm' && k.op !== 'run') fail('the RunConfig of a workload not being deleted is lost');
  if (k.op === 'update' && config && genOf(config) !== k.oldGen && genOf(config) !== k.newGen) {
    fail(`the RunConfig is neither the old one (GEN=${k.oldGen}) nor the new one (GEN=${k.newGen}) but GEN=${genOf(config)}`);
  }
  const mine = (await containersOf(d.root)).filter((c) => c.workload === k.name);
  if (mine.length > 1) fail(`${mine.length} containers for one workload`);
  const orphan = mine.length > 0 && !config;
  if (orphan) tally.orphansFound++;

  let next: string[] | undefined;
  if (k.op === 'rm') next = config || status || mine.length > 0 ? ['rm', k.name] : undefined;
  else next = config ? ['restart', k.name] : ['run', image, '--name', k.name];
  if (next) {
    tally.nextCommands++;
    const result = await d.cli(...next);
    if (result.code !== 0) {
      tally.nextFailures++;
      fail(`the next command, mcpdesk ${next.join(' ')}, failed (${result.code}): ${result.stderr.trim()}`);
      return;
    }
    if (orphan && !result.stdout.trim() && !result.stderr.trim()) fail('an orphan container was handled without a message');
  }

  if (k.op === 'rm') {
    await expectGone(d, k.name, fail);
    if (orphan && (await containersOf(d.root)).every((c) => c.workload !== k.name)) tally.orphansCleaned++;
    return;
  }
  const info = await d.manager.waitFor(k.name, ['running'], 20_000).catch(async (error: unknown) => {
    fail(`not running after ${next ? `mcpdesk ${next.join(' ')}` : 'it'}: ${String(error)}; its last transitions: ${await lastTransitions(d, k.name)}`);
  });
  if (!info) return;
  const proxies = await findProxies(k.name, d.root);
  if (proxies.length !== 1) fail(`${proxies.length} proxy processes after the next command`);
  const now = await d.state.runConfigs.load(k.name);
  const after = (await containersOf(d.root)).filter((c) => c.workload === k.name);
  if (after.length !== 1 || !after[0]!.running) fail(`after the next command: ${after.length} containers, running: ${after.map((c) => c.running).join(',')}`);
  else if (after[0]!.env.GEN !== genOf(now)) fail(`the container runs GEN=${after[0]!.env.GEN} but the RunConfig says GEN=${genOf(now)}: a container of another config was kept`);
  if (orphan) tally.orphansCleaned++;
}

/** After an rm: no RunConfig, status, PID file, container or proxy of the workload is left. */
async function expectGone(d: Desk, name: string, fail: (what: string) => void): Promise<void> {
  const left: string[] = [];
  if (await d.state.runConfigs.load(name).catch(() => 'unreadable')) left.push('RunConfig');
  if (await d.state.statuses.getWorkload(name).catch(() => 'unreadable')) left.push('status');
  if (await d.state.statuses.readPidFile(name).catch(() => 'unreadable')) left.push('PID file');
  if ((await containersOf(d.root)).some((c) => c.workload === name)) left.push('container');
  if ((await findProxies(name, d.root)).length > 0) left.push('proxy process');
  if ((await d.manager.list({ all: true })).some((info) => info.name === name)) left.push('a row in the list');
  if (left.length > 0) fail(`after rm, left: ${left.join(', ')}`);
}

/** The GEN env value update sets, which tells one config from the next. */
function genOf(config: RunConfig | undefined): string | undefined {
  const value = config?.env.GEN;
  return typeof value === 'string' ? value : undefined;
}

/** The workload's last few transitions with the PID that wrote each, for a failure message. */
async function lastTransitions(d: Desk, name: string): Promise<string> {
  const records = await d.state.statuses.transitions.read(name).catch(() => []);
  return records
    .slice(-8)
    .map((r) => `${r.at.slice(11, 23)} ${r.from ?? '(new)'}→${r.to} by ${r.by}${r.context ? ` (${r.context})` : ''}`)
    .join('; ');
}
