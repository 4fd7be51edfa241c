import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './browser';

/**
 * One Chromium and one page on the preview for the test file: opened (the workloads view shown)
 * before its first test, closed after its last. Returns the page's getter.
 * `viewport` sets the page's size (screenshots are taken at it).
 */
export function useDeskPage(url: () => string, viewport = { width: 1400, height: 800 }): () => Page {
  let browser: Browser | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage({ viewport });
    await page.goto(url());
    await page.getByRole('heading', { name: 'Workloads' }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!page) throw new Error('the page exists only inside tests');
    return page;
  };
}
