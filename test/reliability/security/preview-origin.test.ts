// The preview server (npm run preview) answers the contract to a browser. Its cookie is
// SameSite=Strict, but every loopback origin is the same site: a page served by any other local
// program (a dev server on localhost:3000) could post to it with the cookie attached, and a
// text/plain POST needs no CORS preflight. So a request whose Origin is not the preview's own must
// be refused before anything runs.
import { request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestChannel, Result } from '../../../shared/contract';
import { startPreviewServer, type PreviewServer } from '../../../electron/core/service/preview-server';

const TOKEN = 'c0ffee'.repeat(8);
const calls: RequestChannel[] = [];
let preview: PreviewServer;
let port = 0;

beforeAll(async () => {
  preview = await startPreviewServer({
    handler: async (channel): Promise<Result<unknown>> => {
      calls.push(channel);
      return { ok: true, data: null };
    },
    events: { on: () => () => undefined },
    rendererDir: path.resolve(import.meta.dirname, '../../../dist/renderer'),
    token: TOKEN,
  });
  port = Number(new URL(preview.url).port);
});
afterAll(async () => {
  await preview?.close();
});

function post(channel: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: `/api/${channel}`, method: 'POST', headers: { cookie: `mcpdesk-preview=${TOKEN}`, 'content-type': 'text/plain', ...headers } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.once('error', reject);
    req.end('{"names":["victim"]}');
  });
}

describe('preview server origin', () => {
  it('refuses a request from another loopback origin, even with the cookie, before calling the core', async () => {
    for (const origin of [`http://127.0.0.1:${port + 1}`, 'http://localhost:3000', `http://localhost:${port}`, `https://127.0.0.1:${port}`, 'null']) {
      calls.length = 0;
      expect(await post('workloads:stop', { origin }), origin).toBe(403);
      expect(calls, origin).toEqual([]);
    }
  });

  it('answers its own page (same Origin) and clients that send no Origin', async () => {
    calls.length = 0;
    expect(await post('workloads:stop', { origin: `http://127.0.0.1:${port}` })).toBe(200);
    expect(await post('workloads:stop', { host: `localhost:${port}`, origin: `http://localhost:${port}` })).toBe(200);
    expect(await post('workloads:stop', {})).toBe(200);
    expect(calls).toEqual(['workloads:stop', 'workloads:stop', 'workloads:stop']);
  });
});
