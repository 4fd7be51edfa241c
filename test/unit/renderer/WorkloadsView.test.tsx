import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { BatchItem, Result } from '../../../shared/contract';
import { workload, type FakeApi, type FakeApiOptions } from './fake-api';
import { renderView as renderFreshView } from './render-view';

// Testing Library cleans up by itself only where vitest globals are on; they are not here.
afterEach(cleanup);
beforeEach(() => window.history.replaceState(null, '', '/'));

const fleet = [
  workload({ name: 'fetch', status: 'running', transport: 'stdio', group: 'dev', labels: { team: 'backend' } }),
  workload({ name: 'github', status: 'stopped', transport: 'sse', group: 'dev', labels: { team: 'frontend' } }),
  workload({ name: 'notion', kind: 'remote', status: 'error', transport: 'streamable-http', image: undefined, remoteUrl: 'https://mcp.notion.com/mcp', labels: { team: 'backend' } }),
  workload({ name: 'time', status: 'unhealthy', transport: 'sse', group: 'prod' }),
];

/** The view over a fresh store fed from a fake api holding `fleet` by default. */
const renderView = (options: FakeApiOptions = { workloads: fleet }): Promise<FakeApi> => renderFreshView(options);

const rowNames = () => screen.queryAllByRole('row').flatMap((row) => row.getAttribute('data-workload') ?? []);
const rowOf = (name: string) => screen.getAllByRole('row').find((row) => row.getAttribute('data-workload') === name)!;
const typeFilter = (text: string) => fireEvent.change(screen.getByLabelText('Filter workloads'), { target: { value: text } });

describe('workloads table', () => {
  test('shows a row per workload with its columns', async () => {
    await renderView();
    expect(rowNames()).toEqual(['fetch', 'github', 'notion', 'time']);
    const row = within(rowOf('fetch'));
    expect(row.getByText('http://127.0.0.1:40000/mcp')).toBeTruthy();
    expect(row.getByText('team=backend')).toBeTruthy();
    expect(row.getByText('example/fetch:latest')).toBeTruthy();
    expect(row.getByText('dev')).toBeTruthy();
    expect(within(rowOf('notion')).getByText('https://mcp.notion.com/mcp')).toBeTruthy();
  });

  test('renders only a window of rows out of 1,000, and scrolling moves the window', async () => {
    const many = Array.from({ length: 1000 }, (_, i) => workload({ name: `server-${String(i).padStart(4, '0')}`, port: 20_000 + i }));
    await renderView({ workloads: many });
    const first = rowNames();
    expect(first.length).toBeGreaterThan(10);
    expect(first.length).toBeLessThan(60);
    expect(first[0]).toBe('server-0000');
    expect(screen.getByRole('table').getAttribute('aria-rowcount')).toBe('1001');

    const scroller = document.querySelector('.table-scroll')!;
    act(() => {
      scroller.scrollTop = 36 * 500;
      fireEvent.scroll(scroller);
    });
    const after = rowNames();
    expect(after).toContain('server-0500');
    expect(after).not.toContain('server-0000');
    expect(after.length).toBeLessThan(60);
  });

  test('a status badge shows the word and a colour class for the state', async () => {
    await renderView();
    const running = within(rowOf('fetch')).getByText('running');
    expect(running.className).toContain('status-running');
    const error = within(rowOf('notion')).getByText('error');
    expect(error.className).toContain('status-error');
  });

  test('the copy button puts the URL on the clipboard', async () => {
    const copied: string[] = [];
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: (text: string) => (copied.push(text), Promise.resolve()) } });
    await renderView();
    await act(async () => fireEvent.click(screen.getByLabelText('Copy URL of fetch')));
    expect(copied).toEqual(['http://127.0.0.1:40000/mcp']);
    expect(within(rowOf('fetch')).getByText('Copied')).toBeTruthy();
  });

  test('a pushed workloads:changed event updates the row without a reload', async () => {
    const api = await renderView();
    expect(within(rowOf('github')).getByText('stopped')).toBeTruthy();
    act(() => api.emit('workloads:changed', { ...fleet[1]!, status: 'starting' }));
    expect(within(rowOf('github')).getByText('starting')).toBeTruthy();
    expect(api.workloads.list).toHaveBeenCalledTimes(1);
  });

  test('a pushed workloads:removed event takes the row away', async () => {
    const api = await renderView();
    act(() => api.emit('workloads:removed', { name: 'time' }));
    expect(rowNames()).toEqual(['fetch', 'github', 'notion']);
  });
});

