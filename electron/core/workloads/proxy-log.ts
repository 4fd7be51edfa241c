import { createReadStream, watch } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { PassThrough, type Readable } from 'node:stream';
import type { StatePaths } from '../state/paths';
import { proxyLogFile } from './proxy-processes';

/**
 * The proxy's log file as a stream: the last `tail` lines (all by default), and with `follow`
 * every line appended afterwards until the caller destroys the stream. A missing file is an empty
 * log (the proxy has not written yet), which follow then waits on.
 */
export async function followProxyLog(paths: StatePaths, name: string, options: { follow?: boolean; tail?: number }): Promise<Readable> {
  const file = proxyLogFile(paths, name);
  const size = await stat(file).then((s) => s.size, () => 0);
  const start = options.tail === undefined ? 0 : await offsetOfLastLines(file, size, options.tail);
  const out = new PassThrough();
  let position = start;
  let reading = false;
  let again = false;

  const pump = async (): Promise<void> => {
    if (reading) {
      again = true;
      return;
    }
    reading = true;
    try {
      do {
        again = false;
        const end = await stat(file).then((s) => s.size, () => position);
        if (end < position) position = 0; // truncated: start over
        if (end > position) {
          await new Promise<void>((resolve, reject) => {
            const chunk = createReadStream(file, { start: position, end: end - 1 });
            chunk.on('data', (data) => out.write(data));
            chunk.on('error', reject);
            chunk.on('end', resolve);
          });
          position = end;
        }
      } while (again);
    } finally {
      reading = false;
    }
  };

  await pump();
  if (!options.follow) {
    out.end();
    return out;
  }
  // fs.watch on the folder sees the file appear as well as grow; a slow poll covers file systems
  // where watching does not work.
  let watcher: ReturnType<typeof watch> | undefined;
  try {
    watcher = watch(paths.logs, { persistent: true }, (_event, changed) => {
      if (!changed || changed === `${name}.log`) void pump();
    });
  } catch {
    // No logs folder yet: the poll alone notices the file when it comes.
  }
  const poll = setInterval(() => void pump(), 1000);
  out.on('close', () => {
    watcher?.close();
    clearInterval(poll);
  });
  return out;
}

async function offsetOfLastLines(file: string, size: number, lines: number): Promise<number> {
  if (size === 0 || lines <= 0) return size;
  const handle = await open(file, 'r');
  try {
    const block = Buffer.alloc(64 * 1024);
    let position = size;
    let newlines = 0;
    // The last byte is usually the final line's newline: it does not start a line.
    let skipLast = true;
    while (position > 0) {
      const length = Math.min(block.length, position);
      position -= length;
      await handle.read(block, 0, length, position);
      for (let i = length - 1; i >= 0; i--) {
        if (block[i] !== 0x0a) continue;
        if (skipLast && position + i === size - 1) continue;
        if (++newlines === lines) return position + i + 1;
      }
      skipLast = false;
    }
    return 0;
  } finally {
    await handle.close();
  }
}
