import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Result } from '../../../shared/contract';
import type { WorkloadInfo } from '../../../shared/workload-info';
import { workload } from './fake-api';
import { renderView } from './render-view';

// Testing Library cleans up by itself only where vitest globals are on; they are not here.
afterEach(cleanup);
beforeEach(() => window.history.replaceState(null, '', '/'));

const dialog = () => within(screen.getByRole('dialog', { name: 'Run a workload' }));
const field = (label: string) => (dialog().getByLabelText(label) as HTMLInputElement | HTMLTextAreaElement).value;

describe('mcpdesk:// links', () => {
  test('a run link opens the dialog prefilled and runs nothing until Run is clicked', async () => {
    const api = await renderView();
    act(() =>
      api.emit('links:opened', { kind: 'run', prefill: { image: 'ghcr.io/acme/fetch:1.2', name: 'web-fetch', transport: 'sse', env: { API_KEY: 'abc', MODE: 'fast' } } }),
    );
    expect(field('Image')).toBe('ghcr.io/acme/fetch:1.2');
    expect(field('Name')).toBe('web-fetch');
    expect(field('Transport')).toBe('sse');
    expect(field('Environment')).toBe('API_KEY=abc\nMODE=fast');
    expect(dialog().getByText(/nothing runs until you press Run/)).toBeTruthy();
    await act(async () => {});
    expect(api.workloads.run).not.toHaveBeenCalled();

    await act(async () => fireEvent.click(dialog().getByRole('button', { name: 'Run' })));
    expect(api.workloads.run).toHaveBeenCalledTimes(1);
    expect(api.workloads.run).toHaveBeenCalledWith(expect.objectContaining({ name: 'web-fetch', image: 'ghcr.io/acme/fetch:1.2', transport: 'sse', env: { API_KEY: 'abc', MODE: 'fast' } }));
  });

  test('a run link with a remote URL picks the remote source and names it from the host', async () => {
    const api = await renderView();
    act(() => api.emit('links:opened', { kind: 'run', prefill: { remoteUrl: 'https://mcp.example.com/mcp', env: {} } }));
    expect(field('Remote URL')).toBe('https://mcp.example.com/mcp');
    expect(field('Name')).toBe('mcp-example-com');
    expect(api.workloads.run).not.toHaveBeenCalled();
  });

  test('a second run link replaces the form the first one filled in', async () => {
    const api = await renderView();
    act(() => api.emit('links:opened', { kind: 'run', prefill: { image: 'acme/one', env: { A: '1' } } }));
    act(() => api.emit('links:opened', { kind: 'run', prefill: { image: 'acme/two', env: {} } }));
    expect(screen.getAllByRole('dialog')).toHaveLength(1);
    expect(field('Image')).toBe('acme/two');
    expect(field('Name')).toBe('two');
    expect(field('Environment')).toBe('');
  });

  test('an open link shows that workload', async () => {
    const api = await renderView({ workloads: [workload({ name: 'fetch' }), workload({ name: 'time' })] });
    act(() => api.emit('links:opened', { kind: 'open', name: 'time' }));
    await act(async () => {});
    expect(screen.getByRole('complementary', { name: 'Details of time' })).toBeTruthy();
    const row = screen.getAllByRole('row').find((r) => r.getAttribute('data-workload') === 'time')!;
    expect(row.getAttribute('aria-current')).toBe('true');
  });

  test('an open link that arrives before the list waits for it', async () => {
    let answer!: (result: Result<WorkloadInfo[]>) => void;
    const api = await renderView({ list: () => new Promise((resolve) => (answer = resolve)) });
    act(() => api.emit('links:opened', { kind: 'open', name: 'time' }));
    await act(async () => answer({ ok: true, data: [workload({ name: 'time' })] }));
    expect(screen.getByRole('complementary', { name: 'Details of time' })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  test('an open link for an unknown workload says there is none', async () => {
    const api = await renderView({ workloads: [workload({ name: 'fetch' })] });
    act(() => api.emit('links:opened', { kind: 'open', name: 'ghost' }));
    expect(screen.getByRole('alert').textContent).toContain('no workload named "ghost"');
    expect(screen.queryByRole('complementary')).toBeNull();
  });

  test('an error link shows its message until dismissed', async () => {
    const api = await renderView();
    act(() => api.emit('links:opened', { kind: 'error', message: 'invalid link: unknown action "explode"' }));
    expect(screen.getByRole('alert').textContent).toContain('invalid link: unknown action "explode"');
    fireEvent.click(within(screen.getByRole('alert')).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
