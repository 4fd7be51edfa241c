import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { Result } from '../../../shared/contract';
import type { WorkloadInfo } from '../../../shared/workload-info';
import { renderView } from './render-view';

// Testing Library cleans up by itself only where vitest globals are on; they are not here.
afterEach(cleanup);
beforeEach(() => window.history.replaceState(null, '', '/'));

const dialog = () => within(screen.getByRole('dialog', { name: 'Run a workload' }));
const field = (label: string) => dialog().getByLabelText(label) as HTMLInputElement | HTMLTextAreaElement;
const type = (label: string, value: string) => fireEvent.change(field(label), { target: { value } });
const runButton = () => dialog().getByRole('button', { name: 'Run' }) as HTMLButtonElement;
/** The dialog's text as a user reads it: React mirrors a textarea's value into its text, so fields are left out. */
function shownText(): string {
  const copy = screen.getByRole('dialog').cloneNode(true) as HTMLElement;
  for (const control of copy.querySelectorAll('textarea, input')) control.remove();
  return copy.textContent ?? '';
}

async function openDialog(options: Parameters<typeof renderView>[0] = {}) {
  const api = await renderView(options);
  fireEvent.click(screen.getByRole('button', { name: 'Run…' }));
  return api;
}

describe('run dialog', () => {
  test('the Run… button opens the dialog with Run disabled until an image is given', async () => {
    await openDialog();
    expect(runButton().disabled).toBe(true);
    type('Image', 'ghcr.io/acme/fetch:1.2');
    expect(runButton().disabled).toBe(false);
  });

  test('an empty field says nothing until the user leaves it, then says it is empty', async () => {
    await openDialog();
    expect(dialog().queryByText('the image is empty')).toBeNull();
    fireEvent.blur(field('Image'));
    expect(dialog().getByText('the image is empty')).toBeTruthy();
  });

  test('Escape closes the dialog', async () => {
    await openDialog();
    fireEvent.keyDown(field('Image'), { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  test('the name follows the image until the user edits it', async () => {
    await openDialog();
    type('Image', 'ghcr.io/acme/fetch:1.2');
    expect(field('Name').value).toBe('fetch');
    type('Name', 'my-fetch');
    type('Image', 'ghcr.io/acme/time');
    expect(field('Name').value).toBe('my-fetch');
  });

  test.each([
    ['Image', 'Bad Image', 'invalid image "Bad Image": expected [registry/]name[:tag][@sha256:digest] with a lowercase name'],
    ['Name', '-fetch', 'invalid workload name: the name must start with a letter or digit'],
    ['Proxy port', '70000', 'invalid proxy port "70000": expected a number from 1 to 65535'],
    ['Target port', 'http', 'invalid target port "http": expected a number from 1 to 65535'],
    ['Environment', 'API_KEY=abc\nNOEQUALS', 'invalid environment variable "NOEQUALS": expected KEY=VALUE'],
    ['Volumes', 'data:/data', 'invalid volume "data:/data": the host path must be absolute'],
    ['Labels', 'mcpdesk.io/name=x', 'invalid label "mcpdesk.io/name=x": the prefix "mcpdesk.io/" is reserved for MCP Desk'],
    ['Group', 'my group', 'invalid group "my group": the group name may hold only letters, digits, ".", "_" and "-"'],
  ])('an invalid %s shows its message and blocks Run', async (label, value, message) => {
    const api = await openDialog();
    type('Image', 'ghcr.io/acme/fetch:1.2');
    type(label, value);
    expect(dialog().getByText(message)).toBeTruthy();
    expect(field(label).getAttribute('aria-invalid')).toBe('true');
    expect(runButton().disabled).toBe(true);
    await act(async () => fireEvent.click(runButton()));
    expect(api.workloads.run).not.toHaveBeenCalled();
  });

  test.each([
    ['Remote URL', 'ftp://mcp.example.com', 'invalid remote URL "ftp://mcp.example.com": the scheme must be http or https'],
    ['Headers', 'Authorization Bearer x', 'invalid header "Authorization Bearer x": expected "Name: value"'],
  ])('an invalid remote %s shows its message and blocks Run', async (label, value, message) => {
    await openDialog();
    fireEvent.click(dialog().getByLabelText('Remote server'));
    type('Remote URL', 'https://mcp.example.com/mcp');
    type(label, value);
    expect(dialog().getByText(message)).toBeTruthy();
    expect(runButton().disabled).toBe(true);
  });

  test('fixing the field clears its message and enables Run', async () => {
    await openDialog();
    type('Image', 'ghcr.io/acme/fetch:1.2');
    type('Environment', 'NOEQUALS');
    expect(runButton().disabled).toBe(true);
    type('Environment', 'NOEQUALS=1');
    expect(dialog().queryByText(/invalid environment variable/)).toBeNull();
    expect(runButton().disabled).toBe(false);
  });

  test('a valid image form calls the api with the RunInput and closes', async () => {
    const api = await openDialog();
    type('Image', 'ghcr.io/acme/fetch:1.2');
    fireEvent.change(field('Transport'), { target: { value: 'sse' } });
    type('Proxy port', '8080');
    type('Target port', '3000');
    type('Environment', 'API_KEY=abc\n\nEMPTY=');
    type('Volumes', '/home/me/data:/data:ro');
    type('Labels', 'team=backend\ntier = gold');
    type('Group', 'dev');
    await act(async () => fireEvent.click(runButton()));
    expect(api.workloads.run).toHaveBeenCalledWith({
      name: 'fetch',
      image: 'ghcr.io/acme/fetch:1.2',
      transport: 'sse',
      proxyPort: 8080,
      targetPort: 3000,
      env: { API_KEY: 'abc', EMPTY: '' },
      volumes: [{ hostPath: '/home/me/data', containerPath: '/data', readOnly: true }],
      labels: { team: 'backend', tier: 'gold' },
      group: 'dev',
      headers: {},
    });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  test('a valid remote form sends the URL and headers, and no image, env or volumes', async () => {
    const api = await openDialog();
    type('Image', 'ghcr.io/acme/fetch');
    type('Environment', 'A=1');
    fireEvent.click(dialog().getByLabelText('Remote server'));
    type('Remote URL', 'https://mcp.example.com/mcp');
    expect(field('Name').value).toBe('mcp-example-com');
    type('Headers', 'Authorization: Bearer abc');
    await act(async () => fireEvent.click(runButton()));
    expect(api.workloads.run).toHaveBeenCalledWith({
      name: 'mcp-example-com',
      remoteUrl: 'https://mcp.example.com/mcp',
      transport: 'stdio',
      env: {},
      volumes: [],
      labels: {},
      headers: { Authorization: 'Bearer abc' },
    });
  });

  test('a secret environment line is sent as secretEnv, not in env', async () => {
    const api = await openDialog();
    type('Image', 'ghcr.io/acme/fetch:1.2');
    type('Environment', 'MODE=fast');
    type('Secret environment', 'API_KEY=hunter2\n\nEMPTY=');
    await act(async () => fireEvent.click(runButton()));
    expect(api.workloads.run).toHaveBeenCalledWith(expect.objectContaining({ env: { MODE: 'fast' }, secretEnv: { API_KEY: 'hunter2', EMPTY: '' } }));
  });

  test('the secret environment field is masked and not remembered', async () => {
    await openDialog();
    const secret = field('Secret environment');
    expect(secret.classList.contains('masked-text')).toBe(true);
    expect(secret.getAttribute('autocomplete')).toBe('off');
    expect(secret.getAttribute('spellcheck')).toBe('false');
    expect(field('Environment').classList.contains('masked-text')).toBe(false);
  });

  test.each([
    ['a bad key', 'A=1\n1BAD=hunter2', /^invalid secret environment variable "1BAD": /],
    ['a line without "="', 'hunter2', /^invalid secret environment variable: a line has no "="/],
    ['a key given twice', 'A=hunter2\nA=hunter3', /^the key "A" is given twice$/],
  ])('%s in the secret environment shows its message without the value and blocks Run', async (_case, value, message) => {
    const api = await openDialog();
    type('Image', 'ghcr.io/acme/fetch:1.2');
    type('Secret environment', value);
    expect(dialog().getByText(message)).toBeTruthy();
    expect(field('Secret environment').getAttribute('aria-invalid')).toBe('true');
    expect(shownText()).not.toContain('hunter');
    expect(runButton().disabled).toBe(true);
    await act(async () => fireEvent.click(runButton()));
    expect(api.workloads.run).not.toHaveBeenCalled();
  });

  test('a key in both Environment and Secret environment blocks Run until one goes', async () => {
    const api = await openDialog();
    type('Image', 'ghcr.io/acme/fetch:1.2');
    type('Environment', 'API_KEY=plain');
    type('Secret environment', 'API_KEY=hunter2');
    expect(dialog().getByText('environment variable "API_KEY" is given both as a plain and as a secret variable')).toBeTruthy();
    expect(field('Secret environment').getAttribute('aria-invalid')).toBe('true');
    expect(runButton().disabled).toBe(true);
    type('Environment', '');
    expect(runButton().disabled).toBe(false);
    await act(async () => fireEvent.click(runButton()));
    expect(api.workloads.run).toHaveBeenCalledWith(expect.objectContaining({ env: {}, secretEnv: { API_KEY: 'hunter2' } }));
  });

  test('a remote source hides the secret environment and sends none', async () => {
    const api = await openDialog();
    type('Image', 'ghcr.io/acme/fetch');
    type('Secret environment', 'API_KEY=hunter2');
    fireEvent.click(dialog().getByLabelText('Remote server'));
    expect(dialog().queryByLabelText('Secret environment')).toBeNull();
    type('Remote URL', 'https://mcp.example.com/mcp');
    await act(async () => fireEvent.click(runButton()));
    expect(api.workloads.run).toHaveBeenCalledTimes(1);
    expect(vi.mocked(api.workloads.run).mock.calls[0]?.[0]).not.toHaveProperty('secretEnv');
  });

  test('server arguments, one a line, are sent as cmdArgs', async () => {
    const api = await openDialog();
    type('Image', 'ghcr.io/acme/fetch:1.2');
    type('Server arguments', '--root\n\n/data dir\n');
    await act(async () => fireEvent.click(runButton()));
    expect(api.workloads.run).toHaveBeenCalledWith(expect.objectContaining({ image: 'ghcr.io/acme/fetch:1.2', cmdArgs: ['--root', '/data dir'] }));
  });

  test('a server argument over 4096 characters shows its message and blocks Run; a remote source has no arguments field', async () => {
    await openDialog();
    type('Image', 'ghcr.io/acme/fetch:1.2');
    type('Server arguments', `--ok\n${'a'.repeat(5000)}`);
    expect(dialog().getByText(/^invalid server argument "a+…": it is longer than 4096 characters$/)).toBeTruthy();
    expect(runButton().disabled).toBe(true);
    fireEvent.click(dialog().getByLabelText('Remote server'));
    expect(dialog().queryByLabelText('Server arguments')).toBeNull();
  });

  test("the core's refusal is shown and the dialog stays open", async () => {
    await openDialog({ run: () => Promise.resolve({ ok: false, error: { code: 'already-exists', message: 'a workload named "fetch" already exists' } }) });
    type('Image', 'ghcr.io/acme/fetch:1.2');
    await act(async () => fireEvent.click(runButton()));
    expect(dialog().getByRole('alert').textContent).toBe('a workload named "fetch" already exists');
    expect(field('Image').value).toBe('ghcr.io/acme/fetch:1.2');
  });

  test('a second press while the run is in flight sends nothing more, and the button says Running…', async () => {
    let answer: (value: Result<WorkloadInfo>) => void = () => undefined;
    const api = await openDialog({ run: () => new Promise((resolve) => (answer = resolve)) });
    type('Image', 'ghcr.io/acme/fetch:1.2');
    // Both presses land before React renders the busy state in between.
    await act(async () => {
      fireEvent.click(runButton());
      fireEvent.click(runButton());
    });
    expect(api.workloads.run).toHaveBeenCalledTimes(1);
    expect(dialog().getByRole('button', { name: 'Running…' })).toBeTruthy();
    await act(async () => answer({ ok: false, error: { code: 'port-unavailable', message: 'port 8080 is taken' } }));
    expect(dialog().getByRole('alert').textContent).toBe('port 8080 is taken');
    expect(runButton().disabled).toBe(false);
  });

  test('a failure to reach main is shown as a refusal and the dialog stays open', async () => {
    await openDialog({ run: () => Promise.reject(new Error('the app is shutting down')) });
    type('Image', 'ghcr.io/acme/fetch:1.2');
    await act(async () => fireEvent.click(runButton()));
    expect(dialog().getByRole('alert').textContent).toBe('the app is shutting down');
  });

  test('Cancel closes the dialog without running anything', async () => {
    const api = await openDialog();
    type('Image', 'ghcr.io/acme/fetch:1.2');
    fireEvent.click(dialog().getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(api.workloads.run).not.toHaveBeenCalled();
  });
});
