import { execFile } from 'node:child_process';
import { open, readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { isErrno } from '../../../../electron/core/state/atomic-file';

const run = promisify(execFile);

// The tests run as root, and root ignores permission bits: a folder made read-only or full has to
// be so at the file system, by a mount.

/** Mounts a fresh tmpfs of `size` (mount's syntax: 8m) on the empty folder `dir`. */
export async function mountTmpfs(dir: string, size: string): Promise<void> {
  await run('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir]);
}

/**
 * Makes `dir` read-only for every path that leads through it, by binding it onto itself read-only.
 * Files opened for writing before stay writable (a running proxy's log), as after a remount.
 */
export async function bindReadOnly(dir: string): Promise<void> {
  await run('mount', ['--bind', dir, dir]);
  await run('mount', ['-o', 'remount,bind,ro', dir]);
}

/** Undoes the topmost mount on `dir` (a bind or a tmpfs); no error when nothing is mounted there. */
export async function unmount(dir: string): Promise<void> {
  if (await isMountPoint(dir)) await run('umount', [dir]);
}

/** Whether something is mounted on `dir`. */
export async function isMountPoint(dir: string): Promise<boolean> {
  const mounts = await readFile('/proc/self/mounts', 'utf8');
  return mounts.split('\n').some((line) => line.split(' ')[1] === dir);
}

/**
 * Writes `file` until its file system has no byte left (ENOSPC), in shrinking chunks so that even
 * the last partial page is taken. Returns the bytes written.
 */
export async function fillUp(file: string): Promise<number> {
  const handle = await open(file, 'w', 0o600);
  let written = 0;
  try {
    for (let chunk = 1 << 20; chunk >= 1; ) {
      try {
        const { bytesWritten } = await handle.write(Buffer.alloc(chunk, 0x2e));
        written += bytesWritten;
        if (bytesWritten < chunk) chunk >>= 1;
      } catch (error) {
        if (!isErrno(error, 'ENOSPC')) throw error;
        chunk >>= 1;
      }
    }
  } finally {
    await handle.close();
  }
  return written;
}
