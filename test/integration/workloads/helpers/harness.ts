import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createDockerRuntime } from '../../../../electron/core/runtime';
import { openState, type StateStores } from '../../../../electron/core/state';
import { instanceOf } from '../../../../electron/core/workloads/context';
import { WorkloadManager } from '../../../../electron/core/workloads/workload-manager';
import { INSTANCE_LABEL } from '../../../../shared/labels';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../../../..');
/** The bundled CLI, as `npx mcpdesk` runs it; global setup builds it. */
export const CLI = path.join(repo, 'dist', 'cli', 'mcpdesk.cjs');
const PROXY = path.join(repo, 'dist', 'proxy', 'proxy.cjs');

/** What a CLI run printed and how it exited. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * One isolated MCP Desk for a test file: its own state root (so its containers carry their own
 * instance label), a WorkloadManager over it as the app would hold one, and the CLI pointed at it.
 * Health checks run every 200 ms so that unhealthy shows within a second or two.
 */
export class Desk {
  readonly manager: WorkloadManager;
  readonly state: StateStores;
  readonly env: NodeJS.ProcessEnv;

  private constructor(readonly home: string) {
    this.env = { ...process.env, XDG_STATE_HOME: home, MCPDESK_HEALTH_INTERVAL_MS: '200', MCPDESK_HEALTH_TIMEOUT_MS: '300' };
    this.state = openState(path.join(home, 'mcpdesk'));
    this.manager = new WorkloadManager({
      state: this.state,
      runtime: () => createDockerRuntime(),
      proxyCommand: { execPath: process.execPath, script: PROXY, env: { MCPDESK_HEALTH_INTERVAL_MS: '200', MCPDESK_HEALTH_TIMEOUT_MS: '300' } },
      proxyStopGraceMs: 2_000,
    });
  }

  static async create(): Promise<Desk> {
    return new Desk(await mkdtemp(path.join(os.tmpdir(), 'mcpdesk-it-')));
  }

  get root(): string {
    return this.state.paths.root;
  }

  /** Runs `mcpdesk ARGS` against this desk; never throws for a non-zero exit. */
  async cli(...args: string[]): Promise<CliResult> {
    try {
      const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env: this.env, timeout: 120_000 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code?: number; stdout?: string; stderr?: string };
      return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
    }
  }

  /** Starts `mcpdesk ARGS` as a child process (a foreground run, a follow). */
  spawnCli(...args: string[]): ChildProcess {
    return spawn(process.execPath, [CLI, ...args], { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
  }

  /** Removes every workload, every container of this desk's instance, and the state folder. */
  async dispose(): Promise<void> {
    const names = (await this.manager.list({ all: true }).catch(() => [])).map((w) => w.name);
    await this.manager.delete(names).catch(() => undefined);
    const { stdout } = await run('docker', ['ps', '-aq', '--filter', `label=${INSTANCE_LABEL}=${instanceOf(this.root)}`]);
    const ids = stdout.split('\n').filter(Boolean);
    if (ids.length > 0) await run('docker', ['rm', '-f', ...ids]).catch(() => undefined);
    await rm(this.home, { recursive: true, force: true });
  }

  /** The environment of container `name` as the engine holds it (`KEY=VALUE` lines). */
  async containerEnv(name: string): Promise<string[]> {
    const { stdout } = await run('docker', ['inspect', '--format', '{{json .Config.Env}}', name]);
    return JSON.parse(stdout) as string[];
  }

  /** The command container `name` runs with (its image's entrypoint gets these), as the engine holds it. */
  async containerCmd(name: string): Promise<string[]> {
    const { stdout } = await run('docker', ['inspect', '--format', '{{json .Config.Cmd}}', name]);
    return (JSON.parse(stdout) as string[] | null) ?? [];
  }

  /** `docker ps -a` of this desk's containers: name, state and labels, for before/after comparisons. */
  async containers(): Promise<string[]> {
    const { stdout } = await run('docker', ['ps', '-a', '--filter', `label=${INSTANCE_LABEL}=${instanceOf(this.root)}`, '--format', '{{.Names}} {{.State}} {{.Labels}}']);
    return stdout.split('\n').filter(Boolean).sort();
  }
}

/** Polls `check` every 50 ms until it returns a value other than undefined; throws after `ms` with `what`. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