describe('filter bar', () => {
  test.each([
    ['team=backend', ['fetch', 'notion']],
    ['status=running', ['fetch']],
    ['transport=sse', ['github', 'time']],
    ['group=dev', ['fetch', 'github']],
    ['NOTION.com', ['notion']],
    ['git', ['github']],
  ])('%j shows %j', async (text, expected) => {
    await renderView();
    typeFilter(text);
    expect(rowNames()).toEqual(expected);
  });

  test('status=sleeping shows its error and hides nothing', async () => {
    await renderView();
    typeFilter('status=sleeping');
    expect(screen.getByRole('alert').textContent).toContain('status must be one of starting, running');
    expect(rowNames()).toEqual(['fetch', 'github', 'notion', 'time']);
  });

  test('the filter is written to the URL hash and read back from it on load', async () => {
    await renderView();
    typeFilter('group=dev');
    expect(decodeURIComponent(window.location.hash)).toBe('#filter=group=dev');
    cleanup();
    await renderView();
    expect((screen.getByLabelText('Filter workloads') as HTMLInputElement).value).toBe('group=dev');
    expect(rowNames()).toEqual(['fetch', 'github']);
  });

  test('a filter that matches nothing says so', async () => {
    await renderView();
    typeFilter('no-such-server');
    expect(screen.getByText('No workload matches the filter.')).toBeTruthy();
  });
});

