// Issue 5, item 4: every case of the bad-input corpus (corpus/*.jsonl) goes through the surface a
// user or a page would use — the real CLI, the app's IPC gate, the deep-link parser, the preview's
// HTTP contract — and must be refused with one clear line that names the thing and what is wrong,
// while the state folder and `docker ps -a` stay exactly as they were.
//
// `electron` is mocked: electron/app/ipc.ts imports ipcMain for bindIpc, and Electron's binary
// cannot run in plain Node. answerRequest, which this suite drives, uses nothing of Electron.
import { execFile } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { Desk, CLI, type CliResult } from '../../integration/workloads/helpers/harness';
import { snapshotTree } from '../../unit/state/helpers/snapshot';
import { recordFigures, scaled } from '../helpers/scale';
import { corpus, expandText, expandValue, type Bindings, type CliCase, type HttpCase, type IpcCase, type LinkCase } from './corpus';

vi.mock('electron', () => ({ ipcMain: {} }));
// The CLI cases are separate processes waiting on their own: more of them at once than vitest's default 5.
vi.setConfig({ maxConcurrency: 8 });
const { answerRequest, trustRendererFrame } = await import('../../../electron/app/ipc');
const { parseDeepLink } = await import('../../../electron/app/deep-links');
const { createDeskService } = await import('../../../electron/core/service/desk-service');
const { startPreviewServer } = await import('../../../electron/core/service/preview-server');
const { createDockerRuntime } = await import('../../../electron/core/runtime');

const run = promisify(execFile);
const REPO = path.resolve(import.meta.dirname, '../../..');
const INDEX_HTML = path.join(REPO, 'dist', 'renderer', 'index.html');
const TOKEN = 'feedc0ffee'.repeat(4);
/** A clear error is short: a 1 MB input must not come back whole. */
const MAX_MESSAGE = 500;
/** The corpus runs this many times: once under npm test, three times under test:reliability. */
const ROUNDS = scaled(1, 3);
/** One case is a CLI call or less: a case that hangs fails on its own instead of holding the suite. */
const CASE_TIMEOUT_MS = 90_000;

type Surface = 'cli' | 'ipc' | 'deep-link' | 'http';
interface Outcome {
  readonly surface: Surface;
  readonly category: string;
  readonly refusedClearly: boolean;
  readonly stateChanged: boolean;
}
const outcomes: Outcome[] = [];

/** Why `message` is not a clear one-line error, or undefined when it is. */
function unclear(message: string): string | undefined {
  const head = JSON.stringify(message.slice(0, 200));
  if (message.trim() === '') return 'the message is empty';
  if (/^\s*at .+:\d+:\d+\)?$/m.test(message)) return `the message holds a stack trace: ${head}`;
  if (message.includes('\n')) return `the message is more than one line: ${head}`;
  if (message.length >= MAX_MESSAGE) return `the message is ${message.length} characters long (a clear one is under ${MAX_MESSAGE}): ${head}`;
  if (/\bundefined\b|\[object Object\]/.test(message)) return `the message leaks internals: ${head}`;
  return undefined;
}

/** Problems with a refusal: unclear, or not matching the case's expected message. */
function messageProblems(message: string, expected: string): string[] {
  const problems: string[] = [];
  const why = unclear(message);
  if (why) problems.push(why);
  else if (!new RegExp(expected).test(message)) problems.push(`the message ${JSON.stringify(message)} does not match /${expected}/`);
  return problems;
}

let desk: Desk;
let bindings: Bindings;
let busyServer: net.Server;
let baseline: DeskState;
let ipcOptions: Parameters<typeof answerRequest>[0];
let previewUrl: URL;
let closePreview: () => Promise<void>;

interface DeskState {
  readonly tree: Record<string, string>;
  readonly containers: string[];
}

async function stateOf(): Promise<DeskState> {
  return { tree: await snapshotTree(desk.root), containers: await desk.containers() };
}

