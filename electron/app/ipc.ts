// The only file of the main process that touches ipcMain. Every request channel of the contract is
// bound here, and each request passes three gates before the core sees it: the sender frame must be
// our renderer, and the payload must be plain data without prototype keys that parses with the
// channel's schema (parseRequest checks both).
import { pathToFileURL } from 'node:url';
import { ipcMain, type IpcMainInvokeEvent, type WebContents, type WebFrameMain } from 'electron';
import {
  EVENT_CHANNELS,
  isRequestChannel,
  parseRequest,
  REQUEST_CHANNELS,
  type EventChannel,
  type EventPayloads,
  type Result,
} from '../../shared/contract';
import { shorten } from '../../shared/text';
import type { RequestHandler } from '../core/service/request-handler';

/** The part of a sender frame the trust check reads (WebFrameMain in Electron). */
export type SenderFrame = Pick<WebFrameMain, 'url' | 'parent'>;

export interface IpcOptions {
  /** Answers a request whose sender and payload passed the gates. */
  readonly handler: RequestHandler;
  /** Whether a request from this frame may be answered; see trustRendererFrame. */
  readonly isTrustedSender: (frame: SenderFrame) => boolean;
}

const refused = (message: string): Result<never> => ({ ok: false, error: { code: 'invalid-input', message } });

/**
 * A trust check that accepts only the top frame showing our renderer's index.html (query and hash
 * ignored), given the file's path; `devServerUrl`, when set, is accepted as an origin too. A frame
 * inside the page (an iframe) is refused even if its URL matches.
 */
export function trustRendererFrame(indexHtmlPath: string, devServerUrl?: string): (frame: SenderFrame) => boolean {
  const indexUrl = pathToFileURL(indexHtmlPath).href;
  const devOrigin = devServerUrl ? new URL(devServerUrl).origin : undefined;
  return (frame) => {
    if (frame.parent !== null) return false;
    let url: URL;
    try {
      url = new URL(frame.url);
    } catch {
      return false;
    }
    if (url.protocol === 'file:') return `${url.origin === 'null' ? 'file://' : url.origin}${url.pathname}` === indexUrl;
    return devOrigin !== undefined && url.origin === devOrigin;
  };
}

/**
 * Answers one request as ipcMain would deliver it. Never throws. Refusals (untrusted or missing
 * sender frame, unknown channel, bad payload) come back as invalid-input and never reach the handler.
 */
export async function answerRequest(options: IpcOptions, channel: unknown, frame: SenderFrame | null | undefined, payload: unknown): Promise<Result<unknown>> {
  try {
    if (!frame || !options.isTrustedSender(frame)) return refused('refused: request from an untrusted frame');
    if (!isRequestChannel(channel)) return refused(`refused: unknown request channel ${typeof channel === 'string' ? `"${shorten(channel)}"` : `(a ${channel === null ? 'null' : typeof channel}, not a channel name)`}`);
    const parsed = parseRequest(channel, payload);
    if (!parsed.ok) return parsed;
    return await options.handler(channel, parsed.data);
  } catch (error) {
    return { ok: false, error: { code: 'internal', message: error instanceof Error ? error.message : String(error) } };
  }
}

/** Binds every request channel of the contract on ipcMain; returns the function that unbinds them. */
export function bindIpc(options: IpcOptions): () => void {
  for (const channel of REQUEST_CHANNELS) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, payload: unknown) => answerRequest(options, channel, event.senderFrame, payload));
  }
  return () => {
    for (const channel of REQUEST_CHANNELS) ipcMain.removeHandler(channel);
  };
}

/** Pushes one event of the contract to a window; a destroyed window or unknown event is skipped. */
export function pushEvent<E extends EventChannel>(webContents: Pick<WebContents, 'send' | 'isDestroyed'>, event: E, payload: EventPayloads[E]): void {
  if (!EVENT_CHANNELS.includes(event) || webContents.isDestroyed()) return;
  webContents.send(event, payload);
}
