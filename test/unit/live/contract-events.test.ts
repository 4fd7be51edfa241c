import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { contractEvents } from '../../../electron/core/live/contract-events';
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
