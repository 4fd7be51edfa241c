// Electron's binary cannot run here, so `electron` is mocked: Tray records the menus it is given.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { WorkloadWatchEvents } from '../../../electron/core/live/workload-watch';
import type { WorkloadInfo } from '../../../shared/workload-info';
import { workload } from '../../fixtures/workload-info';

const trays: FakeTray[] = [];
class FakeTray {
  menus: { label?: string }[][] = [];
  tooltip = '';
  destroyed = false;
  constructor() {
    trays.push(this);
  }
  on() {}
  setToolTip(text: string) {
    this.tooltip = text;
  }
  setContextMenu(menu: { label?: string }[]) {
    this.menus.push(menu);
  }
  destroy() {
    this.destroyed = true;
  }
}
vi.mock('electron', () => ({
  Tray: FakeTray,
  Menu: { buildFromTemplate: (template: unknown) => template },
  nativeImage: { createFromDataURL: () => ({ isEmpty: () => false }), createFromPath: () => ({ isEmpty: () => true }) },
}));

const { createAppTray } = await import('../../../electron/app/tray');

const info = (name: string, status: WorkloadInfo['status']): WorkloadInfo => workload({ name, status });
const noop = () => undefined;
const actions = { start: noop, stop: noop, restart: noop, copyUrl: noop, show: noop, stopAll: noop, setStopAllOnQuit: noop, openWindow: noop, quit: noop };

describe('createAppTray', () => {
  it('rebuilds the menu on each watch event, and only then', () => {
    const feed = new EventEmitter<WorkloadWatchEvents>();
    const handle = createAppTray({ feed, initial: [info('a', 'running')], actions });
    const tray = trays.at(-1) as FakeTray;
    expect(tray.menus).toHaveLength(1);
    expect(tray.tooltip).toBe('MCP Desk: 1 running, 0 with problems');

    feed.emit('changed', info('b', 'error'));
    expect(tray.menus).toHaveLength(2);
    expect(tray.menus.at(-1)?.map((i) => i.label)).toContain('b (error)');
    expect(tray.tooltip).toBe('MCP Desk: 1 running, 1 with problems');

    feed.emit('removed', 'a');
    expect(tray.menus.at(-1)?.map((i) => i.label)).not.toContain('a (running)');
    feed.emit('removed', 'never-known');
    expect(tray.menus).toHaveLength(3);

    handle.destroy();
    expect(tray.destroyed).toBe(true);
    feed.emit('changed', info('c', 'running'));
    expect(tray.menus).toHaveLength(3);
    expect(feed.listenerCount('changed')).toBe(0);
  });

  it('rebuilds the menu when the settings change, and labels Quit by them', () => {
    const feed = new EventEmitter<WorkloadWatchEvents>();
    const handle = createAppTray({ feed, initial: [], actions, settings: { stopAllOnQuit: false } });
    const tray = trays.at(-1) as FakeTray;
    expect(tray.menus.at(-1)?.map((i) => i.label)).toContain('Quit (workloads keep running)');
    handle.setSettings({ stopAllOnQuit: true });
    expect(tray.menus).toHaveLength(2);
    expect(tray.menus.at(-1)?.map((i) => i.label)).toContain('Quit (stops all workloads)');
    handle.destroy();
  });
});
