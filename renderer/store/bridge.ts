import type { McpDeskApi } from '../../shared/contract';
import type { DeskStore } from './desk-store';

/**
 * The one place events from main enter the store: subscribes to every event, then loads the
 * workloads and the engine state. Returns the function that unsubscribes.
 *
 * It subscribes before it loads so that no change falls between the list and the subscription.
 * An event that arrives while the list is in flight is newer than the list may be, so the list
 * does not overwrite a workload an event has already changed or removed.
 */
export function connectBridge(api: McpDeskApi, store: DeskStore): () => void {
  let loading = true;
  const touchedWhileLoading = new Set<string>();
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
  ];

  void api.engine.status().then(
    (result) => {
      if (result.ok) store.getState().setEngine(result.data);
      else store.getState().setEngine({ available: false, message: result.error.message });
    },
    (error: unknown) => store.getState().setEngine({ available: false, message: messageOf(error) }),
  );

  void api.workloads.list({ all: true }).then(
    (result) => {
      loading = false;
      if (!result.ok) return store.getState().setLoadError(result.error.message);
      const current = store.getState().workloads;
      const list = result.data.filter((w) => !touchedWhileLoading.has(w.name));
      for (const name of touchedWhileLoading) {
        const seen = current.get(name);
        if (seen) list.push(seen);
      }
      store.getState().setWorkloads(list);
    },
    (error: unknown) => {
      loading = false;
      store.getState().setLoadError(messageOf(error));
    },
  );

  return () => {
    for (const off of offs) off();
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
