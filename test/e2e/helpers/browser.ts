import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (apt-get install -y chromium), or the one CHROMIUM_PATH names. */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(path)) throw new Error(`the e2e tests need Chromium at ${path}: apt-get install -y chromium (or run .ci/run), or set CHROMIUM_PATH`);
  return path;
}

/**
 * Headless Chromium as this machine allows it: no sandbox (root), no GPU, and none of the
 * background connections a closed network refuses.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

