import type { ProxyLog } from './http-forwarder';

/**
 * The proxy process's log: timestamped lines on stdout, which the launcher points at the
 * workload's log file. Debug lines only when MCPDESK_DEBUG is set. Never given a secret.
 */
export function createProxyLog(env: NodeJS.ProcessEnv = process.env, write: (line: string) => void = (line) => process.stdout.write(line)): ProxyLog & { info(message: string): void } {
  const line = (level: string, message: string): void => write(`${new Date().toISOString()} ${level} ${message}\n`);
  return {
    debug: (message) => {
      if (env.MCPDESK_DEBUG) line('debug', message);
    },
    info: (message) => line('info', message),
    warn: (message) => line('warn', message),
    error: (message) => line('error', message),
  };
}
