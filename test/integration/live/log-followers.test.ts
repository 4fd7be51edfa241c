import { appendFile, readFile } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { LogFollowers } from '../../../electron/core/live/log-followers';
import { WorkloadWatch } from '../../../electron/core/live/workload-watch';
import { createDockerRuntime } from '../../../electron/core/runtime';
import { WorkloadNotFoundError } from '../../../electron/core/state/errors';
import { proxyLogFile } from '../../../electron/core/workloads/proxy-processes';
import type { EventPayloads } from '../../../shared/contract';
import type { WorkloadInfo } from '../../../shared/workload-info';
import { eventually } from '../workloads/helpers/harness';
import { useDesk } from '../workloads/helpers/use-desk';

const image = inject('testImage');
const desk = useDesk();
let watch: WorkloadWatch;
let followers: LogFollowers;
/** Every event the followers pushed, in order, as the renderer receives them. */
const events: Array<({ kind: 'appended' } & EventPayloads['logs:appended']) | ({ kind: 'paused' } & EventPayloads['logs:paused'])> = [];

beforeAll(async () => {
  watch = new WorkloadWatch({ manager: desk().manager, paths: desk().state.paths, runtime: () => createDockerRuntime() });
  followers = new LogFollowers({ manager: desk().manager, watch, maxFollows: 3 });
  followers.on('logs:appended', (payload) => events.push({ kind: 'appended', ...payload }));
  followers.on('logs:paused', (payload) => events.push({ kind: 'paused', ...payload }));
  await watch.start();
});
afterAll(() => {
  followers?.close();
  watch?.close();
});

/** The text follow `id` has delivered, from its event number `from` on. */
function textOf(id: string, from = 0): string {
  return events
    .slice(from)
    .map((e) => (e.id === id && e.kind === 'appended' ? e.text : ''))
    .join('');
}

/** Waits until follow `id` has delivered text containing `needle` (after event number `from`). */
function textArrives(id: string, needle: string, from = 0): Promise<string> {
  return eventually(`"${needle}" in the log of follow ${id}`, () => Promise.resolve(textOf(id, from).includes(needle) ? textOf(id, from) : undefined), 10_000);
}

/** Waits for follow `id`'s pause (after event number `from`) and returns it with its index. */
function pauseOf(id: string, from = 0): Promise<{ index: number; message: string; final: boolean }> {
  return eventually(`a pause of follow ${id}`, () => {
    const index = events.findIndex((e, i) => i >= from && e.id === id && e.kind === 'paused');
    const event = events[index];
    return Promise.resolve(event?.kind === 'paused' ? { index, message: event.message, final: event.final } : undefined);
  }, 10_000);
}

