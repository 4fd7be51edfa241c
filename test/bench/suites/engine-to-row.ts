// Engine event → row updated on screen (issue 4), end to end: the real engine pauses and unpauses
// a workload's container, the real core (WorkloadWatch inside createDeskService) reads it again and
// pushes `workloads:changed`, the preview server carries it over SSE, and the real renderer
// (dist/renderer) in Debian's Chromium changes the row's status badge.
//
// t0 is the engine's own timestamp of the event (`timeNano` in an event stream this suite opens
// on the same engine); t1 is when a MutationObserver in the page sees the badge text change
// (`performance.timeOrigin + performance.now()`, the same machine clock). The baseline is the same
// events with the renderer out of the loop: t1 is when the core emits `workloads:changed` in this
// process. Both are measured on every event, so the ratio is what the UI path adds.
import path from 'node:path';
import Docker from 'dockerode';
import type { Page } from 'playwright-core';
import { createDockerRuntime, discoverEngine } from '../../../electron/core/runtime';
import { createDeskService } from '../../../electron/core/service/desk-service';
import { startPreviewServer } from '../../../electron/core/service/preview-server';
import { INSTANCE_LABEL, STANDARD_LABELS } from '../../../shared/labels';
import { launchChromium } from '../../e2e/helpers/browser';
import { ensureTestImage } from '../../fixtures/image';
import type { BenchRow } from '../bench-row';
import { BenchDesk } from '../helpers/bench-desk';
import { withCleanup } from '../helpers/cleanup';
import { REPO } from '../helpers/dist';
import { median, percentile } from '../helpers/stats';

/** Options of the suite; the defaults are what the bench runner uses. */
export interface EngineToRowBenchOptions {
  /** Events that must reach the screen (about half pauses, half unpauses). Default 60. */
  events?: number;
}

/** How long one event may take to reach the engine stream, the core and the page before the bench fails. */
const EVENT_TIMEOUT_MS = 10_000;

/**
 * An engine event the core has not pushed within this long is counted as never pushed (DESIGN.md:
 * a change shows in the app within a second).
 */
const MISSED_AFTER_MS = 1_000;

/** Epoch milliseconds with sub-millisecond resolution, comparable with the engine's timeNano. */
const clock = (): number => performance.timeOrigin + performance.now();

