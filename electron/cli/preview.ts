// `npm run preview`: the real UI in any browser, where Electron cannot run. Serves the built
// renderer and the contract on 127.0.0.1 behind a one-time token, over the same core the app uses.
import path from 'node:path';
import { createDockerRuntime } from '../core/runtime';
import { createDeskService } from '../core/service/desk-service';
import { startPreviewServer } from '../core/service/preview-server';
import { openState, resolveStateRoot } from '../core/state';
import { proxyCommandFor } from '../core/workloads/proxy-processes';
import { WorkloadManager } from '../core/workloads/workload-manager';

async function main(): Promise<void> {
  const state = openState(resolveStateRoot());
  const runtime = () => createDockerRuntime();
  const manager = new WorkloadManager({ state, runtime, proxyCommand: proxyCommandFor(path.resolve(__dirname, '..', 'proxy', 'proxy.cjs')) });
  const desk = createDeskService({ state, manager, runtime });
  await desk.start();
  const server = await startPreviewServer({
    handler: desk.handler,
    events: desk.events,
    rendererDir: path.resolve(__dirname, '..', 'renderer'),
    port: Number(process.env.MCPDESK_PREVIEW_PORT ?? 0),
  });
  process.stdout.write(`MCP Desk preview: ${server.url}\n(open it in a browser; Ctrl-C stops the preview, workloads keep running)\n`);
  const stop = async (): Promise<void> => {
    desk.close();
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

void main().catch((error: unknown) => {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
