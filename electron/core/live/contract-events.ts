import type { EventChannel, EventPayloads } from '../../../shared/contract';
import type { WorkloadWatch } from './workload-watch';

/**
 * A WorkloadWatch's reports as the contract's events: `workloads:changed`, `workloads:removed` and
 * `engine:changed` (the watch reports no other event), for whatever carries them to a renderer (Electron IPC, the preview's SSE).
 */
export function contractEvents(watch: WorkloadWatch): { on<E extends EventChannel>(event: E, listener: (payload: EventPayloads[E]) => void): () => void } {
  return {
    on(event, listener) {
      const emit = listener as (payload: unknown) => void;
      switch (event) {
        case 'workloads:changed': {
          const onChanged = (info: EventPayloads['workloads:changed']): void => emit(info);
          watch.on('changed', onChanged);
          return () => void watch.off('changed', onChanged);
        }
        case 'workloads:removed': {
          const onRemoved = (name: string): void => emit({ name });
          watch.on('removed', onRemoved);
          return () => void watch.off('removed', onRemoved);
        }
        case 'engine:changed': {
          const onEngine = (state: 'up' | 'down', reason?: string): void => emit({ available: state === 'up', ...(reason ? { message: reason } : {}) });
          watch.on('engine', onEngine);
          return () => void watch.off('engine', onEngine);
        }
        default:
          // The other events (links:opened) come from the app, not from the watch.
          return () => undefined;
      }
    },
  };
}