/** The container log as the engine has it now (not following). */
async function engineLog(name: string): Promise<string> {
  let text = '';
  for await (const chunk of await desk().manager.logs(name)) text += String(chunk);
  return text;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function run(name: string, ...serverArgs: string[]): Promise<void> {
  const ran = await desk().cli('run', image, '--name', name, '--wait', ...(serverArgs.length > 0 ? ['--', ...serverArgs] : []));
  expect(ran.stderr).toBe('');
  expect(ran.code).toBe(0);
}

describe('log followers against the real engine', () => {
  it("follows a stdio workload's stderr (not its protocol stdout), pauses when it stops and goes on after a restart", async () => {
    await run('logs-a', '--noise');
    await followers.follow('a-1', 'logs-a', 'container', 100);
    const first = await textArrives('a-1', 'fixture: serving MCP on stdio with noise on stdout\n');
    // --noise prints non-JSON lines on stdout every 250 ms: they are protocol traffic, not the log.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(textOf('a-1')).not.toContain('fixture noise');
    expect(first).not.toContain('jsonrpc');

    await desk().manager.stop(['logs-a']);
    const paused = await pauseOf('a-1');
    expect(paused).toEqual({ index: paused.index, message: 'the container stopped; the log goes on when it runs again', final: false });

    const [restarted] = await desk().manager.restart(['logs-a']);
    expect(restarted?.ok).toBe(true);
    const after = await textArrives('a-1', 'fixture: serving MCP on stdio with noise on stdout\n', paused.index + 1);
    expect(after).not.toContain('fixture noise');
    followers.unfollow('a-1');
  });

  it('after the container exits and runs again, the lines of the second it exited in are not delivered twice', async () => {
    // The fixture logs its exit just before it exits: the engine's whole-second `since` would repeat that line.
    await run('logs-c', '--exit-after', '2');
    await followers.follow('c-1', 'logs-c', 'container', 100);
    const paused = await pauseOf('c-1');
    expect(textOf('c-1')).toBe('fixture: serving MCP on stdio\nfixture: exiting with code 3 after 2s\n');

    const [restarted] = await desk().manager.restart(['logs-c']);
    expect(restarted?.ok).toBe(true);
    const after = await textArrives('c-1', 'fixture: serving MCP on stdio\n', paused.index + 1);
    expect(after.startsWith('fixture: serving MCP on stdio\n')).toBe(true);
    followers.unfollow('c-1');
  });

  it("a late event that reopens the ended run's log does not keep the next run's log from following", async () => {
    await run('logs-e', '--exit-after', '2');
    // What a read made before the exit says; delivered after it, it wakes the follow for nothing.
    const late = await desk().manager.get('logs-e');
    expect(late.status).toBe('running');
    await followers.follow('e-1', 'logs-e', 'container', 100);
    const paused = await pauseOf('e-1');

    // The ended run's log, reopened by the late event, stays open (as on a slow engine) until the
    // next run is running, so that the wake of that run comes while it is open.
    const manager = desk().manager;
    const logs = manager.logs.bind(manager);
    let release = (): void => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    let held = false;
    const spy = vi.spyOn(manager, 'logs').mockImplementation(async (name, options) => {
      const stream = await logs(name, options);
      if (name !== 'logs-e' || !options?.follow || held) return stream;
      held = true;
      const out = new PassThrough();
      stream.pipe(out, { end: false });
      stream.once('end', () => void released.then(() => out.end()));
      out.once('close', () => stream.destroy());
      return out;
    });
    try {
      watch.emit('changed', late);
      await eventually("the ended run's log to be reopened", () => Promise.resolve(held || undefined));
      const woken = new Promise<void>((resolve) => {
        const onChanged = (info: WorkloadInfo): void => {
          if (info.name !== 'logs-e' || info.status !== 'running') return;
          watch.off('changed', onChanged);
          resolve();
        };
        watch.on('changed', onChanged);
      });
      const [restarted] = await manager.restart(['logs-e']);
      expect(restarted?.ok).toBe(true);
      await woken;
    } finally {
      release();
      spy.mockRestore();
    }
    const after = await textArrives('e-1', 'fixture: serving MCP on stdio\n', paused.index + 1);
    // Nothing of the ended run comes again.
    expect(after.startsWith('fixture: serving MCP on stdio\n')).toBe(true);
    followers.unfollow('e-1');
  });

  it('a follow of a stopped workload shows its log, says it is paused, and goes on when it runs', async () => {
    await run('logs-d');
    // Running comes when the proxy answers, which may be before the server's first line.
    await eventually('the first line of logs-d', async () => ((await engineLog('logs-d')).includes('serving MCP') ? true : undefined));
    await desk().manager.stop(['logs-d']);
    // Past the second it stopped in, so that nothing of the old run is new to a reopened log.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    // The engine counts the tail over stdout and stderr before it keeps stderr: ask for plenty.
    await followers.follow('d-1', 'logs-d', 'container', 1_000);
    const paused = await pauseOf('d-1');
    expect(paused).toMatchObject({ message: 'the container stopped; the log goes on when it runs again', final: false });
    expect(textOf('d-1')).toBe('fixture: serving MCP on stdio\n');

    await desk().manager.restart(['logs-d']);
    await textArrives('d-1', 'fixture: serving MCP on stdio\n', paused.index + 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(textOf('d-1', paused.index + 1)).toBe('fixture: serving MCP on stdio\n');
    followers.unfollow('d-1');
  });

  it("follows the proxy's log file, its tail first and then each line appended", async () => {
    const file = proxyLogFile(desk().state.paths, 'logs-a');
    const before = await readFile(file, 'utf8');
    const lastLine = before.trimEnd().split('\n').at(-1) ?? '';
    expect(lastLine).not.toBe('');
    await followers.follow('a-proxy', 'logs-a', 'proxy', 1);
    // The tail: the last line only, not the lines before it.
    expect(await textArrives('a-proxy', lastLine)).toMatch(new RegExp(`^${escape(lastLine)}\n`));
    const secondLast = before.trimEnd().split('\n').at(-2);
    if (secondLast) expect(textOf('a-proxy')).not.toContain(`${secondLast}\n${lastLine}`);

    const from = events.length;
    await appendFile(file, 'a line the test appended\n');
    // The proxy logs each noise line it skips, so its own lines may come around the test's.
    const appended = await textArrives('a-proxy', 'a line the test appended\n', from);
    expect(appended.split('\n').filter((line) => line === 'a line the test appended')).toHaveLength(1);

    followers.unfollow('a-proxy');
    const afterUnfollow = events.length;
    await appendFile(file, 'after unfollow\n');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(textOf('a-proxy', afterUnfollow)).toBe('');
  });

  it('refuses an unknown workload with not-found and keeps nothing of it', async () => {
    const refused = followers.follow('ghost-1', 'no-such-workload', 'container', 10);
    await expect(refused).rejects.toBeInstanceOf(WorkloadNotFoundError);
    await expect(refused).rejects.toThrow('workload "no-such-workload" not found');
    // The id is free again: nothing of the refused follow was kept.
    await expect(followers.follow('ghost-1', 'no-such-workload', 'container', 10)).rejects.toBeInstanceOf(WorkloadNotFoundError);
  });

  it('ends the follows of a removed workload for good', async () => {
    await run('logs-b');
    await followers.follow('b-1', 'logs-b', 'container', 100);
    await textArrives('b-1', 'fixture: serving MCP on stdio\n');
    const from = events.length;
    await desk().manager.delete(['logs-b']);
    const final = await eventually('a final pause of b-1', () =>
      Promise.resolve(events.slice(from).find((e) => e.id === 'b-1' && e.kind === 'paused' && e.final)),
    );
    expect(final).toMatchObject({ message: 'workload "logs-b" was removed', final: true });
  });

  it('drops the oldest follow, with a final pause, when more than maxFollows are followed', async () => {
    followers.unfollowAll();
    const from = events.length;
    for (const id of ['m-1', 'm-2', 'm-3']) await followers.follow(id, 'logs-a', 'proxy', 1);
    expect(events.slice(from).filter((e) => e.kind === 'paused')).toEqual([]);
    await followers.follow('m-4', 'logs-a', 'proxy', 1);
    const paused = events.slice(from).filter((e) => e.kind === 'paused');
    expect(paused).toEqual([{ kind: 'paused', id: 'm-1', message: 'more than 3 logs were followed at once', final: true }]);

    // The dropped follow delivers nothing more; the three others go on.
    const later = events.length;
    await appendFile(proxyLogFile(desk().state.paths, 'logs-a'), 'for the followers left\n');
    for (const id of ['m-2', 'm-3', 'm-4']) await textArrives(id, 'for the followers left\n', later);
    expect(textOf('m-1', later)).toBe('');
    for (const id of ['m-2', 'm-3', 'm-4']) followers.unfollow(id);
  });
});
