import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

/** Every file and folder under `root` with its mode, mtime and content: equal snapshots mean nothing was touched. */
export async function snapshotTree(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  async function walk(dir: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const rel = path.relative(root, full);
      try {
        const info = await stat(full);
        if (entry.isDirectory()) {
          out[`${rel}/`] = `mode=${(info.mode & 0o777).toString(8)}`;
          await walk(full);
        } else {
          out[rel] = `mode=${(info.mode & 0o777).toString(8)} mtime=${info.mtimeMs} ${await readFile(full, 'utf8')}`;
        }
      } catch (error) {
        // Gone between the listing and the read (a lock another process just let go of): not there.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
  }
  await walk(root);
  return out;
}
