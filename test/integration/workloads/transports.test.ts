import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startFixture, stopAll } from '../proxy/helpers/servers';
import { connectClient, echoThrough, textOf } from './helpers/clients';
import { useDesk } from './helpers/use-desk';

const image = inject('testImage');
const desk = useDesk();
afterAll(async () => {
  await stopAll();
});

describe('sse and streamable-http workloads', () => {
  it.each([
    ['sse', '/sse'],
    ['streamable-http', '/mcp'],
  ] as const)('serves a %s server in its container through the proxy, with notifications', async (transport, path) => {
    const name = `http-${transport}`;
    const ran = await desk().cli('run', image, '--name', name, '--transport', transport, '--wait');
    expect(ran.stderr).toBe('');
    const info = await desk().manager.get(name);
    expect(info).toMatchObject({ status: 'running', transport });
    expect(info.url).toBe(`http://127.0.0.1:${info.port}${path}`);

    const client = await connectClient(info.url);
    try {
      const notes: unknown[] = [];
      client.setNotificationHandler(LoggingMessageNotificationSchema, (note) => void notes.push(note.params.data));
      expect(textOf(await client.callTool({ name: 'add', arguments: { a: 2, b: 40 } }))).toBe('42');
      expect(textOf(await client.callTool({ name: 'notify', arguments: { count: 3, tag: name } }))).toBe('sent 3 notifications');
      expect(notes).toEqual([1, 2, 3].map((index) => ({ index, count: 3, tag: name })));
    } finally {
      await client.close();
    }

    // The container was told where to listen, and publishes only on 127.0.0.1.
    const stdout = execFileSync('docker', ['inspect', '--format', '{{json .Config.Env}} {{json .HostConfig.PortBindings}}', name], { encoding: 'utf8' });
    expect(stdout).toContain(`"MCP_TRANSPORT=${transport}"`);
    expect(stdout).toContain('"MCP_PORT=8080"');
    expect(stdout).toContain('"MCP_HOST=0.0.0.0"');
    expect(stdout).toMatch(/"8080\/tcp":\[\{"HostIp":"127\.0\.0\.1"/);
  });
});

describe('remote workloads', () => {
  it('proxies a remote MCP server with no container, and stop and restart keep its port', async () => {
    const fixture = await startFixture('streamable-http');
    const ran = await desk().cli('run', '--remote', fixture.url.href, '--name', 'remote-docs', '--wait');
    expect(ran.stderr).toBe('');
    const info = await desk().manager.get('remote-docs');
    expect(info).toMatchObject({ kind: 'remote', status: 'running', remoteUrl: fixture.url.href, image: undefined });
    expect(info.url).toBe(`http://127.0.0.1:${info.port}/mcp`);
    expect(await echoThrough(info.url, 'far away')).toBe('far away');
    expect((await desk().containers()).filter((line) => line.startsWith('remote-docs '))).toEqual([]);

    await desk().cli('stop', 'remote-docs');
    expect((await desk().manager.get('remote-docs')).status).toBe('stopped');
    await desk().cli('restart', 'remote-docs');
    const again = await desk().manager.waitFor('remote-docs', ['running'], 15_000);
    expect(again.port).toBe(info.port);
    expect(await echoThrough(again.url, 'back again')).toBe('back again');
    expect((await desk().cli('list', '--filter', 'transport=streamable-http')).stdout).toMatch(/remote-docs\s+running/);
  });

  it('adds the configured headers to every forwarded request', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const upstream: Server = createServer((req, res) => {
      seen.push(req.headers);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    try {
      const port = (upstream.address() as AddressInfo).port;
      const ran = await desk().cli('run', '--remote', `http://127.0.0.1:${port}/v1/mcp`, '--name', 'remote-auth', '--header', 'Authorization: Bearer t0ken', '--header', 'X-Team: core', '--wait');
      expect(ran.stderr).toBe('');
      const info = await desk().manager.get('remote-auth');
      expect(info.url).toBe(`http://127.0.0.1:${info.port}/v1/mcp`);
      const response = await fetch(info.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'client-own' }, body: '{}' });
      expect(response.status).toBe(200);
      expect(seen.at(-1)).toMatchObject({ authorization: 'Bearer t0ken', 'x-team': 'core', host: `127.0.0.1:${port}` });

      // The value is kept by reference: not in the RunConfig, not in list's JSON, not in the log.
      const saved = await readFile(desk().state.paths.runConfigFile('remote-auth'), 'utf8');
      expect(saved).not.toContain('t0ken');
      expect(JSON.parse(saved).headers).toEqual({ Authorization: { secretRef: 'header:Authorization' }, 'X-Team': { secretRef: 'header:X-Team' } });
      expect((await desk().cli('list', '--format', 'json')).stdout).not.toContain('t0ken');
      expect((await desk().cli('logs', 'remote-auth', '--proxy')).stdout).not.toContain('t0ken');

      // An update that does not touch the headers keeps them.
      expect((await desk().cli('update', 'remote-auth', '-l', 'team=docs')).code).toBe(0);
      await desk().manager.waitFor('remote-auth', ['running'], 15_000);
      await fetch(info.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(seen.at(-1)).toMatchObject({ authorization: 'Bearer t0ken', 'x-team': 'core' });
    } finally {
      upstream.closeAllConnections();
      await new Promise((resolve) => upstream.close(resolve));
    }
  });

  it('refuses a request whose Host is not a loopback name (DNS rebinding)', async () => {
    const fixture = await startFixture('streamable-http');
    await desk().cli('run', '--remote', fixture.url.href, '--name', 'remote-guarded', '--wait');
    const { port } = await desk().manager.get('remote-guarded');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/mcp', method: 'POST', headers: { host: 'evil.example', 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.once('error', reject);
      req.end('{}');
    });
    expect(status).toBe(403);
  });
});
