import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** One entry under a root: its path relative to the root, whether it is a folder, its permission bits. */
export interface TreeEntry {
  readonly rel: string;
  readonly full: string;
  readonly dir: boolean;
  readonly mode: number;
}

/** Every file and folder under `root`, the root itself first (`rel` = `.`); symlinks are not followed. */
export async function walkTree(root: string): Promise<TreeEntry[]> {
  const out: TreeEntry[] = [];
  async function visit(full: string): Promise<void> {
    const info = await lstat(full);
    out.push({ rel: path.relative(root, full) || '.', full, dir: info.isDirectory(), mode: info.mode & 0o7777 });
    if (!info.isDirectory()) return;
    for (const name of (await readdir(full)).sort()) await visit(path.join(full, name));
  }
  await visit(root);
  return out;
}

/** The text of every file under `root` whose relative path does not start with one of `except`. */
export async function filesOutside(root: string, except: readonly string[]): Promise<{ rel: string; text: string }[]> {
  const files = (await walkTree(root)).filter((entry) => !entry.dir && !except.some((prefix) => entry.rel.startsWith(prefix)));
  return Promise.all(files.map(async (entry) => ({ rel: entry.rel, text: await readFile(entry.full, 'latin1') })));
}
