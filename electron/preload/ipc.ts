// The only file of the preload that touches ipcRenderer. It gives buildApi its two transport
// functions and nothing else: requests only on the contract's channels, subscriptions only to the
// contract's events, and listeners that never see Electron's event object (it holds `sender`).
import { ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNELS, isRequestChannel, type EventChannel, type RequestChannel, type Result } from '../../shared/contract';

/** Sends one request; a channel outside the contract is answered with invalid-input, not sent. */
export function invoke(channel: RequestChannel, input: unknown): Promise<Result<unknown>> {
  if (!isRequestChannel(channel)) {
    return Promise.resolve({ ok: false, error: { code: 'invalid-input', message: `unknown request channel "${String(channel).slice(0, 100)}"` } });
  }
  return ipcRenderer.invoke(channel, input) as Promise<Result<unknown>>;
}

/** Listens to one contract event; returns the unsubscribe function. Throws for any other channel. */
export function subscribe(event: EventChannel, listener: (payload: unknown) => void): () => void {
  if (!EVENT_CHANNELS.includes(event)) throw new Error(`unknown event "${String(event).slice(0, 100)}"`);
  const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
  ipcRenderer.on(event, forward);
  return () => {
    ipcRenderer.removeListener(event, forward);
  };
}
