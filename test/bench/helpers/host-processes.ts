/** Processes the bench starts on the host, and the resident memory of any process. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { bundleFixtureServer } from '../../fixtures/image';

/** A process the bench started, with the line that told it was ready, and a way to end it. */
export interface HostProcess {
  readonly pid: number;
  /** What the process printed to say it was ready (the fixture's URL, the bare server's port). */
  readonly ready: string;
  /** SIGTERM, then SIGKILL after 2 s; resolves once it has exited. */
  stop(): Promise<void>;
}

/**
 * The resident set size of `pid` in MB (VmRSS of /proc/PID/status, kB / 1024). Throws when the
 * process is gone.
 */
export async function residentMegabytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (!match) throw new Error(`process ${pid} reports no VmRSS`);
  return Math.round((Number(match[1]) / 1024) * 10) / 10;
}

/**
 * The fixture MCP server on the host, speaking streamable HTTP on an ephemeral 127.0.0.1 port;
 * `ready` is its URL (…/mcp). A remote workload can point at it.
 */
export async function startHostFixture(): Promise<HostProcess> {
  const bundle = await bundleFixtureServer();
  const child = spawn(process.execPath, [bundle], {
    env: { ...process.env, MCP_TRANSPORT: 'streamable-http', MCP_HOST: '127.0.0.1', MCP_PORT: '0' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return started(child, 'stderr', /serving MCP \(streamable-http\) on (http:\S+)/, 'the host fixture server');
}

/**
 * The floor of a proxy's memory: a node process that only listens with node:http on 127.0.0.1
 * and answers nothing; `ready` is its port.
 */
export async function startBareNodeServer(): Promise<HostProcess> {
  const script = "const s=require('http').createServer((q,r)=>r.end());s.listen(0,'127.0.0.1',()=>console.log('port '+s.address().port))";
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'ignore'] });
  return started(child, 'stdout', /port (\d+)/, 'the bare node:http server');
}

function started(child: ChildProcess, stream: 'stdout' | 'stderr', ready: RegExp, what: string): Promise<HostProcess> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${what} did not start within 15 s: ${seen.slice(-300)}`));
    }, 15_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code} before it was ready: ${seen.slice(-300)}`));
    });
    child[stream]!.setEncoding('utf8');
    child[stream]!.on('data', (text: string) => {
      seen += text;
      const match = ready.exec(seen);
      if (!match) return;
      clearTimeout(timer);
      // Keep draining, so a chatty process never blocks on a full pipe.
      child[stream]!.removeAllListeners('data');
      child[stream]!.resume();
      resolve({ pid: child.pid!, ready: match[1]!, stop });
    });
  });
}
