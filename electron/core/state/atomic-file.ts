import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink, chmod } from 'node:fs/promises';
import path from 'node:path';
import { StateWriteError } from './errors';

/** Mode of every folder we create under the state root. */
export const DIR_MODE = 0o700;
/** Mode of every file we write under the state root. */
export const FILE_MODE = 0o600;

/**
 * Replaces `file` with `data` so that a reader, or a crash at any moment, sees the old content or the
 * new, never a mix: write a temp file beside it, fsync it, rename it over the file, fsync the folder
 * so the rename itself is durable. The file is created 0600. On failure (disk full, read-only
 * folder) the temp file is removed and the old file is untouched.
 */
export async function writeFileAtomic(file: string, data: string): Promise<void> {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let renamed = false;
  try {
    const handle = await open(temp, 'wx', FILE_MODE);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
    renamed = true;
    await syncDir(dir);
  } catch (error) {
    throw StateWriteError.from(file, error);
  } finally {
    if (!renamed) await unlink(temp).catch(() => undefined);
  }
}

/** Removes `file` durably; a file already gone is not an error. Returns whether it existed. */
export async function removeFileDurably(file: string): Promise<boolean> {
  try {
    await unlink(file);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return false;
    throw error;
  }
  await syncDir(path.dirname(file));
  return true;
}

/** The file's text, or undefined when it does not exist. Never creates anything. */
export async function readFileIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
}

/** Creates `dir` (and parents) as 0700, and makes an existing one 0700: state holds secrets' references and PIDs. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: DIR_MODE });
    await chmod(dir, DIR_MODE);
  } catch (error) {
    throw StateWriteError.from(dir, error);
  }
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Whether `error` is a Node system error with the given code. */
export function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as NodeJS.ErrnoException).code === code;
}
