import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createDockerRuntime } from '../../../electron/core/runtime';
import { createDeskService, type DeskService } from '../../../electron/core/service/desk-service';
import { startPreviewServer, type PreviewServer } from '../../../electron/core/service/preview-server';
import type { Desk } from '../../integration/workloads/helpers/harness';
import { useDesk } from '../../integration/workloads/helpers/use-desk';

/**
 * The test bridge: the real renderer (dist/renderer) served with the real core and engine behind
 * `window.mcpdesk` over HTTP (the preview server), for one isolated Desk. Returns getters.
 */
export function usePreviewDesk(): { desk: () => Desk; url: () => string } {
  const desk = useDesk();
  let service: DeskService | undefined;
  let server: PreviewServer | undefined;
  beforeAll(async () => {
    service = createDeskService({ state: desk().state, manager: desk().manager, runtime: () => createDockerRuntime() });
    await service.start();
    server = await startPreviewServer({
      handler: service.handler,
      events: service.events,
      rendererDir: path.resolve(import.meta.dirname, '../../../dist/renderer'),
    });
  });
  afterAll(async () => {
    service?.close();
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
