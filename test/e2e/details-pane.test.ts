import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { useDeskPage } from './helpers/desk-page';
import { usePreviewDesk } from './helpers/preview-desk';

// A workload's details pane in Debian's Chromium, against the real core and engine: its timeline
// and its logs keep up with what happens to it (here, CLI restarts) while the pane stays open.

const image = inject('testImage');
const { desk, url } = usePreviewDesk();
const page = useDeskPage(url);
const NAME = 'e2e-detailed';

const row = () => page().locator(`[data-workload="${NAME}"]`);
const pane = () => page().getByRole('complementary', { name: `Details of ${NAME}` });
const timelineStates = () => pane().getByRole('list', { name: `Timeline of ${NAME}` }).locator('.timeline-states').allTextContents();
const logs = () => pane().getByRole('region', { name: 'Logs' });
const logLines = async () => ((await logs().getByRole('log', { name: `Logs of ${NAME}` }).textContent()) ?? '').split('\n').filter(Boolean);
/** How many of the proxy's "skipped a line … fixture noise N" warnings the log shows. */
const noiseLines = async () => (await logLines()).filter((line) => line.includes('skipped a line from the MCP server that is not JSON-RPC: "fixture noise')).length;

/** How many times the workload's container has started; the server says "serving" once each time. */
let starts = 0;

/** Restarts the workload from the CLI, which returns once the workload is starting again. */
async function restartFromCli(): Promise<void> {
  expect((await desk().cli('restart', NAME)).code).toBe(0);
  starts++;
}

beforeAll(async () => {
  // --noise: the server prints a non-JSON line on stdout every 250 ms, which the proxy logs as skipped.
  expect((await desk().cli('run', image, '--name', NAME, '--wait', '--', '--noise')).code).toBe(0);
  starts++;
  await row().locator('.status-badge', { hasText: /^running$/ }).waitFor({ timeout: 15_000 });
  await page().getByRole('button', { name: `Details of ${NAME}` }).click();
  await pane().waitFor();
});

describe('the details pane', () => {
  it('shows the timeline, and a CLI restart adds its transitions without reopening', async () => {
    await expect.poll(timelineStates).toEqual(['new → starting', 'starting → running']);

    await restartFromCli();
    await expect.poll(async () => (await desk().manager.get(NAME)).status, { timeout: 15_000 }).toBe('running');
    // It runs again: within a push's time the open timeline shows every transition, without a reopen.
    await expect.poll(timelineStates, { timeout: 5_000 }).toEqual(['new → starting', 'starting → running', 'running → stopping', 'stopping → stopped', 'stopped → starting', 'starting → running']);
  });

  it('shows what the server writes to stderr in the container log, pauses while it is stopped and goes on when it runs again', async () => {
    expect(await logs().getByRole('button', { name: 'Container' }).getAttribute('aria-pressed')).toBe('true');
    const serving = async () => (await logLines()).filter((line) => line === 'fixture: serving MCP on stdio with noise on stdout').length;
    // One line for each start so far, the last restart's included (it may still be on its way).
    await expect.poll(serving, { timeout: 10_000 }).toBe(starts);
    // Only stderr: the noise the server prints on its stdout (its protocol stream) is not the container's log.
    expect((await logLines()).filter((line) => line.includes('fixture noise'))).toEqual([]);

    // A stop ends the container's log: the pane says the log is paused, and why.
    expect((await desk().cli('stop', NAME)).code).toBe(0);
    await expect.poll(() => logs().getByRole('status').textContent(), { timeout: 5_000 }).toBe('the container stopped; the log goes on when it runs again');
    await restartFromCli();
    await expect.poll(serving, { timeout: 10_000 }).toBe(starts);
    expect(await logs().getByRole('status').textContent()).toBe('');
  });

  it("follows the proxy's log live, and the search shows only the matching lines", async () => {
    await logs().getByRole('button', { name: 'Proxy' }).click();
    expect(await logs().getByRole('button', { name: 'Proxy' }).getAttribute('aria-pressed')).toBe('true');
    await expect.poll(noiseLines).toBeGreaterThan(0);
    const seen = await noiseLines();
    // Nothing is done here: new lines arrive by themselves (four a second).
    await expect.poll(noiseLines, { timeout: 5_000 }).toBeGreaterThan(seen + 2);

    const search = logs().getByRole('searchbox', { name: 'Search logs' });
    // Case does not matter; the proxy says "serving workload" once for each start.
    await search.fill('SERVING WORKLOAD');
    const servingLines = async () => (await logLines()).map((line) => line.includes(`serving workload "${NAME}"`));
    await expect.poll(servingLines).toEqual(Array<boolean>(starts).fill(true));
    // The noise keeps coming, hidden.
    await page().waitForTimeout(1_000);
    expect(await servingLines()).toEqual(Array<boolean>(starts).fill(true));
    expect(await logs().getByText(/^\d+ of \d+ lines$/).textContent()).toMatch(new RegExp(`^${starts} of \\d+ lines$`));

    await search.fill('');
    await expect.poll(async () => (await logLines()).some((line) => line.includes('fixture noise'))).toBe(true);
    // README shows the pane as it is here: the timeline and the proxy's log, following.
    await page().screenshot({ path: path.resolve(import.meta.dirname, '../../docs/details-pane.png') });
  });
});
