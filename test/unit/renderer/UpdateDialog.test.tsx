import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { Result, WorkloadSettings } from '../../../shared/contract';
import type { WorkloadInfo } from '../../../shared/workload-info';
import { UpdateDialog } from '../../../renderer/components/UpdateDialog';
import { type DeskStore } from '../../../renderer/store/desk-store';
import { workload, type FakeApi, type FakeApiOptions } from './fake-api';
import { renderDesk } from './render-view';

// Testing Library cleans up by itself only where vitest globals are on; they are not here.
afterEach(cleanup);

/** The saved settings of a container workload "fetch" on port 40000, with `overrides` over them. */
function saved(overrides: Partial<WorkloadSettings> = {}): WorkloadSettings {
  return {
    name: 'fetch',
    image: 'ghcr.io/acme/fetch:1.2',
    cmdArgs: [],
    transport: 'stdio',
    proxyMode: 'streamable-http',
    proxyPort: 40000,
    targetPort: 3000,
    env: { API_KEY: 'abc', MODE: 'fast' },
    secretEnvKeys: [],
    volumes: [{ hostPath: '/home/me/data', containerPath: '/data', readOnly: true }],
    labels: { team: 'backend' },
    group: 'dev',
    headerNames: [],
    ...overrides,
  };
}

const remoteSaved = (overrides: Partial<WorkloadSettings> = {}) =>
  saved({ image: undefined, remoteUrl: 'https://mcp.example.com/mcp', targetPort: undefined, env: {}, volumes: [], headerNames: ['Authorization'], ...overrides });

interface Setup {
  readonly settings?: WorkloadSettings;
  readonly row?: Partial<WorkloadInfo>;
  readonly api?: FakeApiOptions;
}

/** Renders the dialog over a store fed by the bridge, with "fetch" in the list, and opens it on "fetch". */
async function openDialog({ settings = saved(), row = {}, api: options = {} }: Setup = {}): Promise<{ api: FakeApi; store: DeskStore }> {
  const { api, store } = await renderDesk(
    { workloads: [workload({ name: 'fetch', ...row })], config: () => Promise.resolve<Result<WorkloadSettings>>({ ok: true, data: settings }), ...options },
    { ui: <UpdateDialog /> },
  );
  await act(async () => store.getState().openUpdateDialog('fetch'));
  return { api, store };
}

const dialog = () => within(screen.getByRole('dialog', { name: 'Update fetch' }));
const field = (label: string) => dialog().getByLabelText(label) as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
const type = (label: string, value: string) => fireEvent.change(field(label), { target: { value } });
const updateButton = () => dialog().getByRole('button', { name: /^(Update|Updating…)$/ }) as HTMLButtonElement;
const plan = () => within(dialog().getByRole('region', { name: 'What will happen' }));
const steps = () => within(plan().getAllByRole('list')[0]!).getAllByRole('listitem').map((item) => item.textContent);
const changeLines = () => within(plan().getAllByRole('list')[1]!).getAllByRole('listitem').map((item) => item.textContent);
/** The dialog's text as a user reads it: React mirrors a textarea's value into its text, so fields are left out. */
function shownText(): string {
  const copy = screen.getByRole('dialog').cloneNode(true) as HTMLElement;
  for (const control of copy.querySelectorAll('textarea, input')) control.remove();
  return copy.textContent ?? '';
}

