import { act, render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { connectBridge } from '../../../renderer/store/bridge';
import { createDeskStore, type DeskStore } from '../../../renderer/store/desk-store';
import { DeskProvider } from '../../../renderer/store/DeskProvider';
import { WorkloadsView } from '../../../renderer/views/WorkloadsView';
import { createFakeApi, type FakeApi, type FakeApiOptions } from './fake-api';

export interface RenderDeskOptions {
  /** What to render inside the provider; the whole workloads view by default. */
  readonly ui?: ReactNode;
  /** Changes the fake api before the bridge first calls it. */
  readonly prepare?: (api: FakeApi) => void;
}

/**
 * Renders `ui` over a fresh store fed by the bridge from a fake api, as the app does, and waits for
 * the first load. Returns the api (to push events and read calls) and the store.
 */
export async function renderDesk(options: FakeApiOptions = {}, { ui = <WorkloadsView />, prepare }: RenderDeskOptions = {}): Promise<{ api: FakeApi; store: DeskStore }> {
  const api = createFakeApi(options);
  prepare?.(api);
  const store = createDeskStore();
  connectBridge(api, store);
  render(
    <DeskProvider store={store} api={api}>
      {ui}
    </DeskProvider>,
  );
  await act(async () => {});
  return { api, store };
}

/** Renders the whole view (see renderDesk) and returns the fake api. */
export async function renderView(options: FakeApiOptions = {}): Promise<FakeApi> {
  return (await renderDesk(options)).api;
}
