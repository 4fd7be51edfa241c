/**
 * Global setup of the integration project: before any integration test runs, the engine must
 * answer, dist/ must be built from this tree, and the fixture MCP server image must exist in the
 * engine. Provides the image's tag as `inject('testImage')` (type in ./provided-context.d.ts).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import { ensureTestImage } from '../fixtures/image';

const run = promisify(execFile);

export default async function setup(project: TestProject): Promise<void> {
  try {
    await run('docker', ['info', '--format', '{{.ServerVersion}}'], { timeout: 15_000 });
  } catch (error) {
    const detail = (error as { stderr?: string }).stderr?.trim() || String(error);
    throw new Error(`integration tests need a Docker engine: start dockerd or run .ci/run (docker info: ${detail})`, {
      cause: error,
    });
  }
  // The CLI and proxy tests run the bundles in dist/, as a user does: build them from this tree.
  await run(process.execPath, ['build/build.mjs'], { cwd: fileURLToPath(new URL('../..', import.meta.url)), timeout: 120_000 });
  project.provide('testImage', await ensureTestImage());
}
