// Electron's binary cannot run here, so `electron` is mocked: BrowserWindow records its options and
// the handlers the window module installs, and the tests fire them as Electron would.
import { beforeEach, describe, expect, it, vi } from 'vitest';

type Listener = (event: { preventDefault: () => void }, ...args: unknown[]) => void;
type RequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void) => void;
type CheckHandler = (contents: unknown, permission: string) => boolean;

class FakeWindow {
  static last: FakeWindow | undefined;
  readonly windowListeners = new Map<string, Listener>();
  readonly contentsListeners = new Map<string, Listener>();
  openHandler: ((details: { url: string }) => { action: string }) | undefined;
  loaded: string | undefined;
  hidden = false;
  permissionRequest: RequestHandler | undefined;
  permissionCheck: CheckHandler | undefined;
  readonly webContents = {
    setWindowOpenHandler: (fn: (details: { url: string }) => { action: string }) => (this.openHandler = fn),
    on: (event: string, fn: Listener) => this.contentsListeners.set(event, fn),
    session: {
      setPermissionRequestHandler: (fn: RequestHandler) => (this.permissionRequest = fn),
      setPermissionCheckHandler: (fn: CheckHandler) => (this.permissionCheck = fn),
    },
  };
  constructor(readonly options: { webPreferences: Record<string, unknown> }) {
    FakeWindow.last = this;
  }
  on(event: string, fn: Listener) {
    this.windowListeners.set(event, fn);
  }
  once(event: string, fn: Listener) {
    this.windowListeners.set(event, fn);
  }
  hide() {
    this.hidden = true;
  }
  show() {}
  loadFile(file: string) {
    this.loaded = file;
    return Promise.resolve();
  }
}

const openExternal = vi.fn(async (_url: string) => undefined);
vi.mock('electron', () => ({ BrowserWindow: FakeWindow, shell: { openExternal: (url: string) => openExternal(url) } }));

const { createMainWindow, isExternalLink, windowOpenHandler } = await import('../../../electron/app/window');

let quitting = false;
function open(): FakeWindow {
  createMainWindow({ distDir: '/opt/mcpdesk/dist', isQuitting: () => quitting });
  if (!FakeWindow.last) throw new Error('no window');
  return FakeWindow.last;
}
function fire(listeners: Map<string, Listener>, name: string, ...args: unknown[]): boolean {
  let prevented = false;
  const fn = listeners.get(name);
  if (!fn) throw new Error(`no ${name} listener`);
  fn({ preventDefault: () => (prevented = true) }, ...args);
  return prevented;
}

beforeEach(() => {
  quitting = false;
  openExternal.mockClear();
});

describe('createMainWindow', () => {
  it('keeps the renderer isolated and sandboxed, without Node, with our preload', () => {
    expect(open().options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      preload: '/opt/mcpdesk/dist/preload/index.cjs',
    });
  });

  it('denies every permission request and check but the clipboard write of the Copy buttons', () => {
    const window = open();
    const requested = (permission: string): boolean | undefined => {
      let granted: boolean | undefined;
      window.permissionRequest?.({}, permission, (answer) => (granted = answer));
      return granted;
    };
    for (const permission of ['media', 'notifications', 'geolocation', 'openExternal', 'clipboard-read', 'local-network-access', 'fullscreen', 'unknown']) {
      expect(requested(permission)).toBe(false);
      expect(window.permissionCheck?.({}, permission)).toBe(false);
    }
    expect(requested('clipboard-sanitized-write')).toBe(true);
    expect(window.permissionCheck?.({}, 'clipboard-sanitized-write')).toBe(true);
  });

  it('loads the bundled index.html', () => {
    expect(open().loaded).toBe('/opt/mcpdesk/dist/renderer/index.html');
  });

  it('denies navigation, redirects and webviews', () => {
    const window = open();
    expect(fire(window.contentsListeners, 'will-navigate', 'https://example.com/')).toBe(true);
    expect(fire(window.contentsListeners, 'will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(fire(window.contentsListeners, 'will-redirect', 'https://example.com/')).toBe(true);
    expect(fire(window.contentsListeners, 'will-attach-webview')).toBe(true);
  });

  it('denies every new window and sends only http(s) links to the system browser', () => {
    const window = open();
    for (const url of ['https://github.com/x', 'http://127.0.0.1:4100/mcp', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'mcpdesk://v1/open?name=a', 'not a url']) {
      expect(window.openHandler?.({ url })).toEqual({ action: 'deny' });
    }
    expect(openExternal.mock.calls.map(([url]) => url)).toEqual(['https://github.com/x', 'http://127.0.0.1:4100/mcp']);
  });

  it('hides instead of closing, unless the app is quitting', () => {
    const window = open();
    expect(fire(window.windowListeners, 'close')).toBe(true);
    expect(window.hidden).toBe(true);
    const second = open();
    quitting = true;
    expect(fire(second.windowListeners, 'close')).toBe(false);
    expect(second.hidden).toBe(false);
  });
});

describe('windowOpenHandler', () => {
  it('survives a failing openExternal', async () => {
    const failing = vi.fn(async () => {
      throw new Error('no browser');
    });
    expect(windowOpenHandler(failing)({ url: 'https://x.test/' })).toEqual({ action: 'deny' });
    await Promise.resolve();
    expect(failing).toHaveBeenCalledOnce();
  });
});

describe('isExternalLink', () => {
  it.each([
    ['https://x.test/', true],
    ['HTTP://x.test/', true],
    ['file:///x', false],
    ['javascript:void(0)', false],
    ['vbscript:x', false],
    ['ms-msdt:/id', false],
    ['', false],
  ])('%j → %s', (url, expected) => expect(isExternalLink(url)).toBe(expected));
});
