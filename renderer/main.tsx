import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { filterFromHash } from './filter/filter-hash';
import { previewApi } from './preview-api';
import { connectBridge } from './store/bridge';
import { createDeskStore } from './store/desk-store';
import { DeskProvider } from './store/DeskProvider';
import { WorkloadsView } from './views/WorkloadsView';
import './styles.css';

// The composition root of the renderer: one store, fed by the bridge outside React so that
// StrictMode's double effects cannot subscribe twice. The api is the preload's window.mcpdesk;
// without a preload (`npm run preview` in a plain browser) it is the same contract over HTTP.
const api = (window as Partial<Window>).mcpdesk ?? previewApi();
const store = createDeskStore({ filterText: filterFromHash(window.location.hash) });
connectBridge(api, store);

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <DeskProvider store={store} api={api}>
        <WorkloadsView />
      </DeskProvider>
    </StrictMode>,
  );
