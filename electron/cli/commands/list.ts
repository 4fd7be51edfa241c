import type { Command } from 'commander';
import { parseFilters } from '../../../shared/filters';
import type { WorkloadManager } from '../../core/workloads/workload-manager';
import { collect } from '../options';
import { workloadJson, workloadTable } from '../output';
import { UsageError } from '../usage-error';
import { shorten } from '../../../shared/text';

export function registerList(program: Command, manager: () => WorkloadManager): void {
  program
    .command('list')
    .alias('ls')
    .description('list workloads (running ones, or all)')
    .option('-a, --all', 'include stopped and failed workloads')
    .option('--filter <KEY=VALUE>', 'only workloads that match (repeatable, ANDed): group=, status=, transport= or a label', collect)
    .option('--format <format>', 'text or json', 'text')
    .action(async (flags: { all?: boolean; filter?: string[]; format: string }) => {
      if (flags.format !== 'text' && flags.format !== 'json') throw new UsageError(`invalid format "${shorten(flags.format)}": expected text or json`);
      const filters = parseFilters(flags.filter ?? []);
      const infos = await manager().list({ all: flags.all ?? false, filters });
      if (flags.format === 'json') process.stdout.write(`${JSON.stringify(infos.map(workloadJson), null, 2)}\n`);
      else if (infos.length === 0) process.stdout.write(flags.all ? 'no workloads\n' : 'no running workloads (mcpdesk list --all shows the others)\n');
      else process.stdout.write(`${workloadTable(infos)}\n`);
    });

  program
    .command('status')
    .description("show one workload's state")
    .argument('<name>')
    .option('--format <format>', 'text or json', 'text')
    .action(async (name: string, flags: { format: string }) => {
      if (flags.format !== 'text' && flags.format !== 'json') throw new UsageError(`invalid format "${shorten(flags.format)}": expected text or json`);
      const info = await manager().get(name);
      if (flags.format === 'json') process.stdout.write(`${JSON.stringify(workloadJson(info), null, 2)}\n`);
      else process.stdout.write(`${workloadTable([info])}\n`);
    });
}