/**
 * Runs one case between two snapshots of the state folder (`docker ps -a` is compared around each
 * surface's cases, see eachSurface: one engine call per case is too slow on a shared engine). Cases
 * of a surface run a few at a time, so a change seen here was made by this case or one running
 * alongside it; either way it fails.
 */
async function caseOf(surface: Surface, c: { id: string; category: string }, attempt: () => Promise<string[]>): Promise<void> {
  const before = await snapshotTree(desk.root);
  let problems: string[];
  try {
    problems = await attempt();
  } catch (error) {
    problems = [`the case threw: ${error instanceof Error ? error.message : String(error)}`];
  }
  const after = await snapshotTree(desk.root);
  const stateChanged = JSON.stringify(before) !== JSON.stringify(after);
  outcomes.push({ surface, category: c.category, refusedClearly: problems.length === 0, stateChanged });
  expect(problems, c.id).toEqual([]);
  expect(after, `${c.id} (or a case running alongside it) changed the state folder`).toEqual(before);
}

/** Around one surface's cases: `docker ps -a` and the state folder are the same after as before. */
function eachSurface(surface: Surface): void {
  let before: DeskState;
  beforeAll(async () => {
    before = await stateOf();
  });
  afterAll(async () => {
    const after = await stateOf();
    if (JSON.stringify(after) !== JSON.stringify(before)) surfaceChanges.push(surface);
    expect(after, `the ${surface} cases changed the desk`).toEqual(before);
  });
}
const surfaceChanges: Surface[] = [];

/** `mcpdesk ARGS` on the desk: Desk.cli, with a bigger buffer for the echoes of huge inputs. */
async function cli(args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env: desk.env, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

async function cliCase(c: CliCase): Promise<string[]> {
  const result = await cli(c.args.map((arg) => expandText(arg, bindings)));
  const problems: string[] = [];
  if (result.code !== c.exit) problems.push(`exit code ${result.code}, expected ${c.exit}`);
  if (result.stdout !== '') problems.push(`stdout is not empty: ${JSON.stringify(result.stdout.slice(0, 200))}`);
  if (!result.stderr.endsWith('\n')) problems.push(`stderr does not end with a line break: ${JSON.stringify(result.stderr.slice(-200))}`);
  return [...problems, ...messageProblems(result.stderr.replace(/\n$/, ''), c.error)];
}

async function ipcCase(c: IpcCase): Promise<string[]> {
  const channel = expandValue(c.channel, bindings);
  const payload = c.hasPayload ? expandValue(c.payload, bindings) : undefined;
  const frame = c.frame === undefined ? { url: bindings.indexUrl, parent: null } : (expandValue(c.frame, bindings) as Parameters<typeof answerRequest>[2]);
  const result = await answerRequest(ipcOptions, channel, frame, payload);
  let error;
  if (c.batch) {
    if (!result.ok) return [`the batch was refused as a whole: ${result.error.message}`];
    const item = (result.data as { ok: boolean; error?: { code: string; message: string } }[])[0];
    if (!item || item.ok || !item.error) return [`the batch item was not refused: ${JSON.stringify(result.data)}`];
    error = item.error;
  } else {
    if (result.ok) return [`the request was answered: ${JSON.stringify(result.data).slice(0, 200)}`];
    error = result.error;
  }
  const problems = error.code === c.code ? [] : [`error code ${error.code}, expected ${c.code} (${error.message.slice(0, 200)})`];
  return [...problems, ...messageProblems(error.message, c.error)];
}

async function linkCase(c: LinkCase): Promise<string[]> {
  const link = parseDeepLink(expandText(c.link, bindings));
  if (link.kind !== 'error') return [`the link was accepted as ${JSON.stringify(link).slice(0, 200)}`];
  return messageProblems(link.message, c.error);
}

function send(c: HttpCase): Promise<{ status: number; body: string }> {
  const url = new URL(c.path, previewUrl);
  if (c.token) url.searchParams.set('token', TOKEN);
  const body = c.body !== undefined ? expandText(c.body, bindings) : c.json !== undefined ? JSON.stringify(expandValue(c.json, bindings)) : undefined;
  // A connection of its own (no keep-alive pool): the 413 case leaves its socket half-written.
  const headers = { ...(c.host ? { host: c.host } : {}), ...(c.origin ? { origin: c.origin } : {}), 'content-type': 'application/json' };
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request(url, { method: c.method, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        answered = true;
        resolve({ status: res.statusCode ?? 0, body: text });
      });
    });
    // The server may answer 413 and close while the body is still being sent: the answer may then
    // come just after the write fails. Without an answer, the error is the case's failure.
    req.on('error', (error: NodeJS.ErrnoException) => {
      const closedEarly = error.code === 'EPIPE' || error.code === 'ECONNRESET';
      setTimeout(() => answered || reject(error), closedEarly ? 5_000 : 0);
    });
    req.end(body);
  });
}