describe('update dialog', () => {
  test('shows loading until the saved settings come, then the form filled in from them', async () => {
    let answer: (result: Result<WorkloadSettings>) => void = () => {};
    await openDialog({ api: { config: () => new Promise((resolve) => (answer = resolve)) } });
    expect(dialog().getByRole('status').textContent).toBe('Loading the saved settings…');
    expect(dialog().queryByLabelText('Image')).toBeNull();

    await act(async () => answer({ ok: true, data: saved() }));
    expect(field('Image').value).toBe('ghcr.io/acme/fetch:1.2');
    expect(field('Transport').value).toBe('stdio');
    expect(field('Proxy port').value).toBe('40000');
    expect(field('Target port').value).toBe('3000');
    expect(field('Environment').value).toBe('API_KEY=abc\nMODE=fast');
    expect(field('Volumes').value).toBe('/home/me/data:/data:ro');
    expect(field('Labels').value).toBe('team=backend');
    expect(field('Group').value).toBe('dev');
    // The name and kind are the workload's: nothing to edit them with.
    expect(dialog().queryByLabelText('Name')).toBeNull();
    expect(dialog().queryByLabelText('Remote server')).toBeNull();
  });

  test("a failed read shows the core's message and offers only Cancel", async () => {
    const { api } = await openDialog({ api: { config: () => Promise.resolve({ ok: false, error: { code: 'not-found', message: 'workload "fetch" not found' } }) } });
    expect(dialog().getByRole('alert').textContent).toBe('Could not read the saved settings: workload "fetch" not found');
    expect(dialog().queryByRole('button', { name: /^(Update|Updating…)$/ })).toBeNull();
    fireEvent.click(dialog().getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(api.workloads.update).not.toHaveBeenCalled();
  });

  test('a remote workload shows its URL and its header names, with header values kept', async () => {
    await openDialog({ settings: remoteSaved({ headerNames: ['Authorization', 'X-Team'] }) });
    expect(field('Remote URL').value).toBe('https://mcp.example.com/mcp');
    expect(field('Headers').value).toBe('');
    expect(dialog().getByText(/Saved headers: Authorization, X-Team\. Their values are kept unless you type new headers here/)).toBeTruthy();
    expect(dialog().queryByLabelText('Environment')).toBeNull();
    expect(dialog().queryByLabelText('Volumes')).toBeNull();
  });

  test('secret env keys are listed as kept under an empty, masked Secret environment field', async () => {
    await openDialog({ settings: saved({ secretEnvKeys: ['API_KEY', 'TOKEN'] }) });
    expect(field('Secret environment').value).toBe('');
    expect(field('Secret environment').classList.contains('masked-text')).toBe(true);
    expect(dialog().getByText(/^Kept: API_KEY, TOKEN\. Type new ones to replace them all\./)).toBeTruthy();
    expect(dialog().getByLabelText('Remove the secret variables')).toBeTruthy();
  });

  test('without secret env keys there is no kept note and no remove box', async () => {
    await openDialog();
    expect(field('Secret environment').value).toBe('');
    expect(dialog().queryByText(/^Kept:/)).toBeNull();
    expect(dialog().queryByLabelText('Remove the secret variables')).toBeNull();
  });

  test('nothing changed: the plan says "No changes" and Update is disabled', async () => {
    const { api } = await openDialog();
    expect(plan().getByText('No changes')).toBeTruthy();
    expect(updateButton().disabled).toBe(true);
    // A change undone is no change either.
    type('Image', 'ghcr.io/acme/fetch:2.0');
    expect(updateButton().disabled).toBe(false);
    type('Image', 'ghcr.io/acme/fetch:1.2');
    expect(updateButton().disabled).toBe(true);
    await act(async () => fireEvent.submit(screen.getByRole('dialog')));
    expect(api.workloads.update).not.toHaveBeenCalled();
  });

  test('changing only the image sends only the image, and the dialog closes', async () => {
    // A value the form would trim must not count as a change while its field is untouched.
    const { api } = await openDialog({ settings: saved({ env: { API_KEY: 'abc ', MODE: 'fast' } }) });
    type('Image', 'ghcr.io/acme/fetch:2.0');
    expect(changeLines()).toEqual(['Image: ghcr.io/acme/fetch:1.2 → ghcr.io/acme/fetch:2.0']);
    await act(async () => fireEvent.click(updateButton()));
    expect(api.workloads.update).toHaveBeenCalledTimes(1);
    expect(api.workloads.update).toHaveBeenCalledWith({ name: 'fetch', changes: { image: 'ghcr.io/acme/fetch:2.0' } });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  test('several fields changed are all sent and listed, old → new', async () => {
    const { api } = await openDialog();
    fireEvent.change(field('Transport'), { target: { value: 'sse' } });
    type('Environment', 'API_KEY=xyz\nDEBUG=1');
    type('Labels', 'team=frontend');
    type('Volumes', '');
    expect(changeLines()).toEqual(['Transport: stdio → sse', 'Environment: API_KEY changed, DEBUG added, MODE removed', 'Volumes: /home/me/data:/data:ro removed', 'Labels: team: backend → frontend']);
    await act(async () => fireEvent.click(updateButton()));
    expect(api.workloads.update).toHaveBeenCalledWith({
      name: 'fetch',
      changes: { transport: 'sse', env: { API_KEY: 'xyz', DEBUG: '1' }, volumes: [], labels: { team: 'frontend' } },
    });
  });

  test('the saved server arguments fill their field, one a line; editing them sends the new list and the plan shows old → new', async () => {
    const { api } = await openDialog({ settings: saved({ cmdArgs: ['--root', '/data'] }) });
    expect(field('Server arguments').value).toBe('--root\n/data');
    type('Server arguments', '--root\n/data\n--verbose');
    expect(changeLines()).toEqual(['Server arguments: --root /data → --root /data --verbose']);
    await act(async () => fireEvent.click(updateButton()));
    expect(api.workloads.update).toHaveBeenCalledWith({ name: 'fetch', changes: { cmdArgs: ['--root', '/data', '--verbose'] } });
  });

  test('emptying the server arguments sends an empty list, and untouched arguments are not sent', async () => {
    const { api } = await openDialog({ settings: saved({ cmdArgs: ['--root', '/data'] }) });
    type('Image', 'ghcr.io/acme/fetch:2.0');
    expect(changeLines()).toEqual(['Image: ghcr.io/acme/fetch:1.2 → ghcr.io/acme/fetch:2.0']);
    type('Server arguments', '');
    expect(changeLines()).toEqual(['Image: ghcr.io/acme/fetch:1.2 → ghcr.io/acme/fetch:2.0', 'Server arguments: --root /data → none']);
    await act(async () => fireEvent.click(updateButton()));
    expect(api.workloads.update).toHaveBeenCalledWith({ name: 'fetch', changes: { image: 'ghcr.io/acme/fetch:2.0', cmdArgs: [] } });
  });

  test('a remote URL change leaves the headers out, so their values are kept', async () => {
    const { api } = await openDialog({ settings: remoteSaved() });
    type('Remote URL', 'https://mcp.example.com/v2/mcp');
    await act(async () => fireEvent.click(updateButton()));
    const sent = vi.mocked(api.workloads.update).mock.calls[0]?.[0];
    expect(sent).toEqual({ name: 'fetch', changes: { remoteUrl: 'https://mcp.example.com/v2/mcp' } });
    expect(sent?.changes).not.toHaveProperty('headers');
  });

  test('typed headers replace the saved ones', async () => {
    const { api } = await openDialog({ settings: remoteSaved() });
    type('Headers', 'Authorization: Bearer new');
    expect(changeLines()).toEqual(['Headers: new values for Authorization replace the saved headers (Authorization)']);
    await act(async () => fireEvent.click(updateButton()));
    expect(api.workloads.update).toHaveBeenCalledWith({ name: 'fetch', changes: { headers: { Authorization: 'Bearer new' } } });
  });

  test('Remove the saved headers sends empty headers', async () => {
    const { api } = await openDialog({ settings: remoteSaved() });
    fireEvent.click(dialog().getByLabelText('Remove the saved headers'));
    expect(changeLines()).toEqual(['Headers: the saved headers (Authorization) are removed']);
    await act(async () => fireEvent.click(updateButton()));
    expect(api.workloads.update).toHaveBeenCalledWith({ name: 'fetch', changes: { headers: {} } });
  });

  test('changing only the environment keeps the secret variables: no secretEnv is sent and nothing is dropped', async () => {
    const { api } = await openDialog({ settings: saved({ secretEnvKeys: ['TOKEN'] }) });
    type('Environment', 'API_KEY=abc');
    expect(changeLines()).toEqual(['Environment: MODE removed']);
    expect(plan().queryByText(/drop|secret/i)).toBeNull();
    await act(async () => fireEvent.click(updateButton()));
    expect(api.workloads.update).toHaveBeenCalledWith({ name: 'fetch', changes: { env: { API_KEY: 'abc' } } });
  });

  test('a plain variable named like a kept secret replaces it, and the change says so', async () => {
    const { api } = await openDialog({ settings: saved({ secretEnvKeys: ['TOKEN'] }) });
    type('Environment', 'API_KEY=abc\nMODE=fast\nTOKEN=plain');
    expect(changeLines()).toEqual(['Environment: TOKEN added; no longer secret: TOKEN']);
    await act(async () => fireEvent.click(updateButton()));
    expect(api.workloads.update).toHaveBeenCalledWith({ name: 'fetch', changes: { env: { API_KEY: 'abc', MODE: 'fast', TOKEN: 'plain' } } });
  });

  test('typed secret variables replace all the kept ones, and the plan names keys, never values', async () => {
    const { api } = await openDialog({ settings: saved({ secretEnvKeys: ['API_TOKEN'] }) });
    type('Secret environment', 'NEW=s3cr3t-value');
    expect(changeLines()).toEqual(['Secret environment: API_TOKEN → NEW']);
    expect(shownText()).not.toContain('s3cr3t-value');
    // The box means nothing while new values are typed.
    expect((dialog().getByLabelText('Remove the secret variables') as HTMLInputElement).disabled).toBe(true);
    await act(async () => fireEvent.click(updateButton()));
    expect(api.workloads.update).toHaveBeenCalledWith({ name: 'fetch', changes: { secretEnv: { NEW: 's3cr3t-value' } } });
  });

  test('secret variables typed where none were kept are listed as new', async () => {
    const { api } = await openDialog();
    type('Secret environment', 'NEW=1');
    expect(changeLines()).toEqual(['Secret environment: none → NEW']);
    await act(async () => fireEvent.click(updateButton()));
    expect(api.workloads.update).toHaveBeenCalledWith({ name: 'fetch', changes: { secretEnv: { NEW: '1' } } });
  });

  test('Remove the secret variables sends an empty secretEnv', async () => {
    const { api } = await openDialog({ settings: saved({ secretEnvKeys: ['API_TOKEN', 'TOKEN'] }) });
    fireEvent.click(dialog().getByLabelText('Remove the secret variables'));
    expect(changeLines()).toEqual(['Secret environment: API_TOKEN, TOKEN removed']);
    await act(async () => fireEvent.click(updateButton()));
    expect(api.workloads.update).toHaveBeenCalledWith({ name: 'fetch', changes: { secretEnv: {} } });
  });

  test('a key in both Environment and Secret environment shows its message and nothing is sent', async () => {
    const { api } = await openDialog();
    type('Secret environment', 'MODE=s3cr3t-value');
    expect(dialog().getByText('environment variable "MODE" is given both as a plain and as a secret variable')).toBeTruthy();
    expect(field('Secret environment').getAttribute('aria-invalid')).toBe('true');
    expect(shownText()).not.toContain('s3cr3t-value');
    expect(updateButton().disabled).toBe(true);
    await act(async () => fireEvent.submit(screen.getByRole('dialog')));
    expect(api.workloads.update).not.toHaveBeenCalled();
    // Moving the variable out of the plain environment makes it a secret one.
    type('Environment', 'API_KEY=abc');
    await act(async () => fireEvent.click(updateButton()));
    expect(api.workloads.update).toHaveBeenCalledWith({ name: 'fetch', changes: { env: { API_KEY: 'abc' }, secretEnv: { MODE: 's3cr3t-value' } } });
  });

  test('a remote workload has no Secret environment field and sends none', async () => {
    const { api } = await openDialog({ settings: remoteSaved() });
    expect(dialog().queryByLabelText('Secret environment')).toBeNull();
    type('Remote URL', 'https://mcp.example.com/v2/mcp');
    await act(async () => fireEvent.click(updateButton()));
    expect(vi.mocked(api.workloads.update).mock.calls[0]?.[0].changes).not.toHaveProperty('secretEnv');
  });

  test('the plan for a running workload stops it, removes the container, saves and starts on the same port', async () => {
    await openDialog({ row: { status: 'running' } });
    type('Image', 'ghcr.io/acme/fetch:2.0');
    expect(steps()).toEqual([
      'Stop fetch (its proxy and container)',
      'Remove the container (its logs go with it)',
      'Save the new settings',
      'Start fetch with them, on port 127.0.0.1:40000 (clients keep their URL)',
    ]);
  });

  test('the plan for a stopped workload has no stop step and says the update starts it', async () => {
    await openDialog({ row: { status: 'stopped' } });
    type('Image', 'ghcr.io/acme/fetch:2.0');
    expect(steps()).toEqual([
      'Remove the container (its logs go with it)',
      'Save the new settings',
      'Start fetch with them, on port 127.0.0.1:40000 (clients keep their URL)',
      'fetch is stopped now: after the update it runs',
    ]);
  });

  test('the plan for a running remote workload stops its proxy and removes no container', async () => {
    await openDialog({ settings: remoteSaved(), row: { kind: 'remote', status: 'running' } });
    type('Remote URL', 'https://mcp.example.com/v2/mcp');
    expect(steps()).toEqual([
      'Stop fetch (its proxy)',
      'Save the new settings',
      'Start fetch with them, on port 127.0.0.1:40000 (the URL changes to http://127.0.0.1:40000/v2/mcp: clients must switch to it)',
    ]);
  });

  test('a new proxy port is stated in the plan and sent', async () => {
    const { api } = await openDialog();
    type('Proxy port', '8080');
    expect(steps()[3]).toBe('Start fetch with them, on port 127.0.0.1:8080 (the port changes from 40000: clients must switch to http://127.0.0.1:8080/mcp)');
    expect(changeLines()).toEqual(['Proxy port: 40000 → 8080']);
    await act(async () => fireEvent.click(updateButton()));
    expect(api.workloads.update).toHaveBeenCalledWith({ name: 'fetch', changes: { proxyPort: 8080 } });
  });

  test.each([
    ['Image', 'Bad Image', 'invalid image "Bad Image": expected [registry/]name[:tag][@sha256:digest] with a lowercase name'],
    ['Image', '', 'the image is empty'],
    ['Proxy port', '70000', 'invalid proxy port "70000": expected a number from 1 to 65535'],
    ['Environment', 'NOEQUALS', 'invalid environment variable "NOEQUALS": expected KEY=VALUE'],
    ['Labels', 'mcpdesk.io/name=x', 'invalid label "mcpdesk.io/name=x": the prefix "mcpdesk.io/" is reserved for MCP Desk'],
  ])('an invalid %s shows its message inline at once and nothing is sent', async (label, value, message) => {
    const { api } = await openDialog();
    type('Transport', 'sse');
    type(label, value);
    expect(dialog().getByText(message)).toBeTruthy();
    expect(field(label).getAttribute('aria-invalid')).toBe('true');
    expect(updateButton().disabled).toBe(true);
    expect(plan().queryByRole('list')).toBeNull();
    await act(async () => fireEvent.submit(screen.getByRole('dialog')));
    expect(api.workloads.update).not.toHaveBeenCalled();
  });

  test('emptying the group or the target port clears it: null is sent, and the change says so', async () => {
    const { api } = await openDialog();
    type('Group', '');
    type('Target port', '');
    expect(changeLines()).toEqual(['Target port: 3000 → none', 'Group: dev → none']);
    await act(async () => fireEvent.click(updateButton()));
    expect(api.workloads.update).toHaveBeenCalledWith({ name: 'fetch', changes: { targetPort: null, group: null } });
  });

  test('while the update runs the button says Updating… and is disabled', async () => {
    let answer: (result: Result<WorkloadInfo>) => void = () => {};
    const { api } = await openDialog({ api: { update: () => new Promise((resolve) => (answer = resolve)) } });
    type('Image', 'ghcr.io/acme/fetch:2.0');
    await act(async () => fireEvent.click(updateButton()));
    expect(updateButton().textContent).toBe('Updating…');
    expect(updateButton().disabled).toBe(true);
    await act(async () => fireEvent.submit(screen.getByRole('dialog')));
    expect(api.workloads.update).toHaveBeenCalledTimes(1);
    await act(async () => answer({ ok: true, data: workload({ name: 'fetch', status: 'starting' }) }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  test("the core's refusal is shown and the dialog stays open with the input", async () => {
    await openDialog({ api: { update: () => Promise.resolve({ ok: false, error: { code: 'port-unavailable', message: 'proxy port 8080 is in use on 127.0.0.1' } }) } });
    type('Proxy port', '8080');
    await act(async () => fireEvent.click(updateButton()));
    expect(dialog().getByRole('alert').textContent).toBe('proxy port 8080 is in use on 127.0.0.1');
    expect(field('Proxy port').value).toBe('8080');
    expect(updateButton().disabled).toBe(false);
  });

  test('Escape closes without calling anything', async () => {
    const { api, store } = await openDialog();
    type('Image', 'ghcr.io/acme/fetch:2.0');
    fireEvent.keyDown(field('Image'), { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(store.getState().updateDialogName).toBeNull();
    expect(api.workloads.update).not.toHaveBeenCalled();
  });

  test('Cancel closes without calling anything', async () => {
    const { api } = await openDialog();
    type('Image', 'ghcr.io/acme/fetch:2.0');
    fireEvent.click(dialog().getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(api.workloads.update).not.toHaveBeenCalled();
  });
});
