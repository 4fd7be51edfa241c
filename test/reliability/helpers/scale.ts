import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Whether the full counts run (`npm run test:reliability`), rather than the bounded ones of `npm test`. */
export const FULL = process.env.MCPDESK_RELIABILITY === 'full';

/** `full` under `npm run test:reliability`, `bounded` under `npm test` (and so in CI). */
export function scaled(bounded: number, full: number): number {
  return FULL ? full : bounded;
}

/** Where each suite leaves the figures of its last run, for RELIABILITY.md (not committed). */
export const RESULTS_DIR = path.resolve(import.meta.dirname, '../../../reliability-results');

/**
 * Records a suite's figures: printed as one line, and written to reliability-results/<suite>.json
 * with the scale they were taken at.
 */
export async function recordFigures(suite: string, figures: Record<string, number | string>): Promise<void> {
  const line = Object.entries(figures)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
  console.log(`reliability ${suite} (${FULL ? 'full' : 'bounded'}): ${line}`);
  await mkdir(RESULTS_DIR, { recursive: true });
  await writeFile(path.join(RESULTS_DIR, `${suite}.json`), `${JSON.stringify({ suite, scale: FULL ? 'full' : 'bounded', at: new Date().toISOString(), ...figures }, null, 2)}\n`);
}
