import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { useDeskPage } from './helpers/desk-page';
import { usePreviewDesk } from './helpers/preview-desk';

// The real renderer in Debian's Chromium, against the real core and the real engine, through the
// test bridge (the preview server implements window.mcpdesk over the same contract).

const image = inject('testImage');
const { desk, url } = usePreviewDesk();
const page = useDeskPage(url, { width: 1400, height: 700 });

const row = (name: string) => page().locator(`[data-workload="${name}"]`);
const statusOf = (name: string) => row(name).locator('.status-badge');

describe('the workloads view, live', () => {
  it('shows a workload run from the CLI appear and turn running, then stopped when the CLI stops it', async () => {
    const ran = desk().cli('run', image, '--name', 'e2e-fetch', '-l', 'team=backend', '--group', 'dev');
    await row('e2e-fetch').waitFor({ timeout: 15_000 });
    expect((await ran).code).toBe(0);
    await expect.poll(() => statusOf('e2e-fetch').textContent(), { timeout: 15_000 }).toBe('running');

    const stopped = Date.now();
    expect((await desk().cli('stop', 'e2e-fetch')).code).toBe(0);
    await expect.poll(() => statusOf('e2e-fetch').textContent(), { timeout: 5_000 }).toBe('stopped');
    expect(Date.now() - stopped).toBeLessThan(5_000);
  });

  it('filters by label with the CLI syntax, and keeps the filter in the URL', async () => {
    await Promise.all([
      desk().cli('run', image, '--name', 'e2e-web', '-l', 'team=frontend', '--wait'),
      desk().cli('run', image, '--name', 'e2e-docs', '-l', 'team=frontend', '--wait'),
    ]);
    await row('e2e-docs').waitFor();
    await page().getByLabel('Filter workloads').fill('team=frontend');
    await expect.poll(() => page().locator('[data-workload]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-workload')).sort())).toEqual(['e2e-docs', 'e2e-web']);
    expect(decodeURIComponent(new URL(page().url()).hash)).toContain('team=frontend');

    await page().getByLabel('Filter workloads').fill('status=sleeping');
    await expect(page().getByRole('alert').textContent()).resolves.toMatch(/invalid filter "status=sleeping"/);
    await page().getByLabel('Filter workloads').fill('');
  });

  it('stops three selected workloads in one batch and shows each result', async () => {
    expect((await desk().cli('restart', 'e2e-fetch')).code).toBe(0);
    for (const name of ['e2e-fetch', 'e2e-web', 'e2e-docs']) {
      await expect.poll(() => statusOf(name).textContent(), { timeout: 15_000 }).toBe('running');
      await page().getByLabel(`Select ${name}`).check();
    }
    await page().screenshot({ path: path.resolve(import.meta.dirname, '../../docs/main-view.png') });
    await page().getByRole('button', { name: 'Stop', exact: true }).click();
    const results = page().getByRole('status', { name: 'Stop results' });
    await results.waitFor({ timeout: 30_000 });
    expect((await results.locator('li').allTextContents()).sort()).toEqual(['e2e-docs: ok', 'e2e-fetch: ok', 'e2e-web: ok']);
    for (const name of ['e2e-fetch', 'e2e-web', 'e2e-docs']) {
      await expect.poll(() => statusOf(name).textContent(), { timeout: 5_000 }).toBe('stopped');
      expect((await desk().manager.get(name)).status).toBe('stopped');
    }
  });
});
