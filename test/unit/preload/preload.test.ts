// Electron's binary cannot run here, so `electron` is mocked: contextBridge records what the
// preload exposes and ipcRenderer records invokes and listeners.
import { describe, expect, it, vi } from 'vitest';

const exposed = new Map<string, unknown>();
const listeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>();
const invoke = vi.fn(async (channel: string, input: unknown) => ({ ok: true, data: { channel, input } }));
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: {
    invoke: (channel: string, input: unknown) => invoke(channel, input),
    on: (channel: string, fn: (event: unknown, payload: unknown) => void) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)?.add(fn);
    },
    removeListener: (channel: string, fn: (event: unknown, payload: unknown) => void) => listeners.get(channel)?.delete(fn),
  },
}));

await import('../../../electron/preload/index');
const { buildApi, REQUEST_CHANNELS } = await import('../../../shared/contract');
type Api = import('../../../shared/contract').McpDeskApi;
type EventChannel = import('../../../shared/contract').EventChannel;
const api = exposed.get('mcpdesk') as Api;

/** The API's shape as paths to functions: `workloads.stop`, `on`, ... */
function shape(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, v]) => (typeof v === 'function' ? [`${prefix}${key}`] : shape(v as object, `${prefix}${key}.`))).sort();
}

describe('preload', () => {
  it('exposes only window.mcpdesk', () => {
    expect([...exposed.keys()]).toEqual(['mcpdesk']);
  });

  it('exposes exactly the functions of the contract API', () => {
    const reference = buildApi(async () => ({ ok: true, data: null }), () => () => undefined);
    expect(shape(api)).toEqual(shape(reference));
    expect(shape(api)).toHaveLength(REQUEST_CHANNELS.length + 1);
  });

  it('sends a request on its contract channel', async () => {
    await expect(api.workloads.stop({ names: ['fetch'] })).resolves.toEqual({ ok: true, data: { channel: 'workloads:stop', input: { names: ['fetch'] } } });
    expect(invoke).toHaveBeenLastCalledWith('workloads:stop', { names: ['fetch'] });
  });

  it('delivers event payloads without the Electron event object, and unsubscribes', () => {
    const seen: unknown[] = [];
    const off = api.on('workloads:removed', (payload) => seen.push(payload));
    for (const fn of listeners.get('workloads:removed') ?? []) fn({ sender: 'secret' }, { name: 'fetch' });
    expect(seen).toEqual([{ name: 'fetch' }]);
    off();
    expect(listeners.get('workloads:removed')?.size).toBe(0);
  });

  it.each(['workloads:exploded', '__proto__', 'ipc-message', ''])('refuses to subscribe to the unknown event %j', (event) => {
    expect(() => api.on(event as EventChannel, () => undefined)).toThrow(/unknown event/);
    expect(listeners.has(event)).toBe(false);
  });
});
