import { describe, expect, it } from 'vitest';
import { createRequestHandler } from '../../../electron/core/service/request-handler';
import { RuntimeUnavailableError } from '../../../electron/core/runtime/errors';
import { WorkloadNotFoundError } from '../../../electron/core/state/errors';
import { TransitionLog } from '../../../electron/core/state/transition-log';
import type { Runtime } from '../../../electron/core/runtime/runtime';
import type { WorkloadManager } from '../../../electron/core/workloads/workload-manager';
import type { Settings } from '../../../shared/settings';

/** A WorkloadManager stand-in that records its calls (an injected seam, not a module mock). */
function fakeManager(calls: unknown[][]): WorkloadManager {
  return {
    list: async (options: unknown) => (calls.push(['list', options]), []),
    get: async (name: string) => {
      calls.push(['get', name]);
      throw new WorkloadNotFoundError(name);
    },
    stop: async (names: string[]) => (calls.push(['stop', names]), [{ name: names[0], ok: true, value: 'stopped' }, { name: names[1], ok: false, error: new WorkloadNotFoundError(names[1]!) }]),
  } as unknown as WorkloadManager;
}

const downRuntime = (): Runtime => {
  throw new RuntimeUnavailableError('no container engine found (tried unix:///var/run/docker.sock)', ['unix:///var/run/docker.sock']);
};

/** A handler over the fake manager, with log followers and settings that record their calls too. */
function handlerOver(manager: WorkloadManager, calls: unknown[][] = []) {
  let settings: Settings = { stopAllOnQuit: false };
  return createRequestHandler({
    manager,
    runtime: downRuntime,
    transitions: new TransitionLog('/nonexistent'),
    logs: {
      follow: async (...args) => void calls.push(['follow', ...args]),
      unfollow: (id) => void calls.push(['unfollow', id]),
    },
    settings: {
      read: async () => settings,
      update: async (changes) => (calls.push(['settings', changes]), (settings = { ...settings, ...changes })),
    },
  });
}

describe('the core request handler', () => {
  it('refuses a bad payload before calling the core', async () => {
    const calls: unknown[][] = [];
    const handle = handlerOver(fakeManager(calls));
    const result = await handle('workloads:stop', { names: [{ toString: 'x' }] });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(calls).toEqual([]);
  });

  it('refuses a workload name that breaks the rules before any read', async () => {
    const calls: unknown[][] = [];
    const handle = handlerOver(fakeManager(calls));
    for (const name of ['../etc', '..', 'a/b']) {
      const result = await handle('workloads:get', { name });
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/^invalid workload name /) } });
    }
    expect(await handle('logs:follow', { id: 'f', name: '../x' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(calls).toEqual([]);
  });

  it('answers with data, per-item batch results, and coded errors', async () => {
    const calls: unknown[][] = [];
    const handle = handlerOver(fakeManager(calls));
    expect(await handle('workloads:list', {})).toEqual({ ok: true, data: [] });
    expect(await handle('workloads:stop', { names: ['a', 'b'] })).toEqual({
      ok: true,
      data: [
        { name: 'a', ok: true },
        { name: 'b', ok: false, error: { code: 'not-found', message: 'workload "b" not found' } },
      ],
    });
    expect(await handle('workloads:get', { name: 'ghost' })).toEqual({ ok: false, error: { code: 'not-found', message: 'workload "ghost" not found' } });
    expect(calls).toEqual([['list', { all: true }], ['stop', ['a', 'b']], ['get', 'ghost']]);
  });

  it('says what to do when the engine is not running', async () => {
    const handle = handlerOver(fakeManager([]));
    const result = await handle('engine:status', {});
    expect(result).toMatchObject({ ok: true, data: { available: false } });
    expect((result as { data: { message: string } }).data.message).toMatch(/no container engine found .*Start Docker/);
  });

  it('follows logs under the caller\'s id with the defaults filled in, and changes only the settings given', async () => {
    const calls: unknown[][] = [];
    const handle = handlerOver(fakeManager([]), calls);
    expect(await handle('logs:follow', { id: 'f1', name: 'fetch' })).toEqual({ ok: true, data: null });
    expect(await handle('logs:follow', { id: '', name: 'fetch' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await handle('logs:unfollow', { id: 'f1' })).toEqual({ ok: true, data: null });
    expect(await handle('settings:set', { stopAllOnQuit: true })).toEqual({ ok: true, data: { stopAllOnQuit: true } });
    expect(await handle('settings:set', { stopAllOnQuit: 'yes' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await handle('settings:get', {})).toEqual({ ok: true, data: { stopAllOnQuit: true } });
    expect(calls).toEqual([['follow', 'f1', 'fetch', 'container', 500], ['unfollow', 'f1'], ['settings', { stopAllOnQuit: true }]]);
  });
});
