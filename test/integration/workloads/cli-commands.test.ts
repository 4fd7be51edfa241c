import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { describe, expect, inject, it } from 'vitest';
import { echoThrough } from './helpers/clients';
import { eventually } from './helpers/harness';
import { useDesk } from './helpers/use-desk';

const image = inject('testImage');
const desk = useDesk();

describe('mcpdesk run --foreground', () => {
  it('serves in the caller until SIGINT, then stops the workload and keeps its state', async () => {
    const child = desk().spawnCli('run', image, '--name', 'fg', '--foreground');
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const info = await eventually('the foreground workload running', async () => {
      const now = await desk().manager.get('fg').catch(() => undefined);
      return now?.status === 'running' ? now : undefined;
    });
    expect(info.pid).toBe(child.pid);
    expect(await echoThrough(info.url, 'in the foreground')).toBe('in the foreground');
    await eventually('the serving line', async () => (stderr.includes(`serving workload "fg" at ${info.url}`) ? true : undefined));

    const exited = once(child, 'exit');
    child.kill('SIGINT');
    const [code] = await exited;
    expect(code).toBe(0);
    const after = await desk().manager.get('fg');
    expect(after).toMatchObject({ status: 'stopped', pid: null, port: info.port });
    await readFile(desk().state.paths.runConfigFile('fg'));

    // A stopped foreground run comes back detached.
    expect((await desk().cli('restart', 'fg')).code).toBe(0);
    const back = await desk().manager.waitFor('fg', ['running'], 15_000);
    expect(await echoThrough(back.url, 'detached now')).toBe('detached now');
  });
});

describe('mcpdesk update', () => {
  it('replaces the configuration, keeping the name and the proxy port', async () => {
    await desk().cli('run', image, '--name', 'upd', '-e', 'LEVEL=info', '-l', 'team=a', '--wait');
    const before = await desk().manager.get('upd');
    const configBefore = await desk().manager.config('upd');

    const updated = await desk().cli('update', 'upd', '-e', 'LEVEL=debug', '-l', 'team=b', '--group', 'dev');
    expect(updated.stderr).toBe('');
    expect(updated.code).toBe(0);
    const after = await desk().manager.waitFor('upd', ['running'], 15_000);
    expect(after).toMatchObject({ port: before.port, labels: { team: 'b' }, group: 'dev', image });
    const config = await desk().manager.config('upd');
    expect(config.env).toEqual({ LEVEL: 'debug' });
    expect(config.cmdArgs).toEqual(configBefore.cmdArgs);
    expect(await echoThrough(after.url, 'updated')).toBe('updated');

    const log = (await desk().state.statuses.transitions.read('upd')).map((r) => `${r.from ?? 'new'}>${r.to}`);
    // The workload is never deleted on the way: a crash midway cannot lose it.
    expect(log).toEqual(['new>starting', 'starting>running', 'running>stopping', 'stopping>stopped', 'stopped>starting', 'starting>running']);

    // The app's update dialog clears the group with null; everything else is kept.
    await desk().manager.update('upd', { group: null });
    const cleared = await desk().manager.config('upd');
    expect(cleared.group).toBeUndefined();
    expect(cleared).toMatchObject({ labels: { team: 'b' }, env: { LEVEL: 'debug' }, proxyPort: before.port });
  });
});

describe('mcpdesk list, status and logs', () => {
  it('prints complete, stable JSON and an aligned table', async () => {
    await desk().cli('run', image, '--name', 'listed', '-l', 'team=backend', '-l', 'tier=', '--wait');
    const json = JSON.parse((await desk().cli('list', '--format', 'json', '--filter', 'team=backend')).stdout) as Array<Record<string, unknown>>;
    expect(json).toHaveLength(1);
    expect(Object.keys(json[0]!)).toEqual(['name', 'kind', 'status', 'statusContext', 'transport', 'proxyMode', 'url', 'port', 'image', 'remoteUrl', 'group', 'labels', 'pid', 'createdAt', 'updatedAt']);
    expect(json[0]).toMatchObject({ name: 'listed', status: 'running', remoteUrl: null, group: null, labels: { team: 'backend', tier: '' } });

    const status = JSON.parse((await desk().cli('status', 'listed', '--format', 'json')).stdout) as Record<string, unknown>;
    expect(status).toEqual(json[0]);

    const table = (await desk().cli('list')).stdout.split('\n').filter(Boolean);
    expect(table[0]).toMatch(/^NAME\s+STATUS\s+TRANSPORT\s+URL\s+PORT\s+SOURCE\s+GROUP\s+LABELS\s+REASON$/);
    const statusColumn = table[0]!.indexOf('STATUS');
    for (const row of table.slice(1)) expect(row.slice(statusColumn)).toMatch(/^(running|starting|unhealthy)\b/);
  });

  it("shows the container's log, the proxy's log, and follows", async () => {
    await desk().cli('run', image, '--name', 'chatty', '--wait', '--', '--noise');
    await echoThrough((await desk().manager.get('chatty')).url, 'a private tool result');
    const container = await desk().cli('logs', 'chatty');
    expect(container.code).toBe(0);
    // The server's own log (stderr); its stdout is protocol traffic and noise, not shown.
    expect(container.stdout).toContain('serving MCP on stdio with noise on stdout');
    expect(container.stdout).not.toContain('a private tool result');
    expect(container.stdout).not.toContain('jsonrpc');
    const proxy = await desk().cli('logs', 'chatty', '--proxy');
    expect(proxy.stdout).toContain('serving workload "chatty"');
    // The proxy skips the server's non-JSON lines and says so.
    await echoThrough((await desk().manager.get('chatty')).url, 'hi');
    expect((await desk().cli('logs', 'chatty', '--proxy')).stdout).toMatch(/warn .*non-JSON|warn .*not JSON/i);

    const follower = desk().spawnCli('logs', 'chatty', '--follow', '--proxy', '--tail', '0');
    let out = '';
    follower.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await desk().cli('stop', 'chatty');
    await eventually('the followed SIGTERM line', async () => (out.includes('SIGTERM: closing') ? true : undefined));
    follower.kill('SIGINT');
    await once(follower, 'exit');
  });
});
