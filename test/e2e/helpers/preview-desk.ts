import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { LinkDelivery } from '../../../electron/app/link-delivery';
import { eventOutlet, mergeEventSources } from '../../../electron/core/live/contract-events';
import { createDockerRuntime } from '../../../electron/core/runtime';
import { createDeskService, type DeskService } from '../../../electron/core/service/desk-service';
import { startPreviewServer, type PreviewServer } from '../../../electron/core/service/preview-server';
import type { Desk } from '../../integration/workloads/helpers/harness';
import { useDesk } from '../../integration/workloads/helpers/use-desk';

/** What a test gets from usePreviewDesk: getters, valid inside tests. */
export interface PreviewDesk {
  readonly desk: () => Desk;
  readonly url: () => string;
  /**
   * Opens a `mcpdesk://` link as the OS would hand it to the app: parsed by the app's LinkDelivery
   * and pushed to the page as `links:opened`. The page must be loaded (listening) already.
   */
  readonly openLink: (url: string) => void;
}

/**
 * The test bridge: the real renderer (dist/renderer) served with the real core and engine behind
 * `window.mcpdesk` over HTTP (the preview server), for one isolated Desk. The desk service has
 * every event but `links:opened`, which the app adds; here a LinkDelivery adds it, as in the app.
 */
export function usePreviewDesk(): PreviewDesk {
  const desk = useDesk();
  let service: DeskService | undefined;
  let server: PreviewServer | undefined;
  const linkEvents = eventOutlet('links:opened');
  const delivery = new LinkDelivery((link) => linkEvents.emit(link));
  // The page listens before any test opens a link; the app marks this on page load.
  delivery.ready();
  beforeAll(async () => {
    service = createDeskService({ state: desk().state, manager: desk().manager, runtime: () => createDockerRuntime() });
    await service.start();
    server = await startPreviewServer({
      handler: service.handler,
      events: mergeEventSources(service.events, linkEvents),
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
    openLink: (url) => delivery.receive(url),
  };
}
