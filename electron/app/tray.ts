// The system tray: its menu is rebuilt from the workloads whenever the watch reports a change,
// so it is as current as the window without a timer of its own.
import { Menu, nativeImage, Tray } from 'electron';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/settings';
import type { WorkloadInfo } from '../../shared/workload-info';
import type { WorkloadWatchEvents } from '../core/live/workload-watch';
import { buildTrayMenu, traySummary, type TrayActions } from './tray-menu';

/** A 16×16 blue dot, so the tray has an icon before the packaged ones exist. */
const DEFAULT_ICON =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAAMElEQVR42mNgoDZQTX79Hx+mSDNeQ4jVjNUQUjVjGDJqwLAwgOKERJWkTJXMRA4AAIFnpKh7lc6nAAAAAElFTkSuQmCC';

/** The part of a WorkloadWatch the tray listens to. */
export interface TrayFeed {
  on<K extends 'changed' | 'removed'>(event: K, listener: (...args: WorkloadWatchEvents[K]) => void): unknown;
  off<K extends 'changed' | 'removed'>(event: K, listener: (...args: WorkloadWatchEvents[K]) => void): unknown;
}

export interface AppTrayOptions {
  readonly feed: TrayFeed;
  /** The workloads as they are when the tray is created (what WorkloadWatch.start returned). */
  readonly initial: readonly WorkloadInfo[];
  readonly actions: TrayActions;
  /** The settings when the tray is created; the defaults when absent. */
  readonly settings?: Settings;
  /** A PNG for the tray; the built-in dot when absent. */
  readonly iconPath?: string | undefined;
}

/** The tray; destroy() removes it and stops listening. */
export interface AppTray {
  /** Shows the settings as they are now (the quit item and its checkbox depend on them). */
  setSettings(settings: Settings): void;
  destroy(): void;
}

/** Creates the tray icon with its menu, kept current from the feed's changed/removed events. */
export function createAppTray(options: AppTrayOptions): AppTray {
  const workloads = new Map(options.initial.map((w) => [w.name, w]));
  let settings = options.settings ?? DEFAULT_SETTINGS;
  const icon = options.iconPath ? nativeImage.createFromPath(options.iconPath) : nativeImage.createFromDataURL(DEFAULT_ICON);
  const tray = new Tray(icon.isEmpty() ? nativeImage.createFromDataURL(DEFAULT_ICON) : icon);
  tray.on('click', () => options.actions.openWindow());

  const rebuild = (): void => {
    const list = [...workloads.values()];
    tray.setToolTip(`MCP Desk: ${traySummary(list)}`);
    tray.setContextMenu(Menu.buildFromTemplate(buildTrayMenu(list, options.actions, settings)));
  };
  const onChanged = (info: WorkloadInfo): void => {
    workloads.set(info.name, info);
    rebuild();
  };
  const onRemoved = (name: string): void => {
    if (workloads.delete(name)) rebuild();
  };
  options.feed.on('changed', onChanged);
  options.feed.on('removed', onRemoved);
  rebuild();

  return {
    setSettings(next) {
      settings = next;
      rebuild();
    },
    destroy() {
      options.feed.off('changed', onChanged);
      options.feed.off('removed', onRemoved);
      tray.destroy();
    },
  };
}
