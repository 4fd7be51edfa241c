// The app's own log, a file under the state root (logs/app.log) beside the proxies' logs, so a
// user reporting a problem has one folder to send. Electron's console goes nowhere once packaged.
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';

/** Levels as STYLE.md uses them: quiet on success, warn for fallbacks, error for failures. */
export interface AppLog {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string, cause?: unknown): void;
  /** Ends the file; resolves once what was written is flushed. */
  close(): Promise<void>;
}

const describe = (cause: unknown): string => (cause instanceof Error ? (cause.stack ?? cause.message) : String(cause));

/**
 * Opens `file` for appending (folder 0700, file 0600, as the rest of the state). `debug` lines are
 * written only when `verbose`. Write failures are swallowed: losing a log line must not take
 * down the app. Messages must not hold secrets; nothing here can tell.
 */
export function openAppLog(file: string, options: { verbose?: boolean; now?: () => Date } = {}): AppLog {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const stream = createWriteStream(file, { flags: 'a', mode: 0o600 });
  stream.on('error', () => undefined);
  const now = options.now ?? (() => new Date());
  const write = (level: string, message: string): void => {
    stream.write(`${now().toISOString()} ${level} ${message}\n`);
  };
  return {
    debug: (message) => {
      if (options.verbose) write('debug', message);
    },
    info: (message) => write('info', message),
    warn: (message) => write('warn', message),
    error: (message, cause) => write('error', cause === undefined ? message : `${message}: ${describe(cause)}`),
    close: () => new Promise((resolve) => stream.end(resolve)),
  };
}
