import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { RequestInput } from '../../../shared/contract';
import { type DeskStore } from '../../../renderer/store/desk-store';
import { workload, type FakeApi, type FakeApiOptions } from './fake-api';
import { renderDesk } from './render-view';

// Testing Library cleans up by itself only where vitest globals are on; they are not here.
afterEach(cleanup);
beforeEach(() => window.history.replaceState(null, '', '/'));

const fetchRow = workload({ name: 'fetch' });
const remoteRow = workload({ name: 'docs', kind: 'remote', image: undefined, remoteUrl: 'https://mcp.example.com/mcp' });

/** The whole view over a fresh store fed by the bridge, with the details of `name` shown. */
async function showDetails(name: string, options: FakeApiOptions = {}): Promise<{ api: FakeApi; store: DeskStore }> {
  const { api, store } = await renderDesk({ workloads: [fetchRow, remoteRow], ...options });
  await act(async () => fireEvent.click(screen.getByRole('button', { name: `Details of ${name}` })));
  return { api, store };
}

const pane = (name = 'fetch') => within(screen.getByRole('complementary', { name: `Details of ${name}` }));
const logs = (name = 'fetch') => within(pane(name).getByRole('region', { name: 'Logs' }));
const logText = (name = 'fetch') => logs(name).getByRole('log', { name: `Logs of ${name}` }).textContent;
const follows = (api: FakeApi): RequestInput<'logs:follow'>[] => vi.mocked(api.logs.follow).mock.calls.map(([input]) => input);
const lastId = (api: FakeApi): string => follows(api).at(-1)!.id;

/** Lets the panel's next animation frame run (it renders new log text at most once per frame). */
async function nextFrame(): Promise<void> {
  await act(() => new Promise<void>((resolve) => requestAnimationFrame(() => resolve())));
}

async function push(api: FakeApi, id: string, text: string): Promise<void> {
  act(() => api.emit('logs:appended', { id, text }));
  await nextFrame();
}

