// Electron's binary cannot run here, so `electron` is mocked: ipcMain records the handlers that
// bindIpc registers, and the tests call them as Electron would.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const handlers = new Map<string, (event: unknown, payload: unknown) => Promise<unknown>>();
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: (event: unknown, payload: unknown) => Promise<unknown>) => handlers.set(channel, fn),
    removeHandler: (channel: string) => handlers.delete(channel),
  },
}));

const { answerRequest, bindIpc, pushEvent, trustRendererFrame } = await import('../../../electron/app/ipc');
const { EVENT_CHANNELS, REQUEST_CHANNELS } = await import('../../../shared/contract');

const INDEX = '/opt/mcpdesk/dist/renderer/index.html';
const ourFrame = { url: `file://${INDEX}`, parent: null };

function setup() {
  const handler = vi.fn(async () => ({ ok: true as const, data: 'answered' }));
  const unbind = bindIpc({ handler, isTrustedSender: trustRendererFrame(INDEX) });
  const call = (channel: string, payload: unknown, senderFrame: unknown = ourFrame) => {
    const fn = handlers.get(channel);
    if (!fn) throw new Error(`no handler for ${channel}`);
    return fn({ senderFrame }, payload);
  };
  return { handler, unbind, call };
}

beforeEach(() => handlers.clear());

describe('bindIpc', () => {
  it('registers exactly the contract request channels and unbinds them', () => {
    const { unbind } = setup();
    expect([...handlers.keys()].sort()).toEqual([...REQUEST_CHANNELS].sort());
    unbind();
    expect(handlers.size).toBe(0);
  });

  it('passes a good request from our renderer to the handler, with defaults filled in', async () => {
    const { handler, call } = setup();
    await expect(call('workloads:stop', { names: ['fetch'] })).resolves.toEqual({ ok: true, data: 'answered' });
    await call('workloads:list', {});
    expect(handler).toHaveBeenNthCalledWith(1, 'workloads:stop', { names: ['fetch'] });
    expect(handler).toHaveBeenNthCalledWith(2, 'workloads:list', { all: true });
  });

  const bad: [string, string, unknown][] = [
    ['a wrong type', 'workloads:get', { name: 42 }],
    ['a missing field', 'workloads:get', {}],
    ['no payload', 'workloads:stop', undefined],
    ['a string payload', 'workloads:stop', 'fetch'],
    ['an empty names list', 'workloads:stop', { names: [] }],
    ['an unknown field', 'workloads:get', { name: 'fetch', extra: true }],
    ['a 1 MB name', 'workloads:get', { name: 'x'.repeat(1024 * 1024) }],
    ['a 1 MB env value', 'workloads:run', { name: 'a', image: 'i', transport: 'stdio', env: { K: 'v'.repeat(1024 * 1024) } }],
    ['a __proto__ key', 'workloads:get', JSON.parse('{"name":"fetch","__proto__":{"polluted":true}}')],
    ['a nested __proto__ key', 'workloads:run', JSON.parse('{"name":"a","image":"i","transport":"stdio","env":{"__proto__":"x"}}')],
    ['a constructor key', 'workloads:run', { name: 'a', image: 'i', transport: 'stdio', labels: { constructor: 'x' } }],
    ['a prototype key', 'workloads:get', { name: 'fetch', prototype: {} }],
    ['a bad transport', 'workloads:run', { name: 'a', image: 'i', transport: 'carrier-pigeon' }],
    ['a negative tail', 'workloads:logs', { name: 'a', tail: -1 }],
    ['a deeply nested payload', 'workloads:get', JSON.parse(`${'{"a":'.repeat(100)}1${'}'.repeat(100)}`)],
  ];
  it.each(bad)('refuses %s with invalid-input and never calls the handler', async (_what, channel, payload) => {
    const { handler, call } = setup();
    const result = (await call(channel, payload)) as { ok: boolean; error: { code: string } };
    expect(result.ok).toBe(false);
    expect(result.error.code).toBe('invalid-input');
    expect(handler).not.toHaveBeenCalled();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  const foreign: [string, unknown][] = [
    ['no sender frame', null],
    ['a web page', { url: 'https://evil.example/index.html', parent: null }],
    ['another local file', { url: 'file:///tmp/index.html', parent: null }],
    ['an iframe inside our page', { url: `file://${INDEX}`, parent: { url: `file://${INDEX}` } }],
    ['a data URL', { url: 'data:text/html,<script></script>', parent: null }],
    ['a frame without a URL', { url: '', parent: null }],
  ];
  it.each(foreign)('refuses a request from %s', async (_what, frame) => {
    const { handler, call } = setup();
    await expect(call('workloads:list', {}, frame)).resolves.toEqual({
      ok: false,
      error: { code: 'invalid-input', message: 'refused: request from an untrusted frame' },
    });
    expect(handler).not.toHaveBeenCalled();
  });

  it('accepts our index.html with a hash or query', async () => {
    const { handler, call } = setup();
    await call('engine:status', {}, { url: `file://${INDEX}#/workloads?x=1`, parent: null });
    expect(handler).toHaveBeenCalledOnce();
  });
});

describe('answerRequest', () => {
  it.each(['workloads:explode', '__proto__', 'constructor', '', 42])('refuses the unknown channel %j', async (channel) => {
    const handler = vi.fn();
    const result = await answerRequest({ handler, isTrustedSender: () => true }, channel, ourFrame, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(handler).not.toHaveBeenCalled();
  });

  it('turns a throwing handler into an internal error instead of a rejected invoke', async () => {
    const handler = vi.fn(async () => {
      throw new Error('boom');
    });
    await expect(answerRequest({ handler, isTrustedSender: () => true }, 'engine:status', ourFrame, {})).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: 'boom' },
    });
  });
});

describe('trustRendererFrame', () => {
  it('accepts the dev server origin only when one is given', () => {
    expect(trustRendererFrame(INDEX)({ url: 'http://localhost:5173/', parent: null })).toBe(false);
    const trust = trustRendererFrame(INDEX, 'http://localhost:5173');
    expect(trust({ url: 'http://localhost:5173/index.html', parent: null })).toBe(true);
    expect(trust({ url: 'http://localhost:5174/', parent: null })).toBe(false);
  });
});

describe('pushEvent', () => {
  it('sends a contract event to a live window', () => {
    const send = vi.fn();
    pushEvent({ send, isDestroyed: () => false }, 'workloads:removed', { name: 'fetch' });
    expect(send).toHaveBeenCalledWith('workloads:removed', { name: 'fetch' });
    expect(EVENT_CHANNELS).toContain('workloads:removed');
  });

  it('skips a destroyed window and an event outside the contract', () => {
    const send = vi.fn();
    pushEvent({ send, isDestroyed: () => true }, 'workloads:removed', { name: 'fetch' });
    pushEvent({ send, isDestroyed: () => false }, 'workloads:exploded' as 'workloads:removed', { name: 'fetch' });
    expect(send).not.toHaveBeenCalled();
  });
});