describe('batch actions', () => {
  test('Stop calls the api with the selected names and shows each result', async () => {
    const api = await renderView({
      workloads: fleet,
      batch: (names) =>
        Promise.resolve<Result<BatchItem[]>>({
          ok: true,
          data: names.map((name) => (name === 'notion' ? { name, ok: false, error: { code: 'transition-refused', message: 'cannot stop workload "notion": it is in error' } } : { name, ok: true })),
        }),
    });
    fireEvent.click(screen.getByLabelText('Select fetch'));
    fireEvent.click(screen.getByLabelText('Select notion'));
    expect(screen.getByText('2 selected')).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Stop' })));
    expect(api.workloads.stop).toHaveBeenCalledWith({ names: ['fetch', 'notion'] });
    const results = within(screen.getByRole('status', { name: 'Stop results' }));
    expect(results.getByText('fetch: ok')).toBeTruthy();
    expect(results.getByText('notion: cannot stop workload "notion": it is in error')).toBeTruthy();
  });

  test('a refused request shows the core message', async () => {
    await renderView({ workloads: fleet, batch: () => Promise.resolve({ ok: false, error: { code: 'runtime-unavailable', message: 'the container engine does not answer' } }) });
    fireEvent.click(screen.getByLabelText('Select fetch'));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Restart' })));
    expect(screen.getByText('Restart refused: the container engine does not answer')).toBeTruthy();
  });

  test('Delete asks for confirmation before calling the api', async () => {
    const api = await renderView();
    fireEvent.click(screen.getByLabelText('Select all shown workloads'));
    expect(screen.getByText('4 selected')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    expect(api.workloads.delete).not.toHaveBeenCalled();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Yes, delete' })));
    expect(api.workloads.delete).toHaveBeenCalledWith({ names: ['fetch', 'github', 'notion', 'time'] });
  });

  test('buttons are disabled while nothing is selected', async () => {
    await renderView();
    expect((screen.getByRole('button', { name: 'Stop' }) as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('view states', () => {
  test('the engine-down state says Docker is not running, why, and what to do', async () => {
    await renderView({ workloads: fleet, engine: { available: false, message: 'connect ENOENT /var/run/docker.sock' } });
    const banner = within(screen.getByRole('alert'));
    expect(banner.getByText('Docker is not running')).toBeTruthy();
    expect(banner.getByText('connect ENOENT /var/run/docker.sock')).toBeTruthy();
    expect(banner.getByText('sudo systemctl start docker')).toBeTruthy();
    expect(rowNames()).toHaveLength(4);
  });

  test('an engine coming back removes the banner', async () => {
    const api = await renderView({ workloads: fleet, engine: { available: false } });
    expect(screen.getByText('Docker is not running')).toBeTruthy();
    act(() => api.emit('engine:changed', { available: true }));
    expect(screen.queryByText('Docker is not running')).toBeNull();
  });

  test('shows loading until the list answers', async () => {
    await renderView({ list: () => new Promise(() => {}) });
    expect(screen.getByText('Loading workloads…')).toBeTruthy();
  });

  test('a failed list shows its message', async () => {
    await renderView({ list: () => Promise.resolve({ ok: false, error: { code: 'corrupt-state', message: 'state/fetch.json is not valid JSON' } }) });
    expect(screen.getByRole('alert').textContent).toBe('Could not list workloads: state/fetch.json is not valid JSON');
  });

  test('no workloads at all says how to run one', async () => {
    await renderView({ workloads: [] });
    expect(screen.getByText(/No workloads yet/)).toBeTruthy();
  });
});

describe('broken rows', () => {
  const broken = [
    workload({ name: 'fetch', status: 'running' }),
    workload({ name: 'notion', status: 'error', statusContext: 'container mcpdesk-notion vanished while the app was closed; restart recreates it', port: 40001 }),
    workload({ name: 'time', status: 'unhealthy', statusContext: 'proxy process 4321 is not running', port: 40002 }),
    workload({ name: 'github', status: 'stopped', port: 40003 }),
  ];
  const restartButton = (name: string) => within(rowOf(name)).getByRole('button', { name: `Restart ${name}` }) as HTMLButtonElement;

  test('a broken row shows its reason, the whole of it in the tooltip, and a Restart; a healthy one does not', async () => {
    await renderView({ workloads: broken });
    const reason = within(rowOf('notion')).getByText(/^container mcpdesk-notion vanished/);
    expect(reason.getAttribute('title')).toBe('container mcpdesk-notion vanished while the app was closed; restart recreates it');
    expect(within(rowOf('time')).getByText('proxy process 4321 is not running')).toBeTruthy();
    expect(restartButton('notion')).toBeTruthy();
    expect(restartButton('time')).toBeTruthy();
    expect(within(rowOf('fetch')).queryByRole('button', { name: 'Restart fetch' })).toBeNull();
    expect(within(rowOf('github')).queryByRole('button', { name: 'Restart github' })).toBeNull();
  });

  test("a row's Restart restarts that workload alone and is disabled until the answer", async () => {
    let settle: (result: Result<BatchItem[]>) => void = () => undefined;
    const api = await renderView({ workloads: broken, batch: () => new Promise((resolve) => (settle = resolve)) });
    await act(async () => fireEvent.click(restartButton('notion')));
    expect(api.workloads.restart).toHaveBeenCalledWith({ names: ['notion'] });
    expect(restartButton('notion').disabled).toBe(true);
    expect(restartButton('time').disabled).toBe(false);
    await act(async () => fireEvent.click(restartButton('notion')));
    expect(api.workloads.restart).toHaveBeenCalledTimes(1);
    await act(async () => settle({ ok: true, data: [{ name: 'notion', ok: true }] }));
    expect(restartButton('notion').disabled).toBe(false);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  test('a restarted row loses its reason and button once main reports it starting', async () => {
    const api = await renderView({ workloads: broken });
    await act(async () => fireEvent.click(restartButton('time')));
    act(() => api.emit('workloads:changed', { ...broken[2]!, status: 'starting', statusContext: 'restart' }));
    expect(within(rowOf('time')).getByText('starting')).toBeTruthy();
    expect(within(rowOf('time')).queryByRole('button', { name: 'Restart time' })).toBeNull();
    expect(within(rowOf('time')).queryByText('proxy process 4321 is not running')).toBeNull();
  });

  test("a workload the core could not restart shows the core's message in the notice bar", async () => {
    await renderView({
      workloads: broken,
      batch: (names) => Promise.resolve({ ok: true, data: names.map((name) => ({ name, ok: false as const, error: { code: 'port-unavailable' as const, message: `failed to restart workload "${name}": port 40001 is taken` } })) }),
    });
    await act(async () => fireEvent.click(restartButton('notion')));
    expect(screen.getByRole('alert').textContent).toContain('failed to restart workload "notion": port 40001 is taken');
    expect(restartButton('notion').disabled).toBe(false);
  });

  test('a refused request names the workload and the reason in the notice bar', async () => {
    await renderView({ workloads: broken, batch: () => Promise.resolve({ ok: false, error: { code: 'runtime-unavailable', message: 'the container engine does not answer' } }) });
    await act(async () => fireEvent.click(restartButton('time')));
    expect(screen.getByRole('alert').textContent).toContain('failed to restart workload "time": the container engine does not answer');
  });
});
