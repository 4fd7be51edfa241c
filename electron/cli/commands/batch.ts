import type { Command } from 'commander';
import type { ItemResult } from '../../core/workloads/batch';
import type { WorkloadManager } from '../../core/workloads/workload-manager';
import { UsageError } from '../usage-error';
import { shorten } from '../../../shared/text';

/** Prints one line per name; sets exit code 1 when any failed. */
function report<T>(results: readonly ItemResult<T>[], done: (result: T) => string): void {
  for (const result of results) {
    if (result.ok) process.stdout.write(`${shorten(result.name)}: ${done(result.value)}\n`);
    else {
      process.stderr.write(`${shorten(result.name)}: error: ${result.error.message.replace(/\s*\n\s*/g, ' ')}\n`);
      process.exitCode = 1;
    }
  }
}

async function namesOf(manager: WorkloadManager, names: string[], all: boolean | undefined, running: boolean): Promise<string[]> {
  if (all && names.length > 0) throw new UsageError('give workload names or --all, not both');
  if (!all && names.length === 0) throw new UsageError('missing workload name (or --all)');
  if (!all) return names;
  return (await manager.list({ all: !running })).map((info) => info.name);
}

export function registerBatch(program: Command, manager: () => WorkloadManager): void {
  program
    .command('stop')
    .description('stop workloads, keeping their configuration')
    .argument('[names...]')
    .option('--all', 'every running workload')
    .action(async (names: string[], flags: { all?: boolean }) => {
      const workloads = manager();
      report(await workloads.stop(await namesOf(workloads, names, flags.all, true)), (outcome) => outcome);
    });

  program
    .command('restart')
    .description('restart workloads from their saved configuration')
    .argument('[names...]')
    .option('--all', 'every workload')
    .action(async (names: string[], flags: { all?: boolean }) => {
      const workloads = manager();
      report(await workloads.restart(await namesOf(workloads, names, flags.all, false)), (info) => `restarted (${info.status}) ${info.url}`);
    });

  program
    .command('rm')
    .description('stop and delete workloads')
    .argument('[names...]')
    .option('--all', 'every workload')
    .action(async (names: string[], flags: { all?: boolean }) => {
      const workloads = manager();
      report(await workloads.delete(await namesOf(workloads, names, flags.all, false)), () => 'removed');
    });
}
