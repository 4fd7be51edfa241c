import type { McpDeskApi } from '../../shared/contract';
import type { DeepLink } from '../../shared/deep-link';
import type { DeskStore } from './desk-store';

/**
 * The one place events from main enter the store: subscribes to every event, then loads the
 * workloads and the engine state. Returns the function that unsubscribes.
 *
 * It subscribes before it loads so that no change falls between the list and the subscription.
 * An event that arrives while the list is in flight is newer than the list may be, so the list
 * does not overwrite a workload an event has already changed or removed.
 *
 * `mcpdesk://` links arrive here too: they open the run dialog, the details pane or a notice, and
 * never call the api themselves.
 */
export function connectBridge(api: McpDeskApi, store: DeskStore): () => void {
  let loading = true;
  const touchedWhileLoading = new Set<string>();
  // An `open` link can arrive before the list (the app was started by the link): it waits for the
  // list, or it would say "no workload named X" about a workload that is there.
  let openAfterLoad: string | null = null;
  const offs = [
    api.on('workloads:changed', (info) => {
      if (loading) touchedWhileLoading.add(info.name);
      store.getState().upsertWorkload(info);
    }),
    api.on('workloads:removed', ({ name }) => {
      if (loading) touchedWhileLoading.add(name);
      store.getState().removeWorkload(name);
      store.getState().deselect(name);
    }),
    api.on('engine:changed', (engine) => store.getState().setEngine(engine)),
    api.on('settings:changed', (settings) => store.getState().setSettings(settings)),
    // A log burst arrives as chunks the core gathered; panels read them with a transient subscription.
    api.on('logs:appended', ({ id, text }) => store.getState().appendLog(id, text)),
    api.on('logs:paused', ({ id, message, final }) => store.getState().pauseLog(id, message, final)),
    api.on('links:opened', (link) => {
      if (link.kind === 'open' && loading) openAfterLoad = link.name;
      else followLink(store, link);
    }),
  ];

  void api.engine.status().then(
    (result) => {
      if (result.ok) store.getState().setEngine(result.data);
      else store.getState().setEngine({ available: false, message: result.error.message });
    },
    (error: unknown) => store.getState().setEngine({ available: false, message: messageOf(error) }),
  );

  void api.settings.get().then(
    (result) => {
      if (result.ok) store.getState().setSettings(result.data);
    },
    () => undefined,
  );

  void api.workloads.list({ all: true }).then(
    (result) => {
      loading = false;
      if (!result.ok) {
        store.getState().setLoadError(result.error.message);
      } else {
        const current = store.getState().workloads;
        const list = result.data.filter((w) => !touchedWhileLoading.has(w.name));
        for (const name of touchedWhileLoading) {
          const seen = current.get(name);
          if (seen) list.push(seen);
        }
        store.getState().setWorkloads(list);
      }
      followPendingOpen();
    },
    (error: unknown) => {
      loading = false;
      store.getState().setLoadError(messageOf(error));
      followPendingOpen();
    },
  );

  function followPendingOpen() {
    if (openAfterLoad === null) return;
    followLink(store, { kind: 'open', name: openAfterLoad });
    openAfterLoad = null;
  }

  return () => {
    for (const off of offs) off();
  };
}

/**
 * Acts on a `mcpdesk://` link. A `run` link only fills in the run dialog: the user reads it and
 * presses Run, because a link is a page's or a chat's suggestion, not the user's decision.
 */
function followLink(store: DeskStore, link: DeepLink): void {
  const state = store.getState();
  switch (link.kind) {
    case 'run':
      return state.openRunDialog(link.prefill);
    case 'open':
      if (state.workloads.has(link.name)) return state.showDetails(link.name);
      return state.showNotice(`no workload named "${link.name}"`);
    case 'error':
      return state.showNotice(link.message);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
