/**
 * Global setup of the integration project: the engine must answer, and the fixture MCP server image
 * must exist in it, before any integration test runs. Provides its tag as `inject('testImage')`
 * (type in ./provided-context.d.ts).
 */
import { execFile } from 'node:child_process';
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
  project.provide('testImage', await ensureTestImage());
}
