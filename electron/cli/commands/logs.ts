import type { Command } from 'commander';
import type { WorkloadManager } from '../../core/workloads/workload-manager';
import { UsageError } from '../usage-error';
import { shorten } from '../../../shared/text';

export function registerLogs(program: Command, manager: () => WorkloadManager): void {
  program
    .command('logs')
    .description("show a workload's container log (or its proxy's)")
    .argument('<name>')
    .option('-f, --follow', 'keep printing new lines')
    .option('--proxy', "the proxy's log instead of the container's")
    .option('--tail <n>', 'only the last N lines')
    .action(async (name: string, flags: { follow?: boolean; proxy?: boolean; tail?: string }) => {
      let tail: number | undefined;
      if (flags.tail !== undefined) {
        if (!/^[0-9]+$/.test(flags.tail)) throw new UsageError(`invalid --tail "${shorten(flags.tail)}": expected a whole number`);
        tail = Number(flags.tail);
      }
      const stream = await manager().logs(name, { follow: flags.follow ?? false, proxy: flags.proxy ?? false, ...(tail === undefined ? {} : { tail }) });
      const stop = (): void => {
        stream.destroy();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await new Promise<void>((resolve, reject) => {
        stream.on('data', (chunk: Buffer | string) => process.stdout.write(chunk));
        stream.once('end', resolve);
        stream.once('close', resolve);
        stream.once('error', reject);
      });
    });
}
