import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { BatchItem, Result } from '../../../shared/contract';
import type { WorkloadInfo } from '../../../shared/workload-info';
import { workload } from './fake-api';
import { renderView } from './render-view';

// Testing Library cleans up by itself only where vitest globals are on; they are not here.
afterEach(cleanup);
beforeEach(() => window.history.replaceState(null, '', '/'));

const fetch = workload({ name: 'fetch', status: 'running' });
const notion = workload({ name: 'notion', status: 'error', statusContext: 'container exited with code 137', port: 40001 });
const time = workload({ name: 'time', status: 'unhealthy', statusContext: 'proxy process 4321 is not running', port: 40002 });
const github = workload({ name: 'github', status: 'stopped', port: 40003 });
const fleet = [fetch, notion, time, github];

const banner = () => screen.getByRole('status', { name: 'Workloads with problems' });
const queryBanner = () => screen.queryByRole('status', { name: 'Workloads with problems' });
const restartAll = () => within(banner()).getByRole('button', { name: /^Restart(ing…| all)$/ });

/** A batch answer the test settles itself, after whatever it wants to happen first. */
function deferredBatch() {
  let settle: (result: Result<BatchItem[]>) => void = () => undefined;
  const batch = () => new Promise<Result<BatchItem[]>>((resolve) => (settle = resolve));
  return { batch, settle: (result: Result<BatchItem[]>) => settle(result) };
}

describe('problems banner', () => {
  test('says how many workloads are broken and names each with its state and reason', async () => {
    await renderView({ workloads: fleet });
    const shown = within(banner());
    expect(shown.getByRole('heading').textContent).toBe('2 workloads have problems');
    const items = shown.getAllByRole('listitem').map((item) => item.textContent);
    expect(items).toEqual(['notion (error): container exited with code 137', 'time (unhealthy): proxy process 4321 is not running']);
    // Running and stopped workloads are not problems.
    expect(banner().textContent).not.toContain('fetch');
    expect(banner().textContent).not.toContain('github');
  });

  test('is absent when every workload is fine', async () => {
    await renderView({ workloads: [fetch, github] });
    expect(queryBanner()).toBeNull();
  });

  test('does not show while the list is loading, even when an event reports a broken workload', async () => {
    let answer: (result: Result<WorkloadInfo[]>) => void = () => undefined;
    const api = await renderView({ list: () => new Promise((resolve) => (answer = resolve)) });
    act(() => api.emit('workloads:changed', notion));
    expect(queryBanner()).toBeNull();
    await act(async () => answer({ ok: true, data: [fetch, time] }));
    expect(within(banner()).getByRole('heading').textContent).toBe('2 workloads have problems');
  });

  test('appears when a workload breaks and goes away when it recovers', async () => {
    const api = await renderView({ workloads: [fetch] });
    expect(queryBanner()).toBeNull();
    act(() => api.emit('workloads:changed', { ...fetch, status: 'unhealthy', statusContext: 'health check failed 3 times' }));
    expect(banner().textContent).toContain('1 workload has a problem');
    expect(banner().textContent).toContain('fetch (unhealthy): health check failed 3 times');
    act(() => api.emit('workloads:changed', { ...fetch, status: 'running', statusContext: '' }));
    expect(queryBanner()).toBeNull();
  });

  test('names the first three and counts the rest, and Restart all restarts every one of them', async () => {
    const broken = ['a', 'b', 'c', 'd', 'e'].map((name, i) => workload({ name, status: 'error', statusContext: `reason ${name}`, port: 41_000 + i }));
    const api = await renderView({ workloads: [fetch, ...broken] });
    expect(within(banner()).getByRole('heading').textContent).toBe('5 workloads have problems');
    expect(within(banner()).getAllByRole('listitem')).toHaveLength(3);
    expect(within(banner()).getByText('and 2 more')).toBeTruthy();
    await act(async () => fireEvent.click(restartAll()));
    expect(api.workloads.restart).toHaveBeenCalledTimes(1);
    expect(api.workloads.restart).toHaveBeenCalledWith({ names: ['a', 'b', 'c', 'd', 'e'] });
  });

  test('Restart all restarts exactly the broken workloads in one request and shows each result', async () => {
    const api = await renderView({
      workloads: fleet,
      batch: (names) =>
        Promise.resolve({
          ok: true,
          data: names.map((name) => (name === 'time' ? { name, ok: false, error: { code: 'port-unavailable', message: 'failed to restart workload "time": port 40002 is taken' } } : { name, ok: true })),
        }),
    });
    await act(async () => fireEvent.click(restartAll()));
    expect(api.workloads.restart).toHaveBeenCalledTimes(1);
    expect(api.workloads.restart).toHaveBeenCalledWith({ names: ['notion', 'time'] });
    const results = within(within(banner()).getByRole('list', { name: 'Restart results' }));
    expect(results.getAllByRole('listitem').map((item) => item.textContent)).toEqual(['notion: ok', 'time: failed to restart workload "time": port 40002 is taken']);
    expect(results.getByText('time: failed to restart workload "time": port 40002 is taken').className).toBe('batch-failed');
  });

  test('Restart all is disabled while its request is in flight, so a second click sends nothing', async () => {
    const { batch, settle } = deferredBatch();
    const api = await renderView({ workloads: fleet, batch });
    await act(async () => fireEvent.click(restartAll()));
    const button = restartAll() as HTMLButtonElement;
    expect(button.textContent).toBe('Restarting…');
    expect(button.disabled).toBe(true);
    await act(async () => fireEvent.click(button));
    expect(api.workloads.restart).toHaveBeenCalledTimes(1);
    await act(async () => settle({ ok: true, data: [{ name: 'notion', ok: true }, { name: 'time', ok: true }] }));
    expect((restartAll() as HTMLButtonElement).disabled).toBe(false);
  });

  test('the results stay after the restarted workloads recover, until dismissed', async () => {
    const { batch, settle } = deferredBatch();
    const api = await renderView({ workloads: fleet, batch });
    await act(async () => fireEvent.click(restartAll()));
    // As in the app, the workloads' new states arrive as events before the request answers.
    act(() => api.emit('workloads:changed', { ...notion, status: 'starting', statusContext: 'restart' }));
    act(() => api.emit('workloads:changed', { ...time, status: 'starting', statusContext: 'restart' }));
    expect(banner().textContent).toContain('Restarting…');
    await act(async () => settle({ ok: true, data: [{ name: 'notion', ok: true }, { name: 'time', ok: true }] }));
    expect(within(banner()).queryByRole('heading')).toBeNull();
    expect(within(banner()).getByText('notion: ok')).toBeTruthy();
    fireEvent.click(within(banner()).getByRole('button', { name: 'Dismiss' }));
    expect(queryBanner()).toBeNull();
  });

  test('a refused request shows the core message and keeps the broken workloads listed', async () => {
    await renderView({ workloads: fleet, batch: () => Promise.resolve({ ok: false, error: { code: 'runtime-unavailable', message: 'the container engine does not answer' } }) });
    await act(async () => fireEvent.click(restartAll()));
    expect(within(banner()).getByText('Restart refused: the container engine does not answer')).toBeTruthy();
    expect(within(banner()).getByRole('heading').textContent).toBe('2 workloads have problems');
  });

  test('a request that never reaches main shows why', async () => {
    await renderView({ workloads: fleet, batch: () => Promise.reject(new Error('the main process is gone')) });
    await act(async () => fireEvent.click(restartAll()));
    expect(within(banner()).getByText('Restart refused: the main process is gone')).toBeTruthy();
    expect((restartAll() as HTMLButtonElement).disabled).toBe(false);
  });
});