/** `promise`, or a rejection naming `what` after EVENT_TIMEOUT_MS. */
async function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${EVENT_TIMEOUT_MS} ms`)), EVENT_TIMEOUT_MS);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Things seen in order, and a wait for the first one after a point that matches. */
class Timeline<T> {
  readonly items: T[] = [];
  private waiters: Array<() => boolean> = [];

  push(item: T): void {
    this.items.push(item);
    this.waiters = this.waiters.filter((waiter) => !waiter());
  }

  /** The first item at index `from` or later that matches; rejects, naming `what`, after EVENT_TIMEOUT_MS. */
  async after(from: number, matches: (item: T) => boolean, what: string): Promise<T> {
    const hit = await this.firstWithin(from, matches, EVENT_TIMEOUT_MS);
    if (hit === undefined) throw new Error(`no ${what} within ${EVENT_TIMEOUT_MS} ms`);
    return hit;
  }

  /** The first item at index `from` or later that matches, or undefined once `ms` have passed. */
  firstWithin(from: number, matches: (item: T) => boolean, ms: number): Promise<T | undefined> {
    return new Promise((resolve) => {
      const check = (): boolean => {
        const hit = this.items.slice(from).find(matches);
        if (hit === undefined) return false;
        clearTimeout(timer);
        resolve(hit);
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== check);
        resolve(undefined);
      }, ms);
      if (!check()) this.waiters.push(check);
    });
  }
}

interface EngineEvent {
  action: string;
  /** The engine's timestamp, epoch ms (timeNano / 1e6). */
  at: number;
}

/**
 * A client of the engine the desk uses, configured as DockerRuntime configures its own: every
 * connection field set, so docker-modem takes nothing from DOCKER_HOST behind our back.
 */
function engineClient(env: NodeJS.ProcessEnv): Docker {
  const endpoint = discoverEngine({ env });
  const connection =
    endpoint.kind === 'unix' ? { socketPath: endpoint.socketPath, host: undefined, port: undefined } : { socketPath: undefined, host: endpoint.host, port: endpoint.port };
  return new Docker({ ...connection, protocol: 'http', timeout: undefined, ca: undefined, cert: undefined, key: undefined });
}

/** Follows the engine's pause and unpause events of `instance`'s containers into `timeline`; returns its stop. */
async function followEngineEvents(engine: Docker, instance: string, timeline: Timeline<EngineEvent>): Promise<() => void> {
  const abort = new AbortController();
  const filters = { type: ['container'], event: ['pause', 'unpause'], label: [`${INSTANCE_LABEL}=${instance}`] };
  const stream = await engine.getEvents({ filters, abortSignal: abort.signal } as Docker.GetEventsOptions);
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
    let newline: number;
    while ((newline = pending.indexOf('\n')) !== -1) {
      const line = pending.slice(0, newline).trim();
      pending = pending.slice(newline + 1);
      if (!line) continue;
      const raw = JSON.parse(line) as { Action?: string; timeNano?: number };
      if (typeof raw.Action === 'string' && typeof raw.timeNano === 'number') timeline.push({ action: raw.Action, at: raw.timeNano / 1e6 });
    }
  });
  // Aborting ends the stream with an error; nothing is waiting for it then.
  stream.on('error', () => undefined);
  return () => abort.abort();
}

/**
 * Records, in the page, every change of `name`'s status badge text with the page's clock, and
 * defines `__badgeAfter(from, running)`: a promise of the first change at index `from` or later
 * to running (true) or to anything else (false). Event-driven: nothing polls the page.
 */
async function recordBadge(page: Page, name: string): Promise<void> {
  const selector = JSON.stringify(`[data-workload="${name}"] .status-badge`);
  // Page scripts are strings: functions would be sent with the helpers tsx adds to them.
  await page.evaluate(`(() => {
    const badges = [];
    let waiters = [];
    let last = document.querySelector(${selector})?.textContent ?? null;
    new MutationObserver(() => {
      const text = document.querySelector(${selector})?.textContent ?? null;
      if (text === last) return;
      last = text;
      badges.push({ text, at: performance.timeOrigin + performance.now() });
      waiters = waiters.filter((waiter) => !waiter());
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
    window.__badgeCount = () => badges.length;
    window.__badgeAfter = (from, running) => new Promise((resolve) => {
      const check = () => {
        const hit = badges.slice(from).find((badge) => (badge.text === 'running') === running);
        if (hit) resolve(hit);
        return hit !== undefined;
      };
      if (!check()) waiters.push(check);
    });
  })()`);
}

/** Warns when the page's or this process's clock is off the engine's (the wall clock) by more than 2 ms. */
async function checkClocks(page: Page): Promise<void> {
  const before = clock();
  const inPage = (await page.evaluate('performance.timeOrigin + performance.now()')) as number;
  const after = clock();
  if (inPage < before - 2 || inPage > after + 2) console.error(`engine-to-row: the page's clock is ${(inPage - (before + after) / 2).toFixed(1)} ms off this process's`);
  const wall = Date.now();
  if (Math.abs(clock() - wall) > 2) console.error(`engine-to-row: this process's clock is ${(clock() - wall).toFixed(1)} ms off the wall clock`);
}

/** p50 and p95 of engine event → row on screen, beside engine event → `workloads:changed` in the core. */
export async function engineToRowBench(options: EngineToRowBenchOptions = {}): Promise<BenchRow[]> {
  const wanted = options.events ?? 60;
  const image = await ensureTestImage();

  return withCleanup(async (defer) => {
    const desk = await BenchDesk.create();
    defer(() => desk.dispose());
    const name = `e2r-${desk.instance.slice(0, 8)}`;
    await desk.runWorkload(name, { image });

    const service = createDeskService({ state: desk.state, manager: desk.manager, runtime: () => createDockerRuntime({ env: desk.env }) });
    defer(() => service.close());
    const core = new Timeline<{ running: boolean; at: number }>();
    service.events.on('workloads:changed', (info) => {
      if (info.name === name) core.push({ running: info.status === 'running', at: clock() });
    });
    await service.start();
    const server = await startPreviewServer({ handler: service.handler, events: service.events, rendererDir: path.join(REPO, 'dist', 'renderer') });
    defer(() => server.close());

    const engine = engineClient(desk.env);
    const engineEvents = new Timeline<EngineEvent>();
    defer(await followEngineEvents(engine, desk.instance, engineEvents));
    const [summary] = await engine.listContainers({ filters: { label: [`${INSTANCE_LABEL}=${desk.instance}`, `${STANDARD_LABELS.name}=${name}`] } });
    if (!summary) throw new Error(`workload "${name}" is running but its container is not in the engine`);
    const container = engine.getContainer(summary.Id);
    // An interrupted run must not leave the container paused (removal would still work, a stop not).
    defer(() => container.unpause().catch(() => undefined));

    const browser = await launchChromium();
    defer(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1400, height: 700 } });
    await page.goto(server.url);
    await page.locator(`[data-workload="${name}"] .status-badge`).filter({ hasText: 'running' }).waitFor();
    await recordBadge(page, name);
    await checkClocks(page);

    const screen: number[] = [];
    const inCore: number[] = [];
    const pausedAs = new Set<string>();
    let missed = 0;

    /** One pause or unpause: its two delays, or undefined when the core pushed nothing in time. */
    const measureEvent = async (action: 'pause' | 'unpause'): Promise<{ screen: number; core: number } | undefined> => {
      const running = action === 'unpause';
      const from = { engine: engineEvents.items.length, core: core.items.length, page: (await page.evaluate('window.__badgeCount()')) as number };
      const shownAfter = (): Promise<{ text: string; at: number }> => within(page.evaluate(`window.__badgeAfter(${from.page}, ${running})`) as Promise<{ text: string; at: number }>, `row change after ${action}`);
      await (running ? container.unpause() : container.pause());
      const event = await engineEvents.after(from.engine, (e) => e.action === action, `engine ${action} event`);
      const changed = await core.firstWithin(from.core, (c) => c.running === running, MISSED_AFTER_MS);
      if (!changed) {
        // Not measured: bring the core and the row back in step for the next event.
        service.watch.refresh(name);
        await core.after(from.core, (c) => c.running === running, `workloads:changed after a forced read`);
        await shownAfter();
        return undefined;
      }
      const shown = await shownAfter();
      if (!running) pausedAs.add(shown.text);
      return { screen: shown.at - event.at, core: changed.at - event.at };
    };

    // One unmeasured pair first (the first paint of each status, cold code paths); then pairs
    // until `wanted` events reached the screen, each pair ending with the container unpaused.
    for (let pair = 0; screen.length < wanted; pair++) {
      if (pair > wanted * 2) throw new Error(`only ${screen.length} of ${2 * (pair - 1)} engine events reached the screen; ${missed} were never pushed by the core`);
      for (const action of ['pause', 'unpause'] as const) {
        const measured = await measureEvent(action);
        if (pair === 0) continue;
        if (!measured) {
          missed++;
          continue;
        }
        screen.push(measured.screen);
        inCore.push(measured.core);
      }
    }
    const total = screen.length + missed;
    if (missed > 0) {
      console.error(
        `engine-to-row: the core pushed nothing within ${MISSED_AFTER_MS} ms for ${missed} of ${total} engine events (its re-read still saw the old state); ` +
          'the row stayed stale until the bench asked the watch to read again. Those events are left out of the figures.',
      );
    }
    // A paused workload should read unhealthy; anything else is worth seeing beside the figures.
    if (pausedAs.size > 0 && (!pausedAs.has('unhealthy') || pausedAs.size > 1)) console.error(`engine-to-row: a paused workload's row read ${[...pausedAs].join(', ')}`);

    const label = `engine event → row updated on screen, %s of ${screen.length} (docker pause/unpause, ${missed} of ${total} never pushed; t0 = engine timeNano)`;
    const baseline = 'engine event → workloads:changed in the core';
    return [
      { name: label.replace('%s', 'p50'), value: median(screen), unit: 'ms', baseline: { name: `${baseline}, p50`, value: median(inCore) } },
      { name: label.replace('%s', 'p95'), value: percentile(screen, 95), unit: 'ms', baseline: { name: `${baseline}, p95`, value: percentile(inCore, 95) } },
    ];
  });
}
