// The preload of the main window: exposes window.mcpdesk, built from the shared contract over
// Electron's IPC, and nothing else.
import { contextBridge } from 'electron';
import { buildApi } from '../../shared/contract';
import { invoke, subscribe } from './ipc';

contextBridge.exposeInMainWorld('mcpdesk', buildApi(invoke, subscribe));
