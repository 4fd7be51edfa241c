import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Result, TimelineEntry } from '../../../shared/contract';
import { workload } from './fake-api';
import { renderView } from './render-view';

// Testing Library cleans up by itself only where vitest globals are on; they are not here.
afterEach(cleanup);
beforeEach(() => window.history.replaceState(null, '', '/'));

const fetchRow = workload({ name: 'fetch', group: 'dev', labels: { team: 'backend' }, image: 'ghcr.io/acme/fetch:1.2' });
const pane = () => within(screen.getByRole('complementary', { name: 'Details of fetch' }));
const entries = () => within(pane().getByRole('list', { name: 'Timeline of fetch' })).getAllByRole('listitem');

describe('details pane', () => {
  test("clicking a row's name shows its config and its timeline, each transition with time and reason", async () => {
    const timeline: TimelineEntry[] = [
      { at: '2026-11-26T10:00:00.000Z', from: null, to: 'starting', context: 'run by the user' },
      { at: '2026-11-26T10:00:02.000Z', from: 'starting', to: 'running', context: 'proxy answers' },
    ];
    const api = await renderView({ workloads: [fetchRow, workload({ name: 'time' })], timeline: () => Promise.resolve({ ok: true, data: timeline }) });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Details of fetch' })));
    expect(api.workloads.timeline).toHaveBeenCalledWith({ name: 'fetch' });
    expect(pane().getByText('ghcr.io/acme/fetch:1.2')).toBeTruthy();
    expect(pane().getByText('team=backend')).toBeTruthy();
    expect(pane().getByText('dev')).toBeTruthy();
    const items = entries();
    expect(items).toHaveLength(2);
    expect(items[0]!.textContent).toContain('new → starting');
    expect(items[0]!.textContent).toContain('run by the user');
    expect(items[1]!.textContent).toContain('starting → running');
    expect(items[1]!.textContent).toContain('proxy answers');
    expect(within(items[1]!).getByText((_, el) => el?.tagName === 'TIME').getAttribute('datetime')).toBe('2026-11-26T10:00:02.000Z');
  });

  test('the timeline grows when a workloads:changed event for that workload arrives', async () => {
    const timeline: TimelineEntry[] = [{ at: '2026-11-26T10:00:00.000Z', from: null, to: 'starting', context: '' }];
    const api = await renderView({ workloads: [fetchRow], timeline: () => Promise.resolve<Result<TimelineEntry[]>>({ ok: true, data: [...timeline] }) });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Details of fetch' })));
    expect(entries()).toHaveLength(1);

    timeline.push({ at: '2026-11-26T10:05:00.000Z', from: 'running', to: 'stopping', context: 'stopped by the user' });
    await act(async () => api.emit('workloads:changed', { ...fetchRow, status: 'stopping' }));
    expect(entries()).toHaveLength(2);
    expect(entries()[1]!.textContent).toContain('stopped by the user');
    expect(pane().getByText('stopping', { selector: '.status-badge' })).toBeTruthy();
  });

  test("another workload's event does not fetch this timeline again", async () => {
    const api = await renderView({ workloads: [fetchRow, workload({ name: 'time' })] });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Details of fetch' })));
    expect(api.workloads.timeline).toHaveBeenCalledTimes(1);
    await act(async () => api.emit('workloads:changed', workload({ name: 'time', status: 'stopped' })));
    expect(api.workloads.timeline).toHaveBeenCalledTimes(1);
  });

  test('a timeline that cannot be read says why, and Close hides the pane', async () => {
    await renderView({ workloads: [fetchRow], timeline: () => Promise.resolve({ ok: false, error: { code: 'corrupt-state', message: 'history/fetch.jsonl is not valid JSON' } }) });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Details of fetch' })));
    expect(pane().getByText('Could not read the timeline: history/fetch.jsonl is not valid JSON')).toBeTruthy();
    fireEvent.click(pane().getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('complementary')).toBeNull();
  });
});
