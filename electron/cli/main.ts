// The mcpdesk command: thv's commands over the same WorkloadManager the app uses.
import { Command, CommanderError } from 'commander';
import { ZodError } from 'zod';
import type { WorkloadManager } from '../core/workloads/workload-manager';
import { registerBatch } from './commands/batch';
import { registerList } from './commands/list';
import { registerLogs } from './commands/logs';
import { registerRun } from './commands/run';
import { registerUpdate } from './commands/update';
import { createCliManager } from './compose';
import { UsageError } from './usage-error';

/** Builds the program; `manager` is created on first use so that --help needs no state or engine. */
export function buildProgram(manager: () => WorkloadManager): Command {
  const program = new Command('mcpdesk')
    .description('Run and manage MCP servers on this machine')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ outputError: () => undefined });
  for (const register of [registerRun, registerList, registerBatch, registerUpdate, registerLogs]) register(program, manager);
  for (const command of program.commands) command.exitOverride().configureOutput({ outputError: () => undefined });
  return program;
}

/** One line for any error: the message, control characters and line breaks folded. */
function oneLine(error: unknown): string {
  if (error instanceof ZodError) return error.issues[0]?.message ?? 'invalid input';
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*\n\s*/g, ' ').trim();
}

async function main(): Promise<void> {
  let manager: WorkloadManager | undefined;
  const program = buildProgram(() => (manager ??= createCliManager()));
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end this way with code 0.
      if (error.exitCode === 0) return;
      process.stderr.write(`${oneLine(error).replace(/^error: /, 'error: ')}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`error: ${oneLine(error)}\n`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  }
}

void main();
