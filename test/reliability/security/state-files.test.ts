// Issue 5, item 5: state files are 0600 and folders 0700, and a header value or a secret env value
// never appears in plaintext outside secrets/ (and the container's own environment, where the
// server needs it): not in state, status, transitions.jsonl, the proxies' or the app's
// logs (debug on, requests carrying the header through the proxy, failing upstream answers), the
// CLI's output, the contract's answers, or a proxy's command line and environment.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openAppLog } from '../../../electron/app/app-log';
import { createDockerRuntime } from '../../../electron/core/runtime';
import { createDeskService, type DeskService } from '../../../electron/core/service/desk-service';
import type { CliResult } from '../../integration/workloads/helpers/harness';
import { useDesk } from '../../integration/workloads/helpers/use-desk';
import { recordFigures, scaled } from '../helpers/scale';
import { filesOutside, walkTree, type TreeEntry } from './tree';

const image = inject('testImage');
const desk = useDesk();
const secret = (tag: string): string => `${tag}-${randomBytes(16).toString('hex')}`;

/** What the upstream saw, and how it answers: 200 `{}`, or the failure the client asks for in `x-test-fail`. */
const seen: IncomingHttpHeaders[] = [];
const upstream = createServer((req, res) => {
  seen.push(req.headers);
  req.resume();
  const fail = req.headers['x-test-fail'];
  if (fail === 'reset') return void req.socket.destroy();
  if (fail === '401') return void res.writeHead(401, { 'content-type': 'text/plain' }).end('invalid token');
  if (fail === '500') return void res.writeHead(500, { 'content-type': 'text/plain' }).end('upstream broke');
  res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
});
let upstreamUrl = '';
let core: DeskService | undefined;
// The loosest umask, inherited by the CLI and the proxies it starts: every mode must then come
// from our code, not from a careful user's umask (Debian and Ubuntu give users 002).
let umask = 0o022;
beforeAll(async () => {
  umask = process.umask(0);
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/mcp`;
});
afterAll(async () => {
  process.umask(umask);
  core?.close();
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
});

const ok = (result: CliResult): CliResult => {
  expect(result.code, result.stderr).toBe(0);
  return result;
};

describe('state files and secrets', () => {
  it('keeps every folder 0700 and every file 0600, and header values and secret env values only in secrets/', async () => {
    const d = desk();
    // Debug lines too: a leak in them counts.
    d.env.MCPDESK_DEBUG = '1';
    const paths = d.state.paths;
    const service = (core = createDeskService({ state: d.state, manager: d.manager, runtime: () => createDockerRuntime() }));
    const call = async (channel: Parameters<DeskService['handler']>[0], input: unknown): Promise<string> => {
      const result = await service.handler(channel, input);
      expect(result.ok, `${channel}: ${JSON.stringify(result)}`).toBe(true);
      return JSON.stringify(result);
    };

    const secrets = { runAuth: `Bearer ${secret('sk-run')}`, runKey: secret('key-run'), cliUpdate: `Bearer ${secret('sk-cli-update')}`, appUpdate: `Bearer ${secret('sk-app-update')}`, client: `Bearer ${secret('client-own')}`, envRun: secret('env-run'), envApp: secret('env-app') };
    /** Everything the session printed or answered, by where it came from. */
    const outputs: { source: string; text: string }[] = [];
    const cli = async (...args: string[]): Promise<CliResult> => {
      const result = await d.cli(...args);
      outputs.push({ source: `mcpdesk ${args.slice(0, 2).join(' ')}`, text: result.stdout + result.stderr });
      return result;
    };

    // A realistic session: settings, the app's log, a remote workload with headers, a container
    // workload, requests through the proxy, two updates of the headers (CLI and app), stop and restart.
    await call('settings:set', { stopAllOnQuit: true });
    const appLog = openAppLog(path.join(paths.logs, 'app.log'), { verbose: true });
    appLog.info('engine events back');
    appLog.warn('engine events unavailable: test');
    appLog.error('workloads:stop from the tray failed', new Error('test failure'));
    await appLog.close();

    ok(await cli('run', '--remote', upstreamUrl, '--name', 'sec-remote', '--header', `Authorization: ${secrets.runAuth}`, '--header', `X-Api-Key: ${secrets.runKey}`, '--wait'));
    ok(await cli('run', image, '--name', 'sec-stdio', '-e', 'PLAIN=visible', '--secret-env', `STDIO_KEY=${secrets.envRun}`, '--wait'));
    // The secret env value really reached the container (so its absence elsewhere means something).
    expect(await d.containerEnv('sec-stdio')).toContain(`STDIO_KEY=${secrets.envRun}`);

    const requests = scaled(20, 200);
    const send = async (count: number): Promise<void> => {
      const { url } = await d.manager.get('sec-remote');
      const failures = ['none', '401', '500', 'reset'];
      for (let i = 0; i < count; i++) {
        await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: secrets.client, 'x-test-fail': failures[i % failures.length]! },
          body: JSON.stringify({ jsonrpc: '2.0', id: i, method: 'tools/list' }),
        }).then((response) => response.arrayBuffer(), () => undefined);
      }
    };
    await send(requests);
    // The header really went through the proxy (so its absence elsewhere means something).
    expect(seen.at(-1)).toMatchObject({ authorization: secrets.runAuth, 'x-api-key': secrets.runKey });

    ok(await cli('update', 'sec-remote', '--header', `Authorization: ${secrets.cliUpdate}`));
    await d.manager.waitFor('sec-remote', ['running', 'unhealthy'], 30_000);
    await send(requests);
    expect(seen.at(-1)).toMatchObject({ authorization: secrets.cliUpdate });

    await call('workloads:update', { name: 'sec-remote', changes: { headers: { Authorization: secrets.appUpdate } } });
    await d.manager.waitFor('sec-remote', ['running', 'unhealthy'], 30_000);
    await send(requests);
    expect(seen.at(-1)).toMatchObject({ authorization: secrets.appUpdate });

    ok(await cli('stop', 'sec-stdio'));
    ok(await cli('restart', 'sec-stdio'));
    await d.manager.waitFor('sec-stdio', ['running'], 60_000);
    await call('workloads:update', { name: 'sec-stdio', changes: { secretEnv: { STDIO_KEY: secrets.envApp } } });
    await d.manager.waitFor('sec-stdio', ['running'], 60_000);
    expect(await d.containerEnv('sec-stdio')).toContain(`STDIO_KEY=${secrets.envApp}`);

    // The header values sit in secrets/ (and nowhere else): the current one, not the replaced ones.
    const kept = await readFile(paths.secretsFile('sec-remote'), 'utf8');
    expect(kept).toContain(secrets.appUpdate);
    expect(kept).not.toContain(secrets.runAuth);
    expect(kept).not.toContain(secrets.cliUpdate);
    const keptEnv = await readFile(paths.secretsFile('sec-stdio'), 'utf8');
    expect(keptEnv).toContain(secrets.envApp);
    expect(keptEnv).not.toContain(secrets.envRun);

    const figures = { walks: 0, foldersChecked: 0, filesChecked: 0, leakChecks: 0, requestsWithSecretHeader: requests * 3 };
    const checkModes = async (): Promise<TreeEntry[]> => {
      const entries = await walkTree(paths.root);
      figures.walks++;
      for (const entry of entries) {
        expect(entry.mode.toString(8), `${entry.rel}${entry.dir ? '/' : ''}`).toBe(entry.dir ? '700' : '600');
        if (entry.dir) figures.foldersChecked++;
        else figures.filesChecked++;
      }
      return entries;
    };
    const checkLeaks = async (): Promise<void> => {
      for (const { rel, text } of await filesOutside(paths.root, ['secrets/'])) outputs.push({ source: rel, text });
      for (const { source, text } of outputs) {
        for (const [which, value] of Object.entries(secrets)) {
          // The token alone: a value logged without its "Bearer " still leaks.
          const token = value.replace(/^Bearer /, '');
          expect(text.includes(token), `${which} appears in ${source}`).toBe(false);
          figures.leakChecks++;
        }
      }
      outputs.length = 0;
    };

    const entries = await checkModes();
    // The walk covered every kind of state file, so its verdict means something.
    const rels = new Set(entries.map((entry) => entry.rel));
    for (const rel of ['settings.json', 'transitions.jsonl', 'logs/app.log', 'logs/sec-remote.log', 'logs/sec-stdio.log', 'secrets/sec-remote.json', 'state/sec-remote.json', 'status/sec-remote.json', 'pids/sec-remote.pid', 'locks']) {
      expect(rels, rel).toContain(rel);
    }

    for (const args of [['list', '--all'], ['list', '--all', '--format', 'json'], ['status', 'sec-remote'], ['status', 'sec-remote', '--format', 'json'], ['logs', 'sec-remote', '--proxy'], ['logs', 'sec-stdio']]) {
      ok(await cli(...args));
    }
    for (const [channel, input] of [
      ['workloads:list', { all: true }],
      ['workloads:get', { name: 'sec-remote' }],
      ['workloads:config', { name: 'sec-remote' }],
      ['workloads:config', { name: 'sec-stdio' }],
      ['workloads:get', { name: 'sec-stdio' }],
      ['workloads:logs', { name: 'sec-remote', proxy: true }],
      ['workloads:timeline', { name: 'sec-remote' }],
      ['settings:get', {}],
    ] as const) {
      outputs.push({ source: channel, text: await call(channel, input) });
    }
    // A proxy's command line is readable by every user of the machine; its environment by this one.
    const pid = Number((await readFile(paths.pidFile('sec-remote'), 'utf8')).trim());
    for (const file of ['cmdline', 'environ']) outputs.push({ source: `/proc/<proxy>/${file}`, text: await readFile(`/proc/${pid}/${file}`, 'latin1') });
    await checkLeaks();

    // Deleting the workload deletes its secrets; the rest stays private.
    ok(await cli('rm', 'sec-remote', 'sec-stdio'));
    await expect(readFile(paths.secretsFile('sec-remote'), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
    await checkModes();
    await checkLeaks();

    await recordFigures('security-state-files', figures);
  });
});
