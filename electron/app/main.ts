// The Electron main process: the composition root. It wires electron/core (the same manager,
// state files and proxies as the CLI) to the window, the tray, IPC and deep links; the work is
// elsewhere. Quitting leaves workloads running (their proxies are detached processes) unless the
// "stop all workloads on quit" setting is on.
import path from 'node:path';
import { app, clipboard, type BrowserWindow } from 'electron';
import { EVENT_CHANNELS, type RequestChannel } from '../../shared/contract';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import type { WorkloadInfo } from '../../shared/workload-info';
import { createDockerRuntime } from '../core/runtime';
import { createDeskService } from '../core/service/desk-service';
import { openState, resolveStateRoot } from '../core/state';
import { proxyCommandFor } from '../core/workloads/proxy-processes';
import { WorkloadManager } from '../core/workloads/workload-manager';
import { openAppLog } from './app-log';
import { DEEP_LINK_SCHEME } from './deep-links';
import { bindIpc, pushEvent, trustRendererFrame } from './ipc';
import { LinkDelivery } from './link-delivery';
import { createQuitPolicy } from './quit-policy';
import { createAppTray } from './tray';
import { canStop } from './tray-menu';
import { unpackedPath } from './unpacked-path';
import { createMainWindow, rendererIndexPath } from './window';

// dist/app/main.cjs → dist/
const distDir = path.resolve(__dirname, '..');

if (!app.requestSingleInstanceLock()) {
  // Another instance owns the window and the tray; it receives our argv (and its links) itself.
  app.quit();
} else {
  // From `electron .` the OS must relaunch electron with the app's path for a link to reach us.
  if (process.defaultApp && process.argv[1]) app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, process.execPath, [path.resolve(process.argv[1])]);
  else app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  void start();
}

async function start(): Promise<void> {
  const state = openState(resolveStateRoot());
  const log = openAppLog(path.join(state.paths.logs, 'app.log'), { verbose: process.env.MCPDESK_DEBUG === '1' });
  const runtime = () => createDockerRuntime();
  const manager = new WorkloadManager({ state, runtime, proxyCommand: proxyCommandFor(unpackedPath(path.join(distDir, 'proxy', 'proxy.cjs'))) });
  const desk = createDeskService({ state, manager, runtime });
  const { handler, watch } = desk;

  // The window exists only once Electron is ready, but links and app events can come earlier.
  const ui: { window?: BrowserWindow } = {};
  const settings = await desk.settings.read().catch((error: unknown) => {
    log.error('failed to read the settings; using the defaults', error);
    return DEFAULT_SETTINGS;
  });
  let stopAllOnQuit = settings.stopAllOnQuit;
  desk.events.on('settings:changed', (changed) => {
    stopAllOnQuit = changed.stopAllOnQuit;
  });
  const quitPolicy = createQuitPolicy({
    stopAllOnQuit: () => stopAllOnQuit,
    stopAll: async () => {
      const stoppable = (await manager.list({ all: true })).filter((w: WorkloadInfo) => canStop(w.status)).map((w) => w.name);
      if (stoppable.length === 0) return [];
      return (await manager.stop(stoppable)).flatMap((r) => (r.ok ? [] : [`${r.name}: ${r.error.message}`]));
    },
    quit: () => app.quit(),
    log,
  });
  const links = new LinkDelivery((link) => {
    if (ui.window) pushEvent(ui.window.webContents, 'links:opened', link);
  });
  links.receiveArgv(process.argv);

  const showWindow = (): void => {
    const { window } = ui;
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };
  /** Tray actions go through the same handler as the renderer's requests, and only log failures. */
  const act = (channel: RequestChannel, input: unknown): void => {
    void handler(channel, input).then((result) => {
      if (!result.ok) log.error(`${channel} from the tray failed: ${result.error.message}`);
    });
  };

  app.on('second-instance', (_event, argv) => {
    links.receiveArgv(argv);
    showWindow();
  });
  // macOS hands links to the running app this way rather than through argv.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    links.receive(url);
    showWindow();
  });
  app.on('before-quit', (event) => quitPolicy.beforeQuit(event));
  // The window only hides on close; this keeps Electron from quitting if it is ever destroyed.
  app.on('window-all-closed', () => undefined);

  await app.whenReady();
  bindIpc({ handler, isTrustedSender: trustRendererFrame(rendererIndexPath(distDir)) });
  const window = createMainWindow({ distDir, isQuitting: () => quitPolicy.quitting });
  ui.window = window;
  window.webContents.on('did-start-loading', () => {
    links.notReady();
    // A reloaded renderer has forgotten its log follows.
    desk.logs.unfollowAll();
  });
  window.webContents.on('did-finish-load', () => links.ready());
  app.on('activate', showWindow);

  for (const event of EVENT_CHANNELS) {
    desk.events.on(event, (payload) => {
      pushEvent(window.webContents, event, payload as never);
    });
  }
  watch.on('engine', (engine, reason) => (engine === 'down' ? log.warn(`engine events unavailable: ${reason ?? 'unknown reason'}`) : log.info('engine events back')));

  let initial: WorkloadInfo[] = [];
  try {
    initial = await desk.start();
  } catch (error) {
    log.error('failed to start watching workloads', error);
  }
  const tray = createAppTray({
    feed: watch,
    initial,
    settings: { stopAllOnQuit },
    actions: {
      start: (name) => act('workloads:restart', { names: [name] }),
      stop: (name) => act('workloads:stop', { names: [name] }),
      restart: (name) => act('workloads:restart', { names: [name] }),
      stopAll: (names) => act('workloads:stop', { names: [...names] }),
      setStopAllOnQuit: (on) => act('settings:set', { stopAllOnQuit: on }),
      copyUrl: (url) => clipboard.writeText(url),
      show: (name) => {
        showWindow();
        links.receive(`${DEEP_LINK_SCHEME}://v1/open?name=${encodeURIComponent(name)}`);
      },
      openWindow: showWindow,
      quit: () => app.quit(),
    },
  });
  desk.events.on('settings:changed', (changed) => tray.setSettings(changed));
  app.on('will-quit', () => {
    tray.destroy();
    desk.close();
    void log.close();
  });
}
