// The preload of the main window. The typed window.mcpdesk API over the shared contract is built
// here once the contract exists; until then the renderer gets only the app's version.
import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('mcpdesk', { version: process.versions.electron ?? 'unknown' });