describe('the logs section of the details pane', () => {
  test('follows the container log of the shown workload under a fresh id, and shows the text pushed for that id', async () => {
    const { api } = await showDetails('fetch');
    expect(follows(api)).toEqual([{ id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: 'fetch', source: 'container', tail: 500 }]);
    expect(logs().getByRole('button', { name: 'Container' }).getAttribute('aria-pressed')).toBe('true');
    expect(logs().getByRole('button', { name: 'Proxy' }).getAttribute('aria-pressed')).toBe('false');
    expect(logs().getByText('No log lines yet.')).toBeTruthy();

    await push(api, lastId(api), 'fixture: serving MCP on stdio\nsecond ');
    await push(api, 'someone-elses-follow', 'not this log\n');
    await push(api, lastId(api), 'line\n');
    expect(logText()).toBe('fixture: serving MCP on stdio\nsecond line');
    expect(logs().getByText('2 lines')).toBeTruthy();
    expect(logs().queryByText('No log lines yet.')).toBeNull();
  });

  test('search shows only the matching lines, ignoring case, with a count; clearing it shows everything', async () => {
    const { api } = await showDetails('fetch');
    const lines = Array.from({ length: 120 }, (_, i) => (i % 40 === 7 ? `request ${i} failed: ERROR timeout` : `request ${i} ok`));
    await push(api, lastId(api), `${lines.join('\n')}\n`);
    expect(logs().getByText('120 lines')).toBeTruthy();

    fireEvent.change(logs().getByRole('searchbox', { name: 'Search logs' }), { target: { value: 'Error' } });
    expect(logText()).toBe('request 7 failed: ERROR timeout\nrequest 47 failed: ERROR timeout\nrequest 87 failed: ERROR timeout');
    expect(logs().getByText('3 of 120 lines')).toBeTruthy();

    fireEvent.change(logs().getByRole('searchbox', { name: 'Search logs' }), { target: { value: '' } });
    expect(logText()).toBe(lines.join('\n'));
    expect(logs().getByText('120 lines')).toBeTruthy();
  });

  test('a stopped container shows why the log paused, and the message goes when text comes again', async () => {
    const { api } = await showDetails('fetch');
    await push(api, lastId(api), 'before the stop\n');
    act(() => api.emit('logs:paused', { id: lastId(api), message: 'the container stopped; the log goes on when it runs again', final: false }));
    await nextFrame();
    expect(logs().getByRole('status').textContent).toBe('the container stopped; the log goes on when it runs again');

    await push(api, lastId(api), 'after the restart\n');
    expect(logs().getByRole('status').textContent).toBe('');
    expect(logText()).toBe('before the stop\nafter the restart');
  });

  test('a final pause stays on screen', async () => {
    const { api } = await showDetails('fetch');
    act(() => api.emit('logs:paused', { id: lastId(api), message: 'workload "fetch" was removed', final: true }));
    await nextFrame();
    expect(logs().getByRole('status').textContent).toBe('workload "fetch" was removed');
  });

  test("switching to the proxy's log unfollows the old id and follows anew; late text of the old id is not shown", async () => {
    const { api } = await showDetails('fetch');
    const containerId = lastId(api);
    await push(api, containerId, 'container line\n');

    await act(async () => fireEvent.click(logs().getByRole('button', { name: 'Proxy' })));
    expect(api.logs.unfollow).toHaveBeenCalledWith({ id: containerId });
    expect(follows(api)).toHaveLength(2);
    expect(follows(api)[1]).toEqual({ id: expect.any(String), name: 'fetch', source: 'proxy', tail: 500 });
    expect(lastId(api)).not.toBe(containerId);
    expect(logs().getByRole('button', { name: 'Proxy' }).getAttribute('aria-pressed')).toBe('true');
    expect(logText()).toBe('');

    await push(api, containerId, 'late container line\n');
    await push(api, lastId(api), 'proxy line\n');
    expect(logText()).toBe('proxy line');
  });

  test('a remote workload has only the proxy log', async () => {
    const { api } = await showDetails('docs');
    expect(logs('docs').queryByRole('button', { name: 'Container' })).toBeNull();
    expect(logs('docs').getByRole('button', { name: 'Proxy' }).getAttribute('aria-pressed')).toBe('true');
    expect(follows(api)).toEqual([{ id: expect.any(String), name: 'docs', source: 'proxy', tail: 500 }]);
  });

  test('closing the pane unfollows; showing another workload unfollows the first', async () => {
    const { api } = await showDetails('fetch');
    const fetchId = lastId(api);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Details of docs' })));
    expect(api.logs.unfollow).toHaveBeenCalledWith({ id: fetchId });
    const docsId = lastId(api);
    expect(follows(api).at(-1)).toMatchObject({ name: 'docs', source: 'proxy' });

    await act(async () => fireEvent.click(pane('docs').getByRole('button', { name: 'Close' })));
    expect(api.logs.unfollow).toHaveBeenCalledWith({ id: docsId });
    expect(api.logs.unfollow).toHaveBeenCalledTimes(2);
  });

  test('the log stays at the bottom as lines arrive, unless the user scrolled up', async () => {
    const { api } = await showDetails('fetch');
    const log = logs().getByRole('log');
    // happy-dom lays nothing out: give the log a size, a scrolled height and a settable position.
    let top = 0;
    Object.defineProperty(log, 'clientHeight', { configurable: true, get: () => 100 });
    Object.defineProperty(log, 'scrollHeight', { configurable: true, get: () => 1_000 });
    Object.defineProperty(log, 'scrollTop', { configurable: true, get: () => top, set: (value: number) => void (top = Math.min(value, 900)) });

    await push(api, lastId(api), 'one\n');
    expect(top).toBe(900);

    top = 300;
    fireEvent.scroll(log);
    await push(api, lastId(api), 'two\n');
    expect(top).toBe(300);

    top = 900;
    fireEvent.scroll(log);
    await push(api, lastId(api), 'three\n');
    expect(top).toBe(900);
    top = 895;
    await push(api, lastId(api), 'four\n');
    expect(top).toBe(900);
  });

  test("a follow the core refuses shows the core's message instead of an empty log", async () => {
    await showDetails('fetch', { follow: () => Promise.resolve({ ok: false, error: { code: 'not-found', message: 'workload "fetch" not found' } }) });
    await nextFrame();
    expect(logs().getByText('Could not follow the log: workload "fetch" not found')).toBeTruthy();
    expect(logs().queryByText('No log lines yet.')).toBeNull();
  });

  test('a burst of 6,000 lines shows on the next frame, not line by line, and keeps the last 5,000', async () => {
    const { api } = await showDetails('fetch');
    const id = lastId(api);
    act(() => {
      for (let i = 1; i <= 6_000; i++) api.emit('logs:appended', { id, text: `line ${i}\n` });
    });
    // Nothing is drawn per line: the log changes once, on the next animation frame.
    expect(logText()).toBe('');
    await nextFrame();
    const shown = logText()!.split('\n');
    expect(shown).toHaveLength(5_000);
    expect(shown[0]).toBe('line 1001');
    expect(shown.at(-1)).toBe('line 6000');
    expect(logs().getByText('5000 lines (the last 5,000; older lines were dropped)')).toBeTruthy();
  });
});

describe('the details pane header', () => {
  test('Update… opens the update dialog for the shown workload', async () => {
    const { store } = await showDetails('fetch');
    const buttons = pane().getAllByRole('button').map((b) => b.textContent);
    expect(buttons.indexOf('Update…')).toBe(buttons.indexOf('Close') - 1);
    fireEvent.click(pane().getByRole('button', { name: 'Update…' }));
    expect(store.getState().updateDialogName).toBe('fetch');
  });
});
