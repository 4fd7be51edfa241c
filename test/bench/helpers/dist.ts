/**
 * The built CLI and proxy the bench runs, as a user runs them: dist/cli/mcpdesk.cjs and the
 * dist/proxy/proxy.cjs it starts.
 */
import { execFile } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The repository root. */
export const REPO = path.resolve(import.meta.dirname, '../../..');
/** The bundled CLI. */
export const CLI = path.join(REPO, 'dist', 'cli', 'mcpdesk.cjs');
/** The bundled proxy process entry. */
export const PROXY = path.join(REPO, 'dist', 'proxy', 'proxy.cjs');

/** The sources the two bundles are made of. */
const SOURCES = ['electron', 'shared'].map((folder) => path.join(REPO, folder));

let ensuring: Promise<void> | undefined;

/**
 * Builds dist/ (`node build/build.mjs`) when a bundle is missing or older than a source file under
 * electron/ or shared/: a bench of stale bundles would measure code that is no longer there.
 * Once per process.
 */
export function ensureDist(): Promise<void> {
  ensuring ??= (async () => {
    const built = await Promise.all([CLI, PROXY].map((file) => stat(file).then((s) => s.mtimeMs, () => 0)));
    const oldest = Math.min(...built);
    if (oldest > 0 && (await newestSource()) <= oldest) return;
    await run(process.execPath, ['build/build.mjs'], { cwd: REPO, timeout: 180_000 }).catch((error: unknown) => {
      throw new Error(`failed to build dist/ for the bench: ${(error as { stderr?: string }).stderr?.trim() || String(error)}`, { cause: error });
    });
  })();
  return ensuring;
}

async function newestSource(): Promise<number> {
  let newest = 0;
  for (const folder of SOURCES) {
    for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !/\.tsx?$/.test(entry.name)) continue;
      newest = Math.max(newest, (await stat(path.join(entry.parentPath, entry.name))).mtimeMs);
    }
  }
  return newest;
}
