// The renderer's figures (issue 4): first render of 1,000 workloads (median of 5 loads, the first
// one cold), a filter keystroke at 1,000 rows (median of 20), and a pushed change → the row updated
// on screen (p50 and p95 over 60 events). Measured in
// Debian's Chromium on the real renderer (dist/renderer) served by the preview server; the core
// behind it is a stand-in handler holding N synthetic workloads, so the figures are the renderer's
// own, and each is printed beside the same measurement at 10 workloads (the baseline).
import { EventEmitter } from 'node:events';
import path from 'node:path';
import type { EventChannel, EventPayloads, RequestChannel, Result } from '../../../shared/contract';
import type { WorkloadInfo } from '../../../shared/workload-info';
import { startPreviewServer } from '../../../electron/core/service/preview-server';
import { launchChromium } from '../../e2e/helpers/browser';
import { workload } from '../../fixtures/workload-info';
import type { BenchRow } from '../bench-row';
import { withCleanup } from '../helpers/cleanup';
import { ensureDist, REPO } from '../helpers/dist';
import { median, percentile } from '../helpers/stats';

function syntheticWorkload(i: number): WorkloadInfo {
  return workload({
    name: `wl-${String(i).padStart(4, '0')}`,
    status: i % 7 === 0 ? 'stopped' : 'running',
    transport: i % 3 === 0 ? 'sse' : 'stdio',
    port: 20000 + i,
    group: i % 2 === 0 ? 'dev' : undefined,
    labels: { team: i % 5 === 0 ? 'backend' : 'frontend' },
    pid: 1000 + i,
  });
}

interface Figures {
  firstRender: number;
  keystroke: number;
  pushP50: number;
  pushP95: number;
}

async function measure(count: number): Promise<Figures> {
  return withCleanup(async (defer) => {
    const workloads = new Map(Array.from({ length: count }, (_, i) => [syntheticWorkload(i).name, syntheticWorkload(i)]));
    const emitter = new EventEmitter();
    const handler = async (channel: RequestChannel): Promise<Result<unknown>> => {
      if (channel === 'workloads:list') return { ok: true, data: [...workloads.values()] };
      if (channel === 'engine:status') return { ok: true, data: { available: true, endpoint: 'bench' } };
      return { ok: false, error: { code: 'internal', message: 'not in this bench' } };
    };
    const server = await startPreviewServer({
      handler,
      events: {
        on<E extends EventChannel>(event: E, listener: (payload: EventPayloads[E]) => void) {
          emitter.on(event, listener);
          return () => void emitter.off(event, listener);
        },
      },
      rendererDir: path.join(REPO, 'dist', 'renderer'),
    });
    defer(() => server.close());
    const browser = await launchChromium();
    defer(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });

    // First render: navigation start → the first row on screen, over 5 loads of the page.
    const firstRenders: number[] = [];
    for (let i = 0; i < 5; i++) {
      await page.goto(server.url);
      await page.locator('[data-workload]').first().waitFor();
      // Page scripts are strings: functions would be sent with the helpers tsx adds to them.
      firstRenders.push((await page.evaluate(`performance.now() - performance.getEntriesByType('navigation')[0].startTime`)) as number);
    }

    // A keystroke in the filter bar → the table shows the filtered rows: the last "d" of
    // "team=backend", typed over "team=backen" (which matches nothing), 20 times.
    const filter = page.getByLabel('Filter workloads');
    const keystrokes: number[] = [];
    for (let i = 0; i < 20; i++) {
      await filter.fill('team=backen');
      await page.locator('[data-workload="wl-0000"]').waitFor({ state: 'detached' });
      keystrokes.push(
        (await page.evaluate(`new Promise((resolve) => {
          const input = document.querySelector('input[aria-label="Filter workloads"]');
          const started = performance.now();
          const observer = new MutationObserver(() => {
            if (document.querySelector('[data-workload="wl-0000"]')) { observer.disconnect(); resolve(performance.now() - started); }
          });
          observer.observe(document.body, { subtree: true, childList: true, characterData: true });
          Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, 'team=backend');
          input.dispatchEvent(new Event('input', { bubbles: true }));
        })`)) as number,
      );
    }
    await filter.fill('');
    await page.locator('[data-workload="wl-0001"]').waitFor();

    // A pushed change → the row's status word changed on screen, timed in the page from just
    // before the event is sent to the DOM change.
    const pushes: number[] = [];
    for (let i = 0; i < 60; i++) {
      const next = i % 2 === 0 ? 'unhealthy' : 'running';
      await page.evaluate(`window.__benchWait = new Promise((resolve) => {
        const started = performance.now();
        const observer = new MutationObserver(() => {
          if (document.querySelector('[data-workload="wl-0001"] .status-badge')?.textContent === ${JSON.stringify(next)}) {
            observer.disconnect();
            resolve(performance.now() - started);
          }
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      }); 0`); // the trailing 0: evaluate would otherwise wait for the promise it is handed
      const changed = { ...workloads.get('wl-0001')!, status: next, updatedAt: new Date().toISOString() } as WorkloadInfo;
      emitter.emit('workloads:changed', changed);
      pushes.push((await page.evaluate('window.__benchWait')) as number);
    }
    return { firstRender: median(firstRenders), keystroke: median(keystrokes), pushP50: median(pushes), pushP95: percentile(pushes, 95) };
  });
}

/** Renderer figures at 1,000 workloads beside the same at 10. */
export async function rendererBench(): Promise<BenchRow[]> {
  await ensureDist();
  const small = await measure(10);
  const large = await measure(1000);
  const row = (name: string, value: number, baseline: number): BenchRow => ({ name, value, unit: 'ms', baseline: { name: name.replace('1,000 workloads', '10 workloads'), value: baseline } });
  return [
    row('first render (navigation → first row), median of 5, 1,000 workloads', large.firstRender, small.firstRender),
    row('filter keystroke → rows shown, median of 20, 1,000 workloads', large.keystroke, small.keystroke),
    row('pushed change → row updated, p50 of 60, 1,000 workloads', large.pushP50, small.pushP50),
    row('pushed change → row updated, p95 of 60, 1,000 workloads', large.pushP95, small.pushP95),
  ];
}
