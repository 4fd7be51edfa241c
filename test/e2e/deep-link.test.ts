import { describe, expect, inject, it } from 'vitest';
import { useDeskPage } from './helpers/desk-page';
import { usePreviewDesk } from './helpers/preview-desk';

// mcpdesk:// links in Debian's Chromium, against the real core and engine, delivered the way the
// app delivers them (LinkDelivery, then `links:opened`): a link suggests, the user decides.

const image = inject('testImage');
const { desk, url, openLink } = usePreviewDesk();
const page = useDeskPage(url);

const row = (name: string) => page().locator(`[data-workload="${name}"]`);
const statusOf = (name: string) => row(name).locator('.status-badge');
const dialog = () => page().getByRole('dialog', { name: 'Run a workload' });
const notice = () => page().locator('.notice-bar[role="alert"]');

describe('mcpdesk:// links', () => {
  it('a run link fills in the dialog and runs nothing until the user presses Run', async () => {
    openLink(`mcpdesk://v1/run?image=${encodeURIComponent(image)}&name=e2e-linked&transport=stdio&env=GREETING=hi`);

    await dialog().waitFor();
    expect(await dialog().getByText('Filled in from a link').isVisible()).toBe(true);
    expect(await dialog().getByLabel('Image', { exact: true }).inputValue()).toBe(image);
    expect(await dialog().getByLabel('Name', { exact: true }).inputValue()).toBe('e2e-linked');
    expect(await dialog().getByLabel('Transport').inputValue()).toBe('stdio');
    expect(await dialog().getByLabel('Environment', { exact: true }).inputValue()).toBe('GREETING=hi');

    await page().waitForTimeout(2_000);
    expect(await dialog().isVisible()).toBe(true);
    expect(await row('e2e-linked').count()).toBe(0);
    expect((await desk().manager.list({ all: true })).map((w) => w.name)).not.toContain('e2e-linked');
    expect(await desk().containers()).toEqual([]);

    await dialog().getByRole('button', { name: 'Run', exact: true }).click();
    await dialog().waitFor({ state: 'detached', timeout: 30_000 });
    await expect.poll(() => statusOf('e2e-linked').textContent(), { timeout: 15_000 }).toBe('running');
    expect(await desk().containerEnv('e2e-linked')).toContain('GREETING=hi');
  });

  it('an invalid link shows why in a notice and opens nothing', async () => {
    openLink(`mcpdesk://v2/run?image=${encodeURIComponent(image)}&name=e2e-v2`);

    await notice().waitFor();
    expect(await notice().locator('span').textContent()).toBe('invalid MCP Desk link: unsupported link version "v2" (this MCP Desk understands v1)');
    expect(await dialog().count()).toBe(0);
    expect(await row('e2e-v2').count()).toBe(0);
    await notice().getByRole('button', { name: 'Dismiss' }).click();
    await notice().waitFor({ state: 'detached' });
  });

  it('an open link shows the workload in the details pane, and names one that does not exist', async () => {
    openLink('mcpdesk://v1/open?name=e2e-linked');
    const details = page().getByRole('complementary', { name: 'Details of e2e-linked' });
    await details.waitFor();
    expect(await details.getByRole('heading', { name: 'e2e-linked' }).isVisible()).toBe(true);
    expect(await row('e2e-linked').getAttribute('aria-current')).toBe('true');

    openLink('mcpdesk://v1/open?name=e2e-nowhere');
    await notice().waitFor();
    expect(await notice().locator('span').textContent()).toBe('no workload named "e2e-nowhere"');
    expect(await dialog().count()).toBe(0);
  });
});
