import type { Command } from 'commander';
import { defaultWorkloadName } from '../../../shared/default-name';
import type { RunRequest } from '../../core/workloads/start';
import type { WorkloadManager } from '../../core/workloads/workload-manager';
import { runForeground } from '../foreground';
import { collect, requestFromFlags, type RunFlags } from '../options';
import { UsageError } from '../usage-error';

/** How long `run --wait` waits for running or error. */
const WAIT_MS = 120_000;

interface RunCommandFlags extends RunFlags {
  foreground?: boolean;
  wait?: boolean;
}

/** Adds the run flags shared by run and update to a command. */
export function addRunFlags(command: Command): Command {
  return command
    .option('--name <name>', 'workload name (default: from the image or the remote host)')
    .option('--transport <transport>', 'how the server speaks: stdio, sse or streamable-http')
    .option('--proxy-mode <mode>', 'for stdio servers, the URL to show: streamable-http or sse')
    .option('--proxy-port <port>', 'the proxy port on 127.0.0.1 (default: a free one, kept from then on)')
    .option('--target-port <port>', 'the port the server listens on in its container (sse, streamable-http)')
    .option('-e, --env <KEY=VALUE>', 'environment variable for the container (repeatable)', collect)
    .option('--secret-env <KEY[=VALUE]>', 'environment variable whose value is kept as a secret, never in the saved config; KEY alone takes the value from this shell (repeatable)', collect)
    .option('-v, --volume <HOST:CTR[:ro]>', 'bind mount (repeatable)', collect)
    .option('-l, --label <KEY=VALUE>', 'label (repeatable)', collect)
    .option('--group <group>', 'group name')
    .option('--header <"Name: value">', 'header added to requests to a remote server (repeatable)', collect);
}

export function registerRun(program: Command, manager: () => WorkloadManager): void {
  addRunFlags(program.command('run').description('run an MCP server from an image, or proxy a remote one'))
    .argument('[image]', 'the image to run')
    .argument('[args...]', 'arguments for the server (after --)')
    .option('--remote <url>', 'proxy this remote MCP server instead of running an image')
    .option('--foreground', 'serve in this process until Ctrl-C, then stop (the state is kept)')
    .option('--wait', 'return only once the workload is running (or failed)')
    .action(async (image: string | undefined, args: string[], flags: RunCommandFlags) => {
      // With --remote, anything after -- lands here as the "image": a remote server takes no arguments.
      if (image && flags.remote) throw new UsageError(process.argv.includes('--') ? 'a remote workload takes no server arguments (nothing after --)' : 'give an image or --remote URL, not both');
      if (!image && !flags.remote) throw new UsageError('missing IMAGE (or --remote URL)');
      if (flags.remote && args.length > 0) throw new UsageError('a remote workload takes no server arguments');
      const parts = requestFromFlags(flags);
      const request: RunRequest = {
        name: flags.name ?? defaultWorkloadName({ image, remoteUrl: flags.remote }),
        ...(image ? { image } : { remoteUrl: flags.remote }),
        cmdArgs: args,
        transport: parts.transport ?? (flags.remote ? 'streamable-http' : 'stdio'),
        proxyMode: parts.proxyMode ?? 'streamable-http',
        env: parts.env ?? {},
        ...(parts.secretEnv === undefined ? {} : { secretEnv: parts.secretEnv }),
        volumes: parts.volumes ?? [],
        labels: parts.labels ?? {},
        headers: parts.headers ?? {},
        ...(parts.proxyPort === undefined ? {} : { proxyPort: parts.proxyPort }),
        ...(parts.targetPort === undefined ? {} : { targetPort: parts.targetPort }),
        ...(parts.group === undefined ? {} : { group: parts.group }),
      };
      const workloads = manager();
      if (flags.foreground) {
        await runForeground(workloads, request);
        return;
      }
      let info = await workloads.run(request);
      if (flags.wait) {
        info = await workloads.waitFor(info.name, ['running', 'error', 'unhealthy'], WAIT_MS);
        if (info.status === 'error') throw new Error(`workload "${info.name}" failed to start: ${info.statusContext}`);
      }
      process.stdout.write(`${info.name} ${info.status} ${info.url}\n`);
    });
}
