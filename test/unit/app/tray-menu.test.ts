import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { buildTrayMenu, type TrayActions } from '../../../electron/app/tray-menu';
import type { WorkloadState } from '../../../shared/states';
import { workload as workloadInfo } from '../../fixtures/workload-info';

const workload = (name: string, status: WorkloadState) => workloadInfo({ name, status, port: 4000 + name.length * 100 });

function actions() {
  return {
    start: vi.fn<(name: string) => void>(),
    stop: vi.fn<(name: string) => void>(),
    restart: vi.fn<(name: string) => void>(),
    copyUrl: vi.fn<(url: string) => void>(),
    show: vi.fn<(name: string) => void>(),
    stopAll: vi.fn<(names: readonly string[]) => void>(),
    setStopAllOnQuit: vi.fn<(on: boolean) => void>(),
    openWindow: vi.fn<() => void>(),
    quit: vi.fn<() => void>(),
  } satisfies TrayActions;
}

const labels = (menu: MenuItemConstructorOptions[]) => menu.map((item) => (item.type === 'separator' ? '---' : item.label));
const item = (menu: MenuItemConstructorOptions[] | undefined, label: string) => {
  const found = menu?.find((i) => i.label === label);
  if (!found) throw new Error(`no item ${label}`);
  return found;
};
const submenu = (menu: MenuItemConstructorOptions[], label: string) => item(menu, label).submenu as MenuItemConstructorOptions[];
const click = (entry: MenuItemConstructorOptions) => (entry.click as () => void)();

describe('buildTrayMenu', () => {
  it('with no workloads shows the summary, a disabled Stop all, Open and Quit', () => {
    const menu = buildTrayMenu([], actions());
    expect(labels(menu)).toEqual(['No workloads', '---', 'Stop all', 'Stop all workloads on quit', 'Open MCP Desk', 'Quit (workloads keep running)']);
    expect(item(menu, 'No workloads').enabled).toBe(false);
    expect(item(menu, 'Stop all').enabled).toBe(false);
  });

  it('counts running workloads and those with problems in the summary', () => {
    const menu = buildTrayMenu([workload('a', 'running'), workload('b', 'running'), workload('c', 'error'), workload('d', 'unhealthy'), workload('e', 'stopped')], actions());
    expect(menu[0]?.label).toBe('2 running, 2 with problems');
  });

  it('lists one submenu per workload, sorted by name, with its state', () => {
    const menu = buildTrayMenu([workload('zeta', 'stopped'), workload('alpha', 'running')], actions());
    expect(labels(menu)).toEqual(['1 running, 0 with problems', '---', 'alpha (running)', 'zeta (stopped)', '---', 'Stop all', 'Stop all workloads on quit', 'Open MCP Desk', 'Quit (workloads keep running)']);
    expect(labels(submenu(menu, 'alpha (running)'))).toEqual(['Start', 'Stop', 'Restart', '---', 'Copy URL', 'Show']);
  });

  const enabled: [WorkloadState, { Start: boolean; Stop: boolean; Restart: boolean }][] = [
    ['running', { Start: false, Stop: true, Restart: true }],
    ['unhealthy', { Start: false, Stop: true, Restart: true }],
    ['starting', { Start: false, Stop: true, Restart: false }],
    ['stopping', { Start: false, Stop: false, Restart: false }],
    ['stopped', { Start: true, Stop: false, Restart: false }],
    ['error', { Start: true, Stop: false, Restart: true }],
    ['removing', { Start: false, Stop: false, Restart: false }],
  ];
  it.each(enabled)('a %s workload enables %j', (state, expected) => {
    const sub = submenu(buildTrayMenu([workload('fetch', state)], actions()), `fetch (${state})`);
    expect({ Start: item(sub, 'Start').enabled, Stop: item(sub, 'Stop').enabled, Restart: item(sub, 'Restart').enabled }).toEqual(expected);
    expect(item(sub, 'Copy URL').enabled).not.toBe(false);
    expect(item(sub, 'Show').enabled).not.toBe(false);
  });

  it('calls the actions with the workload they belong to', () => {
    const act = actions();
    const fetch = workload('fetch', 'running');
    const sub = submenu(buildTrayMenu([fetch, workload('git', 'stopped')], act), 'fetch (running)');
    for (const label of ['Start', 'Stop', 'Restart', 'Copy URL', 'Show']) click(item(sub, label));
    expect(act.start).toHaveBeenCalledWith('fetch');
    expect(act.stop).toHaveBeenCalledWith('fetch');
    expect(act.restart).toHaveBeenCalledWith('fetch');
    expect(act.copyUrl).toHaveBeenCalledWith(fetch.url);
    expect(act.show).toHaveBeenCalledWith('fetch');
  });

  it('Stop all stops exactly the workloads that can be stopped', () => {
    const act = actions();
    const menu = buildTrayMenu([workload('a', 'running'), workload('b', 'stopped'), workload('c', 'unhealthy'), workload('d', 'error')], act);
    expect(item(menu, 'Stop all').enabled).toBe(true);
    click(item(menu, 'Stop all'));
    expect(act.stopAll).toHaveBeenCalledWith(['a', 'c']);
  });

  it('Open and Quit call their actions', () => {
    const act = actions();
    const menu = buildTrayMenu([], act);
    click(item(menu, 'Open MCP Desk'));
    click(item(menu, 'Quit (workloads keep running)'));
    expect(act.openWindow).toHaveBeenCalledOnce();
    expect(act.quit).toHaveBeenCalledOnce();
  });

  it('shows the stop-on-quit setting as a checkbox, toggles it, and says what Quit will do', () => {
    const off = actions();
    const offMenu = buildTrayMenu([workload('a', 'running')], off, { stopAllOnQuit: false });
    expect(item(offMenu, 'Stop all workloads on quit')).toMatchObject({ type: 'checkbox', checked: false });
    click(item(offMenu, 'Stop all workloads on quit'));
    expect(off.setStopAllOnQuit).toHaveBeenCalledWith(true);

    const on = actions();
    const onMenu = buildTrayMenu([workload('a', 'running')], on, { stopAllOnQuit: true });
    expect(item(onMenu, 'Stop all workloads on quit').checked).toBe(true);
    click(item(onMenu, 'Stop all workloads on quit'));
    expect(on.setStopAllOnQuit).toHaveBeenCalledWith(false);
    click(item(onMenu, 'Quit (stops all workloads)'));
    expect(on.quit).toHaveBeenCalledOnce();
  });
});
