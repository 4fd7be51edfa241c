import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { TransitionRecord } from '../../../electron/core/state';
import { WorkloadNotFoundError } from '../../../electron/core/state';
import { instanceOf } from '../../../electron/core/workloads/context';
import { INSTANCE_LABEL, STANDARD_LABELS } from '../../../shared/labels';
import type { WorkloadInfo } from '../../../shared/workload-info';
import type { Desk } from '../../integration/workloads/helpers/harness';
import { edgeOf, refusedRecords } from '../../integration/workloads/helpers/transition-log';

const run = promisify(execFile);

/** The states a workload may be left in once nothing acts on it any more. */
const FINAL = ['running', 'stopped', 'error'];

/** One of this desk's containers made for workload `name`, as the engine lists it. */
interface SeenContainer {
  readonly id: string;
  readonly state: string;
}

/** Every container carrying workload `name`'s label and this desk's instance label, running or not. */
export async function containersOf(desk: Desk, name: string): Promise<SeenContainer[]> {
  const { stdout } = await run('docker', ['ps', '-a', '--filter', `label=${STANDARD_LABELS.name}=${name}`, '--filter', `label=${INSTANCE_LABEL}=${instanceOf(desk.root)}`, '--format', '{{.ID}} {{.State}}']);
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [id = '', state = ''] = line.split(' ');
      return { id, state };
    });
}

/** The workload as a read derives it, or undefined when nothing of that name exists. */
export async function derived(desk: Desk, name: string): Promise<WorkloadInfo | undefined> {
  try {
    return await desk.manager.get(name);
  } catch (error) {
    if (error instanceof WorkloadNotFoundError) return undefined;
    throw error;
  }
}

/** Waits until every name is gone or in a final state; returns the names still moving after `ms`. */
export async function settle(desk: Desk, names: readonly string[], ms: number): Promise<string[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const moving: string[] = [];
    for (const name of names) {
      const info = await derived(desk, name);
      if (info && !FINAL.includes(info.status)) moving.push(`${name} (${info.status}${info.statusContext ? `: ${info.statusContext}` : ''})`);
    }
    if (moving.length === 0 || Date.now() > deadline) return moving;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** What the engine and the state folder hold for one name once everything has settled. */
export interface NameReport {
  readonly name: string;
  /** More than one container with the name's label and our instance label. */
  readonly duplicates: number;
  /** Each way the state files, the derived status and the engine disagree, in words. */
  readonly disagreements: string[];
}

/**
 * Compares one name's RunConfig, derived status and containers: a RunConfig exists iff a
 * container of ours does (unless the derived status is error with a reason), at most one
 * container, the derived status final and true to the engine (running ⇒ its container runs,
 * stopped ⇒ its container is there and does not run).
 */
export async function compareWithEngine(desk: Desk, name: string): Promise<NameReport> {
  const [config, info, containers] = await Promise.all([desk.state.runConfigs.load(name), derived(desk, name), containersOf(desk, name)]);
  const disagreements: string[] = [];
  const container = containers[0];
  const where = `${name}: status ${info ? `${info.status} (${info.statusContext || 'no reason'})` : '(none)'}, RunConfig ${config ? 'present' : 'absent'}, containers [${containers.map((c) => c.state).join(', ')}]`;
  const explained = info?.status === 'error' && info.statusContext !== '';
  if (config && !container && !explained) disagreements.push(`${where}: a RunConfig without a container`);
  if (!config && container) disagreements.push(`${where}: a container of ours without a RunConfig`);
  if (info && !FINAL.includes(info.status)) disagreements.push(`${where}: not in a final state`);
  if (!info && config) disagreements.push(`${where}: a RunConfig but no workload`);
  if (info?.status === 'running' && container?.state !== 'running') disagreements.push(`${where}: running without a running container`);
  if (info?.status === 'stopped' && (!container || container.state === 'running')) disagreements.push(`${where}: stopped but its container ${container ? 'runs' : 'is gone'}`);
  return { name, duplicates: Math.max(0, containers.length - 1), disagreements };
}

/** What transitions.jsonl says about how the workloads moved. */
export interface LogReport {
  readonly records: number;
  /** Every distinct edge that was recorded. */
  readonly edges: ReadonlySet<string>;
  /** Records whose edge the transition table lacks. */
  readonly illegal: string[];
  /**
   * Records whose `from` is not the previous record's `to` for that workload: a write that did not
   * see the one before it, i.e. outside the lock (or a change logged that never landed).
   */
  readonly gaps: string[];
}

/** Checks every record against the table, and each workload's chain of records for gaps. */
export function checkLog(records: readonly TransitionRecord[]): LogReport {
  const illegal = refusedRecords(records).map((r) => `${r.name}: ${edgeOf(r)} at ${r.at} by ${r.by}`);
  const gaps: string[] = [];
  const last = new Map<string, TransitionRecord['to']>();
  for (const record of records) {
    const previous = last.get(record.name);
    // A workload starts from nothing, and is nothing again once gone.
    const expected = previous === undefined || previous === 'gone' ? null : previous;
    if (record.from !== expected) gaps.push(`${record.name}: ${edgeOf(record)} at ${record.at} by ${record.by}, after ${expected ?? '(new)'}`);
    last.set(record.name, record.to);
  }
  return { records: records.length, edges: new Set(records.map(edgeOf)), illegal, gaps };
}
