import path from 'node:path';
import { BrowserWindow, shell, type WebPreferences } from 'electron';

/** The renderer's settings: isolated, sandboxed, no Node. Exported so tests can check them. */
export function secureWebPreferences(preload: string): WebPreferences {
  return { preload, contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, spellcheck: false };
}

/**
 * Creates the main window over dist/renderer/index.html. In-app navigation and new windows are
 * denied; http(s) links open in the system browser and any other scheme is refused.
 */
export function createMainWindow(distDir: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    title: 'MCP Desk',
    show: false,
    webPreferences: secureWebPreferences(path.join(distDir, 'preload', 'index.cjs')),
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//i.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.once('ready-to-show', () => window.show());
  void window.loadFile(path.join(distDir, 'renderer', 'index.html'));
  return window;
}
