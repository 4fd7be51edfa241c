/**
 * One isolated MCP Desk for a bench suite, like the integration harness's Desk but configured as a
 * user's: default health-check interval (10 s, not the tests' 200 ms, whose pings would share the
 * stdio server with the measured calls) and default proxy stop grace.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createDockerRuntime } from '../../../electron/core/runtime';
import { openState, type StateStores } from '../../../electron/core/state';
import { findProcesses } from '../../../electron/core/system/process-table';
import type { RunRequest } from '../../../electron/core/workloads/start';
import { instanceOf } from '../../../electron/core/workloads/context';
import { PROXY_MARKER } from '../../../electron/core/workloads/proxy-processes';
import { WorkloadManager } from '../../../electron/core/workloads/workload-manager';
import { INSTANCE_LABEL } from '../../../shared/labels';
import type { WorkloadInfo } from '../../../shared/workload-info';
import { docker } from './docker';
import { CLI, PROXY, ensureDist } from './dist';
import { timed } from './stats';

const run = promisify(execFile);

/** The health-check settings a bench must not inherit from a test environment. */
const HEALTH_ENV = ['MCPDESK_HEALTH_INTERVAL_MS', 'MCPDESK_HEALTH_TIMEOUT_MS'];

export class BenchDesk {
  readonly manager: WorkloadManager;
  readonly state: StateStores;
  /** The environment of `mcpdesk` runs: this desk's state root, nothing else changed. */
  readonly env: NodeJS.ProcessEnv;

  private constructor(readonly home: string) {
    this.env = { ...process.env, XDG_STATE_HOME: home };
    for (const key of HEALTH_ENV) delete this.env[key];
    this.state = openState(path.join(home, 'mcpdesk'));
    this.manager = new WorkloadManager({
      state: this.state,
      runtime: () => createDockerRuntime({ env: this.env }),
      proxyCommand: { execPath: process.execPath, script: PROXY },
    });
  }

  /** A desk under a new temp folder, with dist/ built. Dispose of it (see dispose()). */
  static async create(): Promise<BenchDesk> {
    await ensureDist();
    return new BenchDesk(await mkdtemp(path.join(os.tmpdir(), 'mcpdesk-bench-')));
  }

  /** The value of INSTANCE_LABEL on this desk's containers. */
  get instance(): string {
    return instanceOf(this.state.paths.root);
  }

  /** The `docker ps` filter that selects this desk's containers. */
  get instanceFilter(): string {
    return `label=${INSTANCE_LABEL}=${this.instance}`;
  }

  /**
   * Runs a stdio workload of `image` (or a remote one with `remoteUrl`) through the manager and
   * waits until it is running; throws when it ends in error or unhealthy.
   */
  async runWorkload(name: string, source: { image: string } | { remoteUrl: string }): Promise<WorkloadInfo> {
    const request: RunRequest = {
      name,
      ...source,
      cmdArgs: [],
      transport: 'image' in source ? 'stdio' : 'streamable-http',
      proxyMode: 'streamable-http',
      env: {},
      volumes: [],
      labels: {},
      headers: {},
    };
    await this.manager.run(request);
    return this.waitRunning(name);
  }

  /** Waits until workload `name` is running; throws as soon as it is in error or unhealthy instead. */
  async waitRunning(name: string): Promise<WorkloadInfo> {
    const info = await this.manager.waitFor(name, ['running', 'error', 'unhealthy'], 120_000);
    if (info.status !== 'running') throw new Error(`bench workload "${name}" is ${info.status}: ${info.statusContext}`);
    return info;
  }

  /** Runs `mcpdesk ARGS` against this desk; resolves to its wall time in ms; throws on a non-zero exit. */
  async timeCli(...args: string[]): Promise<number> {
    return timed(async () => {
      try {
        await run(process.execPath, [CLI, ...args], { env: this.env, timeout: 180_000, maxBuffer: 16 * 1024 * 1024 });
      } catch (error) {
        const e = error as { code?: number; stderr?: string };
        throw new Error(`mcpdesk ${args.join(' ')} exited with ${e.code ?? 'an error'}: ${e.stderr?.trim() ?? String(error)}`, { cause: error });
      }
    });
  }

  /**
   * Deletes every workload (stopping proxies and containers), then kills any proxy of this state
   * root and force-removes any container of this instance still there (a workload whose run was
   * under way when an interrupt started the cleanup is in no list yet), and removes the state
   * folder. Safe to call twice.
   */
  async dispose(): Promise<void> {
    const names = (await this.manager.list({ all: true }).catch(() => [])).map((w) => w.name);
    if (names.length > 0) await this.manager.delete(names).catch(() => undefined);
    for (const proxy of await findProcesses(PROXY_MARKER).catch(() => [])) {
      if (!proxy.argv.includes(this.state.paths.root)) continue;
      try {
        process.kill(proxy.pid, 'SIGKILL');
      } catch {
        // Gone meanwhile.
      }
    }
    const ids = (await docker('ps', '-aq', '--filter', this.instanceFilter).catch(() => '')).split('\n').filter(Boolean);
    if (ids.length > 0) await docker('rm', '-f', ...ids).catch(() => undefined);
    await rm(this.home, { recursive: true, force: true });
  }
}
