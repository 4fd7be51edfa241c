import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, type ElectronApplication } from 'playwright-core';
import { describe, expect, it } from 'vitest';

// The built app (dist/app/main.cjs, as package.json's "main" names it) in a real Electron, driven by
// Playwright. Electron's binary cannot be downloaded on every machine (this project's CI cannot):
// where ELECTRON_OVERRIDE_DIST_PATH names a folder holding one (the variable Electron's own
// launcher honours), the test runs; elsewhere it is skipped and its name says why. On Linux the
// binary needs a display: run under xvfb-run where there is none.

const REPO = path.resolve(import.meta.dirname, '../..');

/** The executable inside an Electron dist folder, where node_modules/electron's launcher looks for it. */
function electronExecutable(dist: string): string {
  if (process.platform === 'darwin') return path.join(dist, 'Electron.app', 'Contents', 'MacOS', 'Electron');
  return path.join(dist, process.platform === 'win32' ? 'electron.exe' : 'electron');
}

/** The Electron binary to launch, or why there is none. */
function findElectron(): { executable: string } | { skipped: string } {
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (!dist) return { skipped: "ELECTRON_OVERRIDE_DIST_PATH is not set; Electron's binary cannot be downloaded on this machine" };
  const executable = electronExecutable(dist);
  if (!existsSync(executable)) return { skipped: `ELECTRON_OVERRIDE_DIST_PATH is ${dist}, but it holds no Electron binary (no ${executable})` };
  return { executable };
}

/** The environment the app gets: ours, strings only, as Playwright's `env` option wants it. */
function environment(overrides: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  return { ...env, ...overrides };
}

const found = findElectron();
const skipped = 'skipped' in found ? found.skipped : undefined;
if (skipped) console.warn(`electron smoke test skipped: ${skipped}`);

describe('the Electron app', () => {
  it.skipIf(skipped !== undefined)(
    skipped ? `skipped: ${skipped}` : 'opens its window on the workloads view, exposes only window.mcpdesk, and keeps its state under XDG_STATE_HOME',
    async () => {
      if (!('executable' in found)) return;
      const home = await mkdtemp(path.join(os.tmpdir(), 'mcpdesk-electron-'));
      // Every per-user folder in the temp folder: the state, Electron's userData (and so its
      // single-instance lock), and the desktop files setAsDefaultProtocolClient may write.
      const xdg = {
        XDG_STATE_HOME: path.join(home, 'state'),
        XDG_CONFIG_HOME: path.join(home, 'config'),
        XDG_DATA_HOME: path.join(home, 'data'),
        XDG_CACHE_HOME: path.join(home, 'cache'),
      };
      let app: ElectronApplication | undefined;
      try {
        // The repository as the app folder, as `npm start` (`electron .`) runs it.
        app = await electron.launch({ executablePath: found.executable, args: [REPO], env: environment(xdg), timeout: 60_000 });
        const window = await app.firstWindow();
        await window.getByRole('heading', { name: 'Workloads' }).waitFor({ timeout: 30_000 });

        // The preload's API is there; Node is not (context isolation, sandbox, no node integration).
        // Page scripts are strings: this side has no DOM types, and functions would carry transform helpers.
        expect(await window.evaluate('typeof window.mcpdesk?.workloads?.list')).toBe('function');
        expect(await window.evaluate('[typeof require, typeof process, typeof module, typeof Buffer]')).toEqual(['undefined', 'undefined', 'undefined', 'undefined']);
        const listed = (await window.evaluate('window.mcpdesk.workloads.list({ all: true })')) as { ok: boolean; data?: unknown };
        expect(listed).toMatchObject({ ok: true, data: [] });

        // The app's state root is $XDG_STATE_HOME/mcpdesk: its log, and the status folder it watches.
        const root = path.join(xdg.XDG_STATE_HOME, 'mcpdesk');
        await expect.poll(() => existsSync(path.join(root, 'logs', 'app.log')) && existsSync(path.join(root, 'status')), { timeout: 15_000 }).toBe(true);
        expect(await app.evaluate(({ app: electronApp }) => electronApp.getPath('userData'))).toBe(path.join(xdg.XDG_CONFIG_HOME, 'mcpdesk'));
      } finally {
        // Quits the app (app.quit()): the window then closes instead of hiding in the tray.
        await app?.close();
        await rm(home, { recursive: true, force: true });
      }
    },
    120_000,
  );
});
