import { execFile } from 'node:child_process';
import net from 'node:net';
import { promisify } from 'node:util';
import { describe, expect, inject, it, vi } from 'vitest';
import { TRANSITIONS } from '../../../shared/states';
import { connectClient, echoThrough } from './helpers/clients';
import { eventually } from './helpers/harness';
import { useDesk } from './helpers/use-desk';
import { cliWithEnv, edgeOf, edgesOf, refusedRecords, serverThatNeverListens, waitForEdge } from './helpers/transition-log';

// Every edge of shared/states.ts, driven for real (CLI or WorkloadManager, real engine, real proxy
// processes) and observed in transitions.jsonl. The workloads of the first block run side by side;
// the last block checks the whole log once they are done.

const docker = (...args: string[]) => promisify(execFile)('docker', args);
const image = inject('testImage');
const desk = useDesk();

/** The workload as `mcpdesk list --all --format json` shows it. */
async function listed(name: string): Promise<{ status: string; statusContext: string; port: number; url: string; pid: number | null }> {
  const result = await desk().cli('list', '--all', '--format', 'json');
  expect(result.code).toBe(0);
  const found = (JSON.parse(result.stdout) as Array<{ name: string; status: string; statusContext: string; port: number; url: string; pid: number | null }>).find((w) => w.name === name);
  if (!found) throw new Error(`mcpdesk list --all does not show "${name}": ${result.stdout}`);
  return found;
}

/** Waits until list derives `running` for the workload, and returns its URL. */
async function runningUrl(name: string): Promise<string> {
  return eventually(`"${name}" to be running`, async () => {
    const info = await desk().manager.get(name);
    return info.status === 'running' ? info.url : undefined;
  });
}

/** Opens an MCP session through the proxy and closes it: the first initialize starts the proxy's health checks. */
async function initializeOnce(url: string): Promise<void> {
  const client = await connectClient(url);
  await client.close();
}

