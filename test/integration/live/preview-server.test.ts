import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDockerRuntime } from '../../../electron/core/runtime';
import { createDeskService, type DeskService } from '../../../electron/core/service/desk-service';
import { startPreviewServer, type PreviewServer } from '../../../electron/core/service/preview-server';
import { useDesk } from '../workloads/helpers/use-desk';

const image = inject('testImage');
const desk = useDesk();
let service: DeskService;
let preview: PreviewServer;
let origin = '';
let token = '';

beforeAll(async () => {
  service = createDeskService({ state: desk().state, manager: desk().manager, runtime: () => createDockerRuntime() });
  await service.start();
  preview = await startPreviewServer({
    handler: service.handler,
    events: service.events,
    rendererDir: path.resolve(import.meta.dirname, '../../../dist/renderer'),
  });
  const url = new URL(preview.url);
  origin = url.origin;
  token = url.searchParams.get('token') ?? '';
});
afterAll(async () => {
  service?.close();
  await preview?.close();
});

/** A raw request, so that Host and cookies are exactly as given. */
function send(pathname: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  const url = new URL(pathname, origin);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: url.port, path: url.pathname + url.search, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.once('error', reject);
    req.end(options.body);
  });
}

describe('npm run preview: the UI and the contract over HTTP', () => {
  it('serves the renderer only with the one-time token, and sets it as a strict cookie', async () => {
    expect((await send('/')).status).toBe(403);
    expect((await send('/?token=wrong')).status).toBe(403);
    const page = await send(`/?token=${token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root">');
    expect(String(page.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    expect((await send('/main.js', { headers: { cookie: `mcpdesk-preview=${token}` } })).status).toBe(200);
    expect((await send('/../package.json', { headers: { cookie: `mcpdesk-preview=${token}` } })).status).toBe(404);
  });

  it('refuses a foreign Host or Origin even with the token', async () => {
    expect((await send(`/?token=${token}`, { headers: { host: 'evil.example' } })).status).toBe(403);
    expect((await send(`/?token=${token}`, { headers: { origin: 'https://attacker.example' } })).status).toBe(403);
  });

  it('answers the contract, refuses bad payloads and unknown channels, and streams events', async () => {
    const auth = { cookie: `mcpdesk-preview=${token}`, 'content-type': 'application/json' };
    const bad = await send('/api/workloads:stop', { method: 'POST', headers: auth, body: '{"names": 3}' });
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect((await send('/api/__proto__', { method: 'POST', headers: auth, body: '{}' })).status).toBe(404);
    expect((await send('/api/workloads:list', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(403);

    // Events: a workload run from the CLI shows on the stream.
    const events: string[] = [];
    const stream = request({ host: '127.0.0.1', port: new URL(origin).port, path: '/api/events', headers: { cookie: `mcpdesk-preview=${token}` } }, (res) => {
      res.on('data', (chunk: Buffer) => events.push(chunk.toString()));
    });
    stream.end();
    try {
      expect((await desk().cli('run', image, '--name', 'previewed', '--wait')).code).toBe(0);
      const deadline = Date.now() + 5_000;
      while (!events.join('').match(/event: workloads:changed\ndata: \{"name":"previewed"[^\n]*"status":"running"/) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(events.join('')).toMatch(/event: workloads:changed\ndata: \{"name":"previewed"[^\n]*"status":"running"/);
    } finally {
      stream.destroy();
    }
    const listed = JSON.parse((await send('/api/workloads:list', { method: 'POST', headers: auth, body: '{}' })).body) as { ok: boolean; data: Array<{ name: string; status: string }> };
    expect(listed.ok).toBe(true);
    expect(listed.data.map((w) => [w.name, w.status])).toEqual([['previewed', 'running']]);
  });

  it('gives the update dialog a workload\'s settings without secret values, and pushes settings changes', async () => {
    const auth = { cookie: `mcpdesk-preview=${token}`, 'content-type': 'application/json' };
    const ran = await desk().cli('run', '--remote', 'http://127.0.0.1:9/mcp', '--name', 'cfg-remote', '--header', 'Authorization: Bearer s3cret-value', '-l', 'team=backend');
    expect(ran.code).toBe(0);
    const config = await send('/api/workloads:config', { method: 'POST', headers: auth, body: '{"name":"cfg-remote"}' });
    expect(config.body).not.toContain('s3cret-value');
    expect(JSON.parse(config.body)).toMatchObject({ ok: true, data: { name: 'cfg-remote', remoteUrl: 'http://127.0.0.1:9/mcp', headerNames: ['Authorization'], labels: { team: 'backend' } } });
    expect(JSON.parse((await send('/api/workloads:config', { method: 'POST', headers: auth, body: '{"name":"ghost"}' })).body)).toMatchObject({ ok: false, error: { code: 'not-found' } });

    const events: string[] = [];
    const stream = request({ host: '127.0.0.1', port: new URL(origin).port, path: '/api/events', headers: { cookie: `mcpdesk-preview=${token}` } }, (res) => {
      res.on('data', (chunk: Buffer) => events.push(chunk.toString()));
    });
    stream.end();
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const set = await send('/api/settings:set', { method: 'POST', headers: auth, body: '{"stopAllOnQuit":true}' });
      expect(JSON.parse(set.body)).toEqual({ ok: true, data: { stopAllOnQuit: true } });
      await expect.poll(() => events.join(''), { timeout: 5_000 }).toContain('event: settings:changed\ndata: {"stopAllOnQuit":true}');
      expect(JSON.parse(await readFile(desk().state.paths.settingsFile, 'utf8'))).toEqual({ stopAllOnQuit: true });
    } finally {
      stream.destroy();
    }
  });
});
