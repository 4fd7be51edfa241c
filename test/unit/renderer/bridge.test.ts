import { describe, expect, test } from 'vitest';
import type { Result } from '../../../shared/contract';
import type { WorkloadInfo } from '../../../shared/workload-info';
import { connectBridge } from '../../../renderer/store/bridge';
import { createDeskStore } from '../../../renderer/store/desk-store';
import { createFakeApi, workload } from './fake-api';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('bridge', () => {
  test('loads every workload (all: true) and the engine state', async () => {
    const api = createFakeApi({ workloads: [workload({ name: 'a' }), workload({ name: 'b', status: 'stopped' })], engine: { available: false, message: 'connect ENOENT' } });
    const store = createDeskStore();
    connectBridge(api, store);
    await settle();
    expect(api.workloads.list).toHaveBeenCalledWith({ all: true });
    expect([...store.getState().workloads.keys()]).toEqual(['a', 'b']);
    expect(store.getState().loaded).toBe(true);
    expect(store.getState().engine).toEqual({ available: false, message: 'connect ENOENT' });
  });

  test('a failed list is kept as the load error, with the core message', async () => {
    const api = createFakeApi({ list: () => Promise.resolve({ ok: false, error: { code: 'runtime-unavailable', message: 'cannot reach the engine' } } as Result<WorkloadInfo[]>) });
    const store = createDeskStore();
    connectBridge(api, store);
    await settle();
    expect(store.getState().loadError).toBe('cannot reach the engine');
  });

  test('events replace and remove workloads with a new Map each time', async () => {
    const api = createFakeApi({ workloads: [workload({ name: 'a' }), workload({ name: 'b' })] });
    const store = createDeskStore();
    connectBridge(api, store);
    await settle();
    const before = store.getState().workloads;
    api.emit('workloads:changed', workload({ name: 'a', status: 'stopping' }));
    const afterChange = store.getState().workloads;
    expect(afterChange).not.toBe(before);
    expect(before.get('a')?.status).toBe('running');
    expect(afterChange.get('a')?.status).toBe('stopping');
    api.emit('workloads:removed', { name: 'b' });
    expect(store.getState().workloads.has('b')).toBe(false);
    expect(afterChange.has('b')).toBe(true);
  });

  test('a removed workload leaves the selection', async () => {
    const api = createFakeApi({ workloads: [workload({ name: 'a' }), workload({ name: 'b' })] });
    const store = createDeskStore();
    connectBridge(api, store);
    await settle();
    store.getState().setSelected(['a', 'b']);
    api.emit('workloads:removed', { name: 'a' });
    expect([...store.getState().selected]).toEqual(['b']);
  });

  test('an event that arrives while the list is in flight is not overwritten by the older list', async () => {
    let answer!: (result: Result<WorkloadInfo[]>) => void;
    const api = createFakeApi({ list: () => new Promise((resolve) => (answer = resolve)) });
    const store = createDeskStore();
    connectBridge(api, store);
    api.emit('workloads:changed', workload({ name: 'a', status: 'stopped' }));
    api.emit('workloads:removed', { name: 'b' });
    answer({ ok: true, data: [workload({ name: 'a', status: 'running' }), workload({ name: 'b' }), workload({ name: 'c' })] });
    await settle();
    const { workloads } = store.getState();
    expect(workloads.get('a')?.status).toBe('stopped');
    expect(workloads.has('b')).toBe(false);
    expect(workloads.has('c')).toBe(true);
  });

  test('engine:changed events replace the engine state, and disconnecting unsubscribes', async () => {
    const api = createFakeApi();
    const store = createDeskStore();
    const disconnect = connectBridge(api, store);
    await settle();
    api.emit('engine:changed', { available: false, message: 'engine stopped' });
    expect(store.getState().engine?.available).toBe(false);
    disconnect();
    expect(api.listenerCount('workloads:changed') + api.listenerCount('workloads:removed') + api.listenerCount('engine:changed')).toBe(0);
  });
});