async function httpCase(c: HttpCase): Promise<string[]> {
  const { status, body } = await send(c);
  const problems = status === c.status ? [] : [`HTTP status ${status}, expected ${c.status} (${body.slice(0, 200)})`];
  let message = body;
  try {
    const result = JSON.parse(body) as { ok?: boolean; error?: { message?: string } };
    if (result.ok !== false || typeof result.error?.message !== 'string') return [...problems, `the answer is not a refusal: ${body.slice(0, 200)}`];
    message = result.error.message;
  } catch {
    // A plain-text refusal (the token and loopback checks answer before the contract).
  }
  return [...problems, ...messageProblems(message, c.error)];
}

/** A case whose defect lies outside this suite's files runs under `it.fails` while it stands: the fix shows as a failure to unmark. */
function caseTest(defect: string | undefined): typeof it.fails {
  return defect ? it.fails : it;
}

beforeAll(async () => {
  desk = await Desk.create();
  const image = inject('testImage');
  busyServer = net.createServer();
  await new Promise<void>((resolve) => busyServer.listen(0, '127.0.0.1', resolve));

  // Valid workloads first, so that the snapshots are not trivially empty and the bad commands aimed
  // at existing names have something to spoil. All are left stopped: nothing writes in the background.
  const setup: string[][] = [
    ['run', image, '--name', 'keep-box', '-e', 'MODE=test', '-l', 'tier=gold', '--group', 'team-a', '--wait'],
    ['run', image, '--name', 'keep-box-2', '-l', 'tier=silver', '--wait'],
    ['run', '--remote', 'http://127.0.0.1:9/mcp', '--name', 'keep-remote', '--header', 'Authorization: Bearer s3cret', '-l', 'tier=gold'],
    ['stop', 'keep-box', 'keep-box-2', 'keep-remote'],
  ];
  let beforeStop: DeskState | undefined;
  for (const args of setup) {
    if (args[0] === 'stop') beforeStop = await stateOf();
    const result = await desk.cli(...args);
    if (result.code !== 0) throw new Error(`setup: mcpdesk ${args.join(' ')} failed: ${result.stderr}`);
  }
  // The comparison can fail: a valid stop changes both the state folder and docker ps -a.
  const afterStop = await stateOf();
  expect(afterStop.tree).not.toEqual(beforeStop?.tree);
  expect(afterStop.containers).not.toEqual(beforeStop?.containers);
  const ports: Record<string, number> = {};
  for (const info of await desk.manager.list({ all: true })) ports[info.name] = info.port;

  bindings = { image, indexUrl: pathToFileURL(INDEX_HTML).href, ports, busyPort: (busyServer.address() as net.AddressInfo).port };
  const service = createDeskService({ state: desk.state, manager: desk.manager, runtime: () => createDockerRuntime() });
  ipcOptions = { handler: service.handler, isTrustedSender: trustRendererFrame(INDEX_HTML) };
  const preview = await startPreviewServer({ handler: service.handler, events: service.events, rendererDir: path.dirname(INDEX_HTML), token: TOKEN });
  previewUrl = new URL(preview.url);
  closePreview = async () => {
    await preview.close();
    service.close();
  };

  baseline = await stateOf();
  expect(baseline.containers.map((line) => line.split(' ').slice(0, 2).join(' '))).toEqual(['keep-box exited', 'keep-box-2 exited']);
  expect(Object.keys(baseline.tree)).toEqual(expect.arrayContaining(['state/keep-box.json', 'state/keep-remote.json', 'status/keep-box.json', 'secrets/keep-remote.json']));
}, 300_000);

