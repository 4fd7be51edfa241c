import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { contractEvents, eventOutlet, mergeEventSources } from '../../../electron/core/live/contract-events';
import type { WorkloadWatch, WorkloadWatchEvents } from '../../../electron/core/live/workload-watch';

describe('contractEvents', () => {
  it('maps engine reports to engine:changed and never to links:opened', () => {
    const watch = new EventEmitter<WorkloadWatchEvents>();
    const events = contractEvents(watch as unknown as WorkloadWatch);
    const engine: unknown[] = [];
    const links: unknown[] = [];
    events.on('engine:changed', (payload) => engine.push(payload));
    const off = events.on('links:opened', (payload) => links.push(payload));
    watch.emit('engine', 'down', 'socket gone');
    watch.emit('engine', 'up');
    expect(engine).toEqual([{ available: false, message: 'socket gone' }, { available: true }]);
    expect(links).toEqual([]);
    off();
  });
});

describe('eventOutlet and mergeEventSources', () => {
  it('an outlet feeds only its own event, a merged source hears each source, and unsubscribing stops both', () => {
    const settings = eventOutlet('settings:changed');
    const links = eventOutlet('links:opened');
    const merged = mergeEventSources(settings, links);
    const heard: unknown[] = [];
    const offSettings = merged.on('settings:changed', (payload) => heard.push(payload));
    merged.on('links:opened', (payload) => heard.push(payload));
    settings.emit({ stopAllOnQuit: true });
    links.emit({ kind: 'open', name: 'fetch' });
    expect(heard).toEqual([{ stopAllOnQuit: true }, { kind: 'open', name: 'fetch' }]);
    offSettings();
    settings.emit({ stopAllOnQuit: false });
    expect(heard).toHaveLength(2);
  });
});
