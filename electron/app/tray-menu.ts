// The tray menu as data: built from the workloads' states alone, so its structure is tested
// without Electron, and the tray rebuilds it whenever a workload changes.
import type { MenuItemConstructorOptions } from 'electron';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/settings';
import { transitionAllowed, type WorkloadState } from '../../shared/states';
import type { WorkloadInfo } from '../../shared/workload-info';

/** What the tray's items do; each receives what it acts on. */
export interface TrayActions {
  start(name: string): void;
  stop(name: string): void;
  restart(name: string): void;
  copyUrl(url: string): void;
  /** Opens the window on this workload. */
  show(name: string): void;
  stopAll(names: readonly string[]): void;
  /** Turns the "stop all workloads on quit" setting on or off. */
  setStopAllOnQuit(on: boolean): void;
  openWindow(): void;
  quit(): void;
}

const PROBLEM_STATES: readonly WorkloadState[] = ['error', 'unhealthy'];

/** Start brings up a workload that is down; the table says which states may go to starting. */
export const canStart = (state: WorkloadState): boolean => transitionAllowed(state, 'starting');
/** Stop follows the table's edges to stopping (running, unhealthy, and starting). */
export const canStop = (state: WorkloadState): boolean => transitionAllowed(state, 'stopping');
/** Restart is for a workload that is up or failed; a stopped one is started, a transient one waits. */
export const canRestart = (state: WorkloadState): boolean => state === 'running' || state === 'unhealthy' || state === 'error';

/** The summary line: `2 running, 1 with problems`, or that there are none. */
export function traySummary(workloads: readonly WorkloadInfo[]): string {
  if (workloads.length === 0) return 'No workloads';
  const running = workloads.filter((w) => w.status === 'running').length;
  const problems = workloads.filter((w) => PROBLEM_STATES.includes(w.status)).length;
  return `${running} running, ${problems} with problems`;
}

function workloadItem(workload: WorkloadInfo, actions: TrayActions): MenuItemConstructorOptions {
  const { name, status } = workload;
  return {
    // Electron treats & as a mnemonic marker in labels; names cannot hold one, so none is escaped.
    label: `${name} (${status})`,
    submenu: [
      { label: 'Start', enabled: canStart(status), click: () => actions.start(name) },
      { label: 'Stop', enabled: canStop(status), click: () => actions.stop(name) },
      { label: 'Restart', enabled: canRestart(status), click: () => actions.restart(name) },
      { type: 'separator' },
      { label: 'Copy URL', click: () => actions.copyUrl(workload.url) },
      { label: 'Show', click: () => actions.show(name) },
    ],
  };
}

/**
 * The tray menu: the summary line (not clickable), a submenu per workload sorted by name with
 * Start/Stop/Restart enabled by its state, Copy URL and Show; then Stop all (enabled when something
 * can be stopped), the "stop all workloads on quit" setting, Open MCP Desk and Quit, whose label
 * says what quitting does to the workloads.
 */
export function buildTrayMenu(workloads: readonly WorkloadInfo[], actions: TrayActions, settings: Settings = DEFAULT_SETTINGS): MenuItemConstructorOptions[] {
  const sorted = [...workloads].sort((a, b) => a.name.localeCompare(b.name));
  const stoppable = sorted.filter((w) => canStop(w.status)).map((w) => w.name);
  return [
    { label: traySummary(sorted), enabled: false },
    ...(sorted.length > 0 ? [{ type: 'separator' } as const, ...sorted.map((w) => workloadItem(w, actions))] : []),
    { type: 'separator' },
    { label: 'Stop all', enabled: stoppable.length > 0, click: () => actions.stopAll(stoppable) },
    { label: 'Stop all workloads on quit', type: 'checkbox', checked: settings.stopAllOnQuit, click: () => actions.setStopAllOnQuit(!settings.stopAllOnQuit) },
    { label: 'Open MCP Desk', click: () => actions.openWindow() },
    { label: settings.stopAllOnQuit ? 'Quit (stops all workloads)' : 'Quit (workloads keep running)', click: () => actions.quit() },
  ];
}