afterAll(async () => {
  await closePreview?.();
  await new Promise((resolve) => busyServer?.close(resolve));
  await desk?.dispose();
});

describe('bad input corpus', () => {
  it('holds at least 150 cases over every surface and category the issue names', () => {
    const all = [...corpus.cli, ...corpus.ipc, ...corpus.links, ...corpus.http];
    expect(all.length).toBeGreaterThanOrEqual(150);
    const categories = new Set(all.map((c) => c.category));
    for (const category of ['names', 'labels', 'filters', 'images', 'ports', 'env', 'volumes', 'remote-urls', 'headers', 'deep-links', 'wrong-types', 'missing-fields', 'huge-strings', 'prototype-keys', 'unknown-channels']) {
      expect(categories, category).toContain(category);
    }
  });

  for (let round = 1; round <= ROUNDS; round++) {
    const suffix = ROUNDS > 1 ? ` (round ${round})` : '';

    describe.concurrent(`through the CLI${suffix}`, () => {
      eachSurface('cli');
      for (const c of corpus.cli) caseTest(c.defect)(`${c.id}: mcpdesk ${c.args.join(' ').slice(0, 80)}`, () => caseOf('cli', c, () => cliCase(c)), CASE_TIMEOUT_MS);
    });

    describe.concurrent(`through the IPC gate${suffix}`, () => {
      eachSurface('ipc');
      for (const c of corpus.ipc) caseTest(c.defect)(`${c.id}: ${String(c.channel).slice(0, 40)}`, () => caseOf('ipc', c, () => ipcCase(c)), CASE_TIMEOUT_MS);
    });

    describe.concurrent(`through the deep-link parser${suffix}`, () => {
      eachSurface('deep-link');
      for (const c of corpus.links) caseTest(c.defect)(`${c.id}: ${c.link.slice(0, 80)}`, () => caseOf('deep-link', c, () => linkCase(c)), CASE_TIMEOUT_MS);
    });

    describe.concurrent(`through the preview's HTTP contract${suffix}`, () => {
      eachSurface('http');
      for (const c of corpus.http) caseTest(c.defect)(`${c.id}: ${c.method} ${c.path.slice(0, 60)}`, () => caseOf('http', c, () => httpCase(c)), CASE_TIMEOUT_MS);
    });
  }

  it('leaves the state folder and docker ps -a exactly as they were, and records the figures', async () => {
    const after = await stateOf();
    const count = (surface?: Surface) => outcomes.filter((o) => surface === undefined || o.surface === surface).length;
    const categories: Record<string, number> = {};
    for (const outcome of outcomes) categories[`category.${outcome.category}`] = (categories[`category.${outcome.category}`] ?? 0) + 1;
    await recordFigures('bad-input', {
      cases: corpus.cli.length + corpus.ipc.length + corpus.links.length + corpus.http.length,
      rounds: ROUNDS,
      runs: count(),
      cli: count('cli'),
      ipc: count('ipc'),
      deepLinks: count('deep-link'),
      http: count('http'),
      refusedClearly: outcomes.filter((o) => o.refusedClearly).length,
      notRefusedClearly: outcomes.filter((o) => !o.refusedClearly).length,
      knownDefects: [...corpus.cli, ...corpus.ipc, ...corpus.links, ...corpus.http].filter((c) => c.defect).length,
      stateChanges: outcomes.filter((o) => o.stateChanged).length + surfaceChanges.length + (JSON.stringify(after) === JSON.stringify(baseline) ? 0 : 1),
      ...categories,
    });
    expect(after).toEqual(baseline);
  });
});
