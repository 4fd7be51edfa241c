import { act, render } from '@testing-library/react';
import { connectBridge } from '../../../renderer/store/bridge';
import { createDeskStore } from '../../../renderer/store/desk-store';
import { DeskProvider } from '../../../renderer/store/DeskProvider';
import { WorkloadsView } from '../../../renderer/views/WorkloadsView';
import { createFakeApi, type FakeApi, type FakeApiOptions } from './fake-api';

/** Renders the whole view over a fresh store fed by the bridge from a fake api, and waits for the first load. */
export async function renderView(options: FakeApiOptions = {}): Promise<FakeApi> {
  const api = createFakeApi(options);
  const store = createDeskStore();
  connectBridge(api, store);
  render(
    <DeskProvider store={store} api={api}>
      <WorkloadsView />
    </DeskProvider>,
  );
  await act(async () => {});
  return api;
}
