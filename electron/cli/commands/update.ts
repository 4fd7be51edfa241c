import type { Command } from 'commander';
import type { WorkloadManager } from '../../core/workloads/workload-manager';
import { requestFromFlags, type RunFlags } from '../options';
import { UsageError } from '../usage-error';
import { addRunFlags } from './run';

export function registerUpdate(program: Command, manager: () => WorkloadManager): void {
  addRunFlags(
    program
      .command('update')
      .description('change a workload: stop, save the new configuration, start it anew (name and proxy port are kept); flags given replace the saved values')
      .argument('<name>'),
  )
    .option('--image <image>', 'the new image')
    .option('--remote <url>', 'the new remote URL')
    .argument('[args...]', 'new arguments for the server (after --)')
    .action(async (name: string, args: string[], flags: RunFlags & { image?: string }) => {
      if (flags.name !== undefined && flags.name !== name) throw new UsageError('update keeps the name: --name cannot change it');
      const changes = { ...requestFromFlags(flags), ...(flags.image ? { image: flags.image } : {}), ...(flags.remote ? { remoteUrl: flags.remote } : {}), ...(args.length > 0 ? { cmdArgs: args } : {}) };
      const info = await manager().update(name, changes);
      process.stdout.write(`${info.name} ${info.status} ${info.url}\n`);
    });
}
