import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { processGone } from '../../../../electron/core/system/process-identity';

const run = promisify(execFile);

/**
 * A Docker daemon of this test's own: its own socket, data root, exec root and pid file under one
 * temp folder, and its own bridge with no iptables rules and no sysctl changes. The engine the
 * other test files use is shared and must never be stopped; this one may be stopped and started
 * again at will. Every `docker` call for it goes through `host`.
 *
 * Never `--bridge=none`: a daemon started so deletes the host's docker0 interface at start (moby
 * removes "the default bridge" when bridging is off), and with it the shared engine's network.
 * The daemon shares the host's network namespace, so its bridge gets a name and a /28 of the
 * benchmarking range (198.18.0.0/15) that nothing else here uses.
 */
export class PrivateDockerd {
  /** DOCKER_HOST for this daemon: `unix://<folder>/docker.sock`. */
  readonly host: string;
  private pid: number | undefined;

  private constructor(
    readonly folder: string,
    private readonly bridge: string,
  ) {
    this.host = `unix://${path.join(folder, 'docker.sock')}`;
  }

  /** Makes the folders and starts the daemon; resolves once it answers. */
  static async start(): Promise<PrivateDockerd> {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'mcpdesk-faults-'));
    const suffix = randomBytes(3);
    const daemon = new PrivateDockerd(folder, `mcpdf${suffix.toString('hex')}`);
    await Promise.all(['data', 'exec'].map((sub) => mkdir(path.join(folder, sub))));
    await run('ip', ['link', 'add', 'name', daemon.bridge, 'type', 'bridge']);
    await run('ip', ['addr', 'add', `198.18.${suffix[0]}.${(suffix[1]! & 0xf0) + 1}/28`, 'dev', daemon.bridge]);
    await run('ip', ['link', 'set', daemon.bridge, 'up']);
    await daemon.resume();
    return daemon;
  }

  /** Whether a daemon process runs now. */
  get running(): boolean {
    return this.pid !== undefined && !processGone(this.pid);
  }

  /** Starts the daemon again over the same roots (its containers and images are still there). */
  async resume(): Promise<void> {
    const log = createWriteStream(path.join(this.folder, 'dockerd.log'), { flags: 'a' });
    await new Promise((resolve) => log.once('open', resolve));
    const child = spawn(
      'dockerd',
      [
        '--host', this.host,
        '--data-root', path.join(this.folder, 'data'),
        '--exec-root', path.join(this.folder, 'exec'),
        '--pidfile', path.join(this.folder, 'docker.pid'),
        `--bridge=${this.bridge}`, '--iptables=false', '--ip-masq=false', '--ip-forward=false',
      ],
      { detached: true, stdio: ['ignore', log, log] },
    );
    child.unref();
    log.close();
    this.pid = child.pid;
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (!this.running) throw new Error(`the private dockerd exited at start: ${await this.logTail()}`);
      const answered = await this.docker('info', '--format', '{{.ServerVersion}}').then(() => true, () => false);
      if (answered) return;
      if (Date.now() > deadline) throw new Error(`the private dockerd did not answer within 60 s: ${await this.logTail()}`);
      await sleep(100);
    }
  }

  /** Stops the daemon as a service manager would (SIGTERM), and waits until it has exited. */
  async stop(): Promise<void> {
    const pid = this.pid;
    if (pid === undefined || processGone(pid)) return;
    process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 600 && !processGone(pid); i++) await sleep(50);
    if (!processGone(pid)) {
      process.kill(pid, 'SIGKILL');
      for (let i = 0; i < 100 && !processGone(pid); i++) await sleep(50);
    }
  }

  /** Runs `docker ARGS` against this daemon. */
  async docker(...args: string[]): Promise<string> {
    return (await run('docker', ['-H', this.host, ...args], { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 })).stdout;
  }

  /** Copies `image` from the shared engine into this one (no registry here). */
  async loadImage(image: string): Promise<void> {
    const save = spawn('docker', ['save', image], { stdio: ['ignore', 'pipe', 'pipe'] });
    const load = spawn('docker', ['-H', this.host, 'load'], { stdio: ['pipe', 'ignore', 'pipe'] });
    save.stdout.pipe(load.stdin);
    let errors = '';
    save.stderr.on('data', (chunk: Buffer) => (errors += String(chunk)));
    load.stderr.on('data', (chunk: Buffer) => (errors += String(chunk)));
    const exited = (child: ChildProcess): Promise<number | null> => new Promise((resolve) => child.once('close', resolve));
    const [saved, loaded] = await Promise.all([exited(save), exited(load)]);
    if (saved !== 0 || loaded !== 0) throw new Error(`failed to load ${image} into the private dockerd: ${errors.trim()}`);
  }

  /**
   * Stops the daemon (killing what it left running), unmounts anything still mounted under its
   * folder, and removes the folder.
   */
  async dispose(): Promise<void> {
    if (this.running) {
      const ids = (await this.docker('ps', '-aq').catch(() => '')).split('\n').filter(Boolean);
      if (ids.length > 0) await this.docker('rm', '-f', ...ids).catch(() => undefined);
    }
    await this.stop();
    // containerd and its shims live in the exec root: none may outlive the daemon.
    const { stdout } = await run('pgrep', ['-f', this.folder]).catch(() => ({ stdout: '' }));
    for (const pid of stdout.split('\n').filter(Boolean).map(Number)) {
      if (pid !== process.pid) process.kill(pid, 'SIGKILL');
    }
    const mounts = (await readFile('/proc/self/mounts', 'utf8'))
      .split('\n')
      .map((line) => line.split(' ')[1] ?? '')
      .filter((point) => point.startsWith(`${this.folder}/`))
      // Deepest first, so no mount is under another still mounted.
      .sort((a, b) => b.length - a.length);
    for (const point of mounts) await run('umount', ['-l', point]).catch(() => undefined);
    await rm(this.folder, { recursive: true, force: true });
    await run('ip', ['link', 'del', this.bridge]).catch(() => undefined);
  }

  private async logTail(): Promise<string> {
    const text = await readFile(path.join(this.folder, 'dockerd.log'), 'utf8').catch(() => '');
    return text.trim().split('\n').slice(-5).join(' | ');
  }
}
