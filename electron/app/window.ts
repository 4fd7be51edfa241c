import path from 'node:path';
import { BrowserWindow, shell, type HandlerDetails, type WindowOpenHandlerResponse } from 'electron';

/**
 * The only permission the renderer is granted: writing text to the clipboard (the Copy buttons).
 * Everything else (camera, microphone, notifications, geolocation, external protocols, local
 * network, ...) is denied without a prompt: the page never needs it, and a page that asked would be
 * one we did not write.
 */
export function permissionGranted(permission: string): boolean {
  return permission === 'clipboard-sanitized-write';
}

/** Whether a link may leave the app for the system browser: http and https only. */
export function isExternalLink(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * The answer to every window.open and target=_blank link: always deny a new window; an http(s)
 * link goes to the system browser, any other scheme (file:, javascript:, custom protocols that
 * could launch programs) is dropped.
 */
export function windowOpenHandler(openExternal: (url: string) => Promise<void>): (details: Pick<HandlerDetails, 'url'>) => WindowOpenHandlerResponse {
  return ({ url }) => {
    if (isExternalLink(url)) void openExternal(url).catch(() => undefined);
    return { action: 'deny' };
  };
}

export interface MainWindowOptions {
  /** dist/: holds preload/index.cjs and renderer/index.html. */
  readonly distDir: string;
  /**
   * Asked when the user closes the window: while it answers false the window only hides (the app
   * lives on in the tray); true when the app is quitting.
   */
  readonly isQuitting: () => boolean;
}

/** The path of the renderer page the window loads, which the IPC trust check compares against. */
export function rendererIndexPath(distDir: string): string {
  return path.join(distDir, 'renderer', 'index.html');
}

/**
 * Creates the main window over dist/renderer/index.html. In-app navigation, redirects, webviews and
 * new windows are denied; http(s) links open in the system browser and any other scheme is
 * refused; permission requests are denied but the clipboard write. Closing hides the window unless
 * the app is quitting.
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    title: 'MCP Desk',
    show: false,
    // Written out here rather than built by a helper so that static checkers (electronegativity)
    // see the values: isolated, sandboxed, no Node, web security on, no webview tag.
    webPreferences: {
      preload: path.join(options.distDir, 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  const contents = window.webContents;
  contents.session.setPermissionRequestHandler((_contents, permission, callback) => callback(permissionGranted(permission)));
  contents.session.setPermissionCheckHandler((_contents, permission) => permissionGranted(permission));
  contents.setWindowOpenHandler(windowOpenHandler((url) => shell.openExternal(url)));
  // The page is one file; anything that would replace it (a dropped file, a link without target,
  // a redirect) would run foreign content with our preload's API.
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  window.on('close', (event) => {
    if (options.isQuitting()) return;
    event.preventDefault();
    window.hide();
  });
  window.once('ready-to-show', () => window.show());
  void window.loadFile(rendererIndexPath(options.distDir));
  return window;
}
