// `npm run bench [suite...]`: runs the bench suites (all by default) and prints each figure beside
// its baseline, measured in the same run on the same machine, with their ratio. Not a test: it
// asserts nothing and its figures go into the closing notes.
import type { BenchRow } from './bench-row';
import { runPendingCleanups } from './helpers/cleanup';
import { batchStopBench } from './suites/batch-stop';
import { cliStartBench } from './suites/cli-start';
import { containerStopBench } from './suites/container-stop';
import { engineToRowBench } from './suites/engine-to-row';
import { listBench } from './suites/list';
import { proxyMemoryBench } from './suites/proxy-memory';
import { proxyRoundtripBench } from './suites/proxy-roundtrip';
import { proxyThroughputBench } from './suites/proxy-throughput';
import { rendererBench } from './suites/renderer';
import { runToRunningBench } from './suites/run-to-running';

const SUITES: Record<string, () => Promise<BenchRow[]>> = {
  'container-stop': containerStopBench,
  'proxy-roundtrip': proxyRoundtripBench,
  'proxy-throughput': proxyThroughputBench,
  'cli-start': cliStartBench,
  'run-to-running': runToRunningBench,
  'batch-stop': batchStopBench,
  list: listBench,
  'proxy-memory': proxyMemoryBench,
  renderer: rendererBench,
  'engine-to-row': engineToRowBench,
};

function format(value: number, unit: string): string {
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${unit}`;
}

function printTable(rows: Array<[string, string, string, string, string]>): void {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd());
}

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in SUITES));
if (unknown.length > 0) {
  console.error(`unknown bench suite ${unknown.join(', ')}; suites: ${Object.keys(SUITES).join(', ')}`);
  process.exit(2);
}

// An interrupted bench would otherwise leave its containers, workloads and host processes behind:
// finally blocks do not run when a signal ends the process.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`${signal}: cleaning up`);
    void runPendingCleanups().finally(() => process.exit(130));
  });
}

const table: Array<[string, string, string, string, string]> = [['suite', 'figure', 'value', 'baseline', 'ratio']];
for (const name of wanted.length > 0 ? wanted : Object.keys(SUITES)) {
  const started = Date.now();
  let rows: BenchRow[];
  try {
    rows = await SUITES[name]!();
  } catch (error) {
    // One broken suite should not cost the figures of the others.
    console.error(`${name}: failed after ${((Date.now() - started) / 1000).toFixed(1)} s: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
    continue;
  }
  for (const row of rows) {
    table.push([
      name,
      row.name,
      format(row.value, row.unit),
      row.baseline ? `${format(row.baseline.value, row.unit)} (${row.baseline.name})` : '',
      row.baseline ? `${(row.value / row.baseline.value).toFixed(3)}×` : '',
    ]);
  }
  console.error(`${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
printTable(table);
