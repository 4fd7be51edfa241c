import type { EventChannel, EventPayloads } from '../../../shared/contract';
import type { WorkloadWatch } from './workload-watch';

/** A source of the contract's events, for whatever carries them to a renderer. */
export interface ContractEventSource {
  on<E extends EventChannel>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
}

/** A source of one event, which its owner feeds with `emit`. */
export interface EventOutlet<E extends EventChannel> extends ContractEventSource {
  emit(payload: EventPayloads[E]): void;
}

/** An outlet for `event`: listeners of any other event hear nothing from it. */
export function eventOutlet<E extends EventChannel>(event: E): EventOutlet<E> {
  const listeners = new Set<(payload: EventPayloads[E]) => void>();
  return {
    emit(payload) {
      for (const listener of [...listeners]) listener(payload);
    },
    on(wanted, listener) {
      if (wanted !== (event as EventChannel)) return () => undefined;
      const typed = listener as unknown as (payload: EventPayloads[E]) => void;
      listeners.add(typed);
      return () => void listeners.delete(typed);
    },
  };
}

/** One source over several: a listener hears the event from each of them. */
export function mergeEventSources(...sources: readonly ContractEventSource[]): ContractEventSource {
  return {
    on(event, listener) {
      const offs = sources.map((source) => source.on(event, listener));
      return () => {
        for (const off of offs) off();
      };
    },
  };
}

/**
 * A WorkloadWatch's reports as the contract's events: `workloads:changed`, `workloads:removed` and
 * `engine:changed` (the watch reports no other event), for whatever carries them to a renderer (Electron IPC, the preview's SSE).
 */
export function contractEvents(watch: WorkloadWatch): ContractEventSource {
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
          // The other events come from the app (links), the log followers and the settings.
          return () => undefined;
      }
    },
  };
}
