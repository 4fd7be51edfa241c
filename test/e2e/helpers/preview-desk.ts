import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { contractEvents } from '../../../electron/core/live/contract-events';
import { WorkloadWatch } from '../../../electron/core/live/workload-watch';
import { createDockerRuntime } from '../../../electron/core/runtime';
import { startPreviewServer, type PreviewServer } from '../../../electron/core/service/preview-server';
import { createRequestHandler } from '../../../electron/core/service/request-handler';
import type { Desk } from '../../integration/workloads/helpers/harness';
import { useDesk } from '../../integration/workloads/helpers/use-desk';

/**
 * The test bridge: the real renderer (dist/renderer) served with the real core and engine behind
 * `window.mcpdesk` over HTTP (the preview server), for one isolated Desk. Returns getters.
 */
export function usePreviewDesk(): { desk: () => Desk; url: () => string } {
  const desk = useDesk();
  let watch: WorkloadWatch | undefined;
  let server: PreviewServer | undefined;
  beforeAll(async () => {
    const runtime = () => createDockerRuntime();
    watch = new WorkloadWatch({ manager: desk().manager, paths: desk().state.paths, runtime });
    await watch.start();
    server = await startPreviewServer({
      handler: createRequestHandler({ manager: desk().manager, runtime, transitions: desk().state.statuses.transitions }),
      events: contractEvents(watch),
      rendererDir: path.resolve(import.meta.dirname, '../../../dist/renderer'),
    });
  });
  afterAll(async () => {
    watch?.close();
    await server?.close();
  });
  return {
    desk,
    url: () => {
      if (!server) throw new Error('the preview runs only inside tests');
      return server.url;
    },
  };
}