describe.concurrent('each edge of the transition table, driven against the real engine', () => {
  it('run, stop, restart, stop and rm go (new) → starting → running → stopping → stopped → starting → running → stopping → stopped → removing → gone', async () => {
    const name = 'tr-basic';
    const ran = await desk().cli('run', image, '--name', name, '--wait');
    expect(ran).toMatchObject({ code: 0, stderr: '' });
    const url = await runningUrl(name);
    expect(await echoThrough(url, 'first run')).toBe('first run');

    expect(await desk().cli('stop', name)).toMatchObject({ code: 0, stdout: `${name}: stopped\n` });
    expect(await listed(name)).toMatchObject({ status: 'stopped', pid: null });

    expect((await desk().cli('restart', name)).code).toBe(0);
    expect(await runningUrl(name)).toBe(url);
    expect(await echoThrough(url, 'after restart')).toBe('after restart');

    expect(await desk().cli('stop', name)).toMatchObject({ code: 0, stdout: `${name}: stopped\n` });
    expect(await desk().cli('rm', name)).toMatchObject({ code: 0, stdout: `${name}: removed\n` });

    expect(await edgesOf(desk(), name)).toEqual([
      '(new) → starting',
      'starting → running',
      'running → stopping',
      'stopping → stopped',
      'stopped → starting',
      'starting → running',
      'running → stopping',
      'stopping → stopped',
      'stopped → removing',
      'removing → gone',
    ]);
    const restart = (await desk().state.statuses.transitions.read(name)).find((r) => edgeOf(r) === 'stopped → starting');
    expect(restart?.context).toBe('restart');
  });

  it('a server that exits goes running → error with its exit code and last log line; restart recovers it, and rm removes it from error', async () => {
    const name = 'tr-exit';
    expect((await desk().cli('run', image, '--name', name, '--', '--exit-after=5')).code).toBe(0);
    const exited = await waitForEdge(desk(), name, 'running → error');
    expect(exited.context).toMatch(/^the container exited with code 3: /);
    expect(exited.context).toContain('fixture: exiting with code 3 after 5s');
    expect(await listed(name)).toMatchObject({ status: 'error', statusContext: exited.context });

    // Recovery by restart: running again on the same port, and a client gets answers.
    const port = (await listed(name)).port;
    expect((await desk().cli('restart', name)).code).toBe(0);
    const url = await runningUrl(name);
    expect(await echoThrough(url, 'back after an exit')).toBe('back after an exit');
    expect((await listed(name)).port).toBe(port);

    // It exits again 5 s after its restart. The reason quotes its log (stderr), not the protocol
    // traffic on its stdout, which holds what tools returned.
    const again = await waitForEdge(desk(), name, 'running → error', { times: 2 });
    expect(again.context).toMatch(/^the container exited with code 3: .*fixture: exiting with code 3 after 5s$/);
    expect(again.context).not.toContain('back after an exit');
    expect(again.context).not.toContain('jsonrpc');

    // rm takes it from error.
    expect(await desk().cli('rm', name)).toMatchObject({ code: 0, stdout: `${name}: removed\n` });
    expect(await edgesOf(desk(), name)).toEqual([
      '(new) → starting',
      'starting → running',
      'running → error',
      'error → starting',
      'starting → running',
      'running → error',
      'error → removing',
      'removing → gone',
    ]);
  });

  it('a restart that read running just before the proxy recorded the exit of its container goes on from error and recovers', async () => {
    const name = 'tr-exit-race';
    expect((await desk().cli('run', image, '--name', name, '--wait', '--', '--exit-after=2')).code).toBe(0);
    // Widen the window between the restart's read of the status and its first write until the
    // real container has exited and its real proxy has recorded it: the write then finds error.
    const statuses = desk().state.statuses;
    const update = statuses.update.bind(statuses);
    let held = false;
    const spy = vi.spyOn(statuses, 'update').mockImplementation(async (target, change) => {
      if (target === name && !held) {
        held = true;
        await waitForEdge(desk(), name, 'running → error');
      }
      return update(target, change);
    });
    try {
      const [restarted] = await desk().manager.restart([name]);
      expect(restarted).toMatchObject({ name, ok: true });
    } finally {
      spy.mockRestore();
    }
    expect(held).toBe(true);
    await waitForEdge(desk(), name, 'starting → running', { times: 2 });
    expect((await edgesOf(desk(), name)).slice(0, 5)).toEqual(['(new) → starting', 'starting → running', 'running → error', 'error → starting', 'starting → running']);
    expect((await desk().cli('rm', name)).code).toBe(0);
  });

  it('a server that stops answering pings goes running → unhealthy with the reason; restart from unhealthy recovers it, and stop from unhealthy stops it', async () => {
    const name = 'tr-unhealthy';
    expect((await desk().cli('run', image, '--name', name, '--wait', '--', '--stop-pings-after=1')).code).toBe(0);
    const url = await runningUrl(name);
    await initializeOnce(url);

    const unhealthy = await waitForEdge(desk(), name, 'running → unhealthy', { ms: 10_000 });
    expect(unhealthy.context).toMatch(/^3 health checks failed in a row: the MCP server did not answer ping within 300 ms/);
    expect(await listed(name)).toMatchObject({ status: 'unhealthy', statusContext: unhealthy.context });
    // Unhealthy is not dead: only pings go unanswered, tools still answer.
    expect(await echoThrough(url, 'while unhealthy')).toBe('while unhealthy');

    // Recovery by restart, straight from unhealthy.
    expect((await desk().cli('restart', name)).code).toBe(0);
    expect(await runningUrl(name)).toBe(url);
    expect(await echoThrough(url, 'after restart')).toBe('after restart');

    // The restarted server stops answering pings again after 1 s; stop it once that shows.
    await waitForEdge(desk(), name, 'running → unhealthy', { times: 2, ms: 10_000 });
    expect(await desk().cli('stop', name)).toMatchObject({ code: 0, stdout: `${name}: stopped\n` });
    expect(await listed(name)).toMatchObject({ status: 'stopped' });
    expect(await edgesOf(desk(), name)).toEqual([
      '(new) → starting',
      'starting → running',
      'running → unhealthy',
      'unhealthy → stopping',
      'stopping → stopped',
      'stopped → starting',
      'starting → running',
      'running → unhealthy',
      'unhealthy → stopping',
      'stopping → stopped',
    ]);
  });

  it('a server that answers pings again goes unhealthy → running with "health checks pass again"', async () => {
    const name = 'tr-recovers';
    expect((await desk().cli('run', image, '--name', name, '--wait', '--', '--stop-pings-after=1', '--resume-pings-after=10')).code).toBe(0);
    await initializeOnce(await runningUrl(name));
    await waitForEdge(desk(), name, 'running → unhealthy', { ms: 10_000 });
    const recovered = await waitForEdge(desk(), name, 'unhealthy → running', { ms: 10_000 });
    expect(recovered.context).toBe('health checks pass again');
    expect(await listed(name)).toMatchObject({ status: 'running', statusContext: 'health checks pass again' });
    expect(await edgesOf(desk(), name)).toEqual(['(new) → starting', 'starting → running', 'running → unhealthy', 'unhealthy → running']);
  });

  it('an unhealthy server whose container dies goes unhealthy → error with the exit code', async () => {
    const name = 'tr-unhealthy-exit';
    expect((await desk().cli('run', image, '--name', name, '--wait', '--', '--stop-pings-after=0')).code).toBe(0);
    await initializeOnce(await runningUrl(name));
    await waitForEdge(desk(), name, 'running → unhealthy', { ms: 10_000 });
    await docker('kill', name);
    const exited = await waitForEdge(desk(), name, 'unhealthy → error', { ms: 10_000 });
    expect(exited.context).toMatch(/^the container exited with code 137/);
    expect(await listed(name)).toMatchObject({ status: 'error', statusContext: exited.context });
    expect(await edgesOf(desk(), name)).toEqual(['(new) → starting', 'starting → running', 'running → unhealthy', 'unhealthy → error']);
  });

  it('a restart while another program holds the proxy port goes starting → error naming the port; once the port is free, restart recovers', async () => {
    const name = 'tr-port-taken';
    expect((await desk().cli('run', image, '--name', name, '--wait')).code).toBe(0);
    const url = await runningUrl(name);
    const { port } = await listed(name);
    expect((await desk().cli('stop', name)).code).toBe(0);

    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen({ port, host: '127.0.0.1', exclusive: true }, resolve));
    try {
      const refused = await desk().cli('restart', name);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`${name}: error: failed to start workload "${name}": its proxy port ${port} is taken by another program`);
      expect(await listed(name)).toMatchObject({ status: 'error', statusContext: `failed to start workload "${name}": its proxy port ${port} is taken by another program` });
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }

    expect((await desk().cli('restart', name)).code).toBe(0);
    expect(await runningUrl(name)).toBe(url);
    expect(await echoThrough(url, 'port is ours again')).toBe('port is ours again');
    expect(await edgesOf(desk(), name)).toEqual([
      '(new) → starting',
      'starting → running',
      'running → stopping',
      'stopping → stopped',
      'stopped → starting',
      'starting → error',
      'error → starting',
      'starting → running',
    ]);
  });

  it('an HTTP server that fails before it listens goes starting → error with its exit code and its last log line', async () => {
    const name = 'tr-bad-start';
    expect((await desk().cli('run', image, '--name', name, '--transport', 'streamable-http', '--', '--no-such-switch')).code).toBe(0);
    const failed = await waitForEdge(desk(), name, 'starting → error', { ms: 10_000 });
    expect(failed.context).toContain('the container exited with code 2');
    expect(failed.context).toContain('fixture: usage error: unknown argument "--no-such-switch"');
    expect(await listed(name)).toMatchObject({ status: 'error', statusContext: failed.context });
    expect(await edgesOf(desk(), name)).toEqual(['(new) → starting', 'starting → error']);
  });

  it('a stop while the server is still starting goes starting → stopping → stopped without waiting for it', async () => {
    const name = 'tr-stop-starting';
    const never = await serverThatNeverListens(desk());
    const ran = await desk().cli('run', image, '--name', name, '--transport', 'streamable-http', '-v', `${never}:/app/server.mjs:ro`);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(new RegExp(`^${name} starting `));
    // Still starting a moment later: the proxy waits for a server that does not listen.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const starting = await listed(name);
    expect(starting.status).toBe('starting');
    expect(starting.pid).not.toBeNull();

    expect(await desk().cli('stop', name)).toMatchObject({ code: 0, stdout: `${name}: stopped\n` });
    expect(await listed(name)).toMatchObject({ status: 'stopped', pid: null });
    expect(await desk().containers()).toContainEqual(expect.stringMatching(new RegExp(`^${name} exited `)));
    expect(await edgesOf(desk(), name)).toEqual(['(new) → starting', 'starting → stopping', 'stopping → stopped']);
  });

  it('a stop that cannot reach the engine goes stopping → error with the reason; restart with the engine back recovers', async () => {
    const name = 'tr-stop-fails';
    expect((await desk().cli('run', image, '--name', name, '--wait')).code).toBe(0);
    const url = await runningUrl(name);

    const failed = await cliWithEnv(desk(), { DOCKER_HOST: 'unix:///nonexistent.sock' }, 'stop', name);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toMatch(new RegExp(`^${name}: error: .*nonexistent\\.sock`));
    const record = await waitForEdge(desk(), name, 'stopping → error', { ms: 1_000 });
    expect(record.context).toMatch(/^stop failed: .*nonexistent\.sock/);
    expect(await listed(name)).toMatchObject({ status: 'error', statusContext: record.context });

    expect((await desk().cli('restart', name)).code).toBe(0);
    expect(await runningUrl(name)).toBe(url);
    expect(await echoThrough(url, 'engine is back')).toBe('engine is back');
    expect(await edgesOf(desk(), name)).toEqual([
      '(new) → starting',
      'starting → running',
      'running → stopping',
      'stopping → error',
      'error → starting',
      'starting → running',
    ]);
  });
});

describe('the transition log after all of the above', () => {
  it('holds every edge of the table and removing → gone, and no pair the table refuses', async () => {
    const records = await desk().state.statuses.transitions.read();
    expect(refusedRecords(records)).toEqual([]);
    const seen = new Set(records.map(edgeOf));
    const wanted = [...TRANSITIONS.map(edgeOf), 'removing → gone'];
    expect(wanted).toHaveLength(17);
    expect(wanted.filter((edge) => !seen.has(edge))).toEqual([]);
    // Every record names the process that wrote it.
    expect(records.every((r) => Number.isInteger(r.by) && r.by > 0)).toBe(true);
  });
});
