import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { Result } from '../../../shared/contract';
import type { Settings } from '../../../shared/settings';
import { workload, type FakeApi, type FakeApiOptions } from './fake-api';
import { renderDesk, renderView } from './render-view';

// Testing Library cleans up by itself only where vitest globals are on; they are not here.
afterEach(cleanup);
beforeEach(() => window.history.replaceState(null, '', '/'));

const toggle = () => screen.getByRole('checkbox', { name: 'Stop all workloads on quit' }) as HTMLInputElement;

/** Like renderView, but lets the test change the fake api before the bridge first calls it. */
async function renderViewWith(options: FakeApiOptions, prepare: (api: FakeApi) => void): Promise<FakeApi> {
  return (await renderDesk(options, { prepare })).api;
}

/** A settings.set answer the test settles itself. */
function deferredSet(api: FakeApi) {
  let settle: (result: Result<Settings>) => void = () => undefined;
  vi.mocked(api.settings.set).mockImplementationOnce(() => new Promise((resolve) => (settle = resolve)));
  return (result: Result<Settings>) => settle(result);
}

describe('stop all workloads on quit', () => {
  test('shows the saved setting', async () => {
    await renderView({ workloads: [workload({ name: 'fetch' })], settings: { stopAllOnQuit: true } });
    expect(toggle().checked).toBe(true);
    expect(toggle().disabled).toBe(false);
  });

  test('is disabled until main says what the setting is, then shows it', async () => {
    const api = await renderViewWith({}, (fake) => vi.mocked(fake.settings.get).mockImplementation(() => new Promise(() => {})));
    expect(toggle().disabled).toBe(true);
    expect(toggle().checked).toBe(false);
    act(() => api.emit('settings:changed', { stopAllOnQuit: true }));
    expect(toggle().disabled).toBe(false);
    expect(toggle().checked).toBe(true);
  });

  test('stays disabled when the settings cannot be read', async () => {
    await renderViewWith({}, (fake) => vi.mocked(fake.settings.get).mockResolvedValue({ ok: false, error: { code: 'corrupt-state', message: 'settings.json is not valid JSON' } }));
    expect(toggle().disabled).toBe(true);
  });

  test('ticking it saves the setting, and it stays ticked', async () => {
    const api = await renderView({ settings: { stopAllOnQuit: false } });
    await act(async () => fireEvent.click(toggle()));
    expect(api.settings.set).toHaveBeenCalledWith({ stopAllOnQuit: true });
    expect(toggle().checked).toBe(true);
    await act(async () => fireEvent.click(toggle()));
    expect(api.settings.set).toHaveBeenLastCalledWith({ stopAllOnQuit: false });
    expect(toggle().checked).toBe(false);
  });

  test('shows the new value while it is saved, and takes no second click until then', async () => {
    const api = await renderView({ settings: { stopAllOnQuit: false } });
    const settle = deferredSet(api);
    await act(async () => fireEvent.click(toggle()));
    expect(toggle().checked).toBe(true);
    expect(toggle().disabled).toBe(true);
    await act(async () => settle({ ok: true, data: { stopAllOnQuit: true } }));
    expect(toggle().checked).toBe(true);
    expect(toggle().disabled).toBe(false);
    expect(api.settings.set).toHaveBeenCalledTimes(1);
  });

  test('a refusal puts the old value back and says why', async () => {
    const api = await renderView({ settings: { stopAllOnQuit: false } });
    vi.mocked(api.settings.set).mockResolvedValueOnce({ ok: false, error: { code: 'internal', message: 'EACCES: permission denied, open settings.json' } });
    await act(async () => fireEvent.click(toggle()));
    expect(toggle().checked).toBe(false);
    expect(toggle().disabled).toBe(false);
    expect(screen.getByRole('alert').textContent).toContain('failed to save "Stop all workloads on quit": EACCES: permission denied, open settings.json');
  });

  test('a request that never reaches main puts the old value back and says why', async () => {
    const api = await renderView({ settings: { stopAllOnQuit: true } });
    vi.mocked(api.settings.set).mockRejectedValueOnce(new Error('the main process is gone'));
    await act(async () => fireEvent.click(toggle()));
    expect(toggle().checked).toBe(true);
    expect(screen.getByRole('alert').textContent).toContain('the main process is gone');
  });

  test('a change made elsewhere (another window, the settings file) shows without a click', async () => {
    const api = await renderView({ settings: { stopAllOnQuit: false } });
    act(() => api.emit('settings:changed', { stopAllOnQuit: true }));
    expect(toggle().checked).toBe(true);
    expect(api.settings.set).not.toHaveBeenCalled();
  });
});
