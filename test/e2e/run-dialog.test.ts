import { describe, expect, inject, it } from 'vitest';
import { echoThrough } from '../integration/workloads/helpers/clients';
import { useDeskPage } from './helpers/desk-page';
import { usePreviewDesk } from './helpers/preview-desk';

// The run dialog in Debian's Chromium, against the real core and engine: what the user fills in
// runs a container, its row lives through the states the core writes, and its URL serves MCP.

const image = inject('testImage');
const { desk, url } = usePreviewDesk();
const page = useDeskPage(url);

const row = (name: string) => page().locator(`[data-workload="${name}"]`);
const statusOf = (name: string) => row(name).locator('.status-badge');
const dialog = () => page().getByRole('dialog', { name: 'Run a workload' });

/**
 * Records every text the row's status badge shows, from now on, in `window.badgesSeen`: a
 * MutationObserver sees each committed render, however briefly it stays on screen. A string,
 * because functions from this (transformed) file do not survive page.evaluate.
 */
const recordBadges = (name: string) => `
  window.badgesSeen = [];
  const read = () => {
    const text = document.querySelector('[data-workload="${name}"] .status-badge')?.textContent ?? null;
    if (text !== null && text !== window.badgesSeen.at(-1)) window.badgesSeen.push(text);
  };
  new MutationObserver(read).observe(document.body, { subtree: true, childList: true, characterData: true });
`;

describe('the run dialog', () => {
  it('runs what the user fills in (server arguments included): the row shows starting, then running, and its URL serves MCP; a CLI stop shows as stopped', async () => {
    await page().getByRole('button', { name: 'Run…' }).click();
    await dialog().getByLabel('Image', { exact: true }).fill(image);
    await dialog().getByLabel('Name', { exact: true }).fill('e2e-dialog');
    // One argument a line: the server gets "--exit-code" and "0" as two arguments.
    await dialog().getByLabel('Server arguments', { exact: true }).fill('--exit-code\n0');
    await page().evaluate(recordBadges('e2e-dialog'));
    await dialog().getByRole('button', { name: 'Run', exact: true }).click();

    await dialog().waitFor({ state: 'detached', timeout: 30_000 });
    await expect.poll(() => statusOf('e2e-dialog').textContent(), { timeout: 15_000 }).toBe('running');
    const seen = await page().evaluate<string[]>('window.badgesSeen');
    expect(seen).toContain('starting');
    expect(seen.indexOf('starting')).toBeLessThan(seen.indexOf('running'));

    const shownUrl = await row('e2e-dialog').locator('.url-text').textContent();
    expect(shownUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(await echoThrough(shownUrl!, 'typed into the dialog')).toBe('typed into the dialog');
    expect(await desk().containerCmd('e2e-dialog')).toEqual(['--exit-code', '0']);

    expect((await desk().cli('stop', 'e2e-dialog')).code).toBe(0);
    await expect.poll(() => statusOf('e2e-dialog').textContent(), { timeout: 5_000 }).toBe('stopped');
  });

  it('keeps the dialog open with the core refusal when the name is taken, and runs nothing', async () => {
    await page().getByRole('button', { name: 'Run…' }).click();
    await dialog().getByLabel('Image', { exact: true }).fill(image);
    await dialog().getByLabel('Name', { exact: true }).fill('e2e-dialog');
    await dialog().getByRole('button', { name: 'Run', exact: true }).click();

    await expect.poll(() => dialog().getByRole('alert').textContent()).toBe('workload "e2e-dialog" already exists');
    expect(await dialog().isVisible()).toBe(true);
    expect((await desk().manager.get('e2e-dialog')).status).toBe('stopped');

    await dialog().getByRole('button', { name: 'Cancel' }).click();
    await dialog().waitFor({ state: 'detached' });
  });
});
