import { buildApi, type EventChannel, type McpDeskApi, type RequestChannel, type Result } from '../shared/contract';

/**
 * `window.mcpdesk` over HTTP, for the preview server (`npm run preview`): requests are POSTs to
 * /api/<channel>, events come from one EventSource on /api/events. Same origin, so the preview's
 * token cookie goes along.
 */
export function previewApi(): McpDeskApi {
  let source: EventSource | undefined;
  const invoke = async (channel: RequestChannel, input: unknown): Promise<Result<unknown>> => {
    try {
      const response = await fetch(`/api/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input ?? {}) });
      if (!response.ok) return { ok: false, error: { code: 'internal', message: `the preview server answered ${response.status}` } };
      return (await response.json()) as Result<unknown>;
    } catch (error) {
      return { ok: false, error: { code: 'internal', message: `the preview server cannot be reached: ${String(error)}` } };
    }
  };
  const subscribe = (event: EventChannel, listener: (payload: unknown) => void): (() => void) => {
    source ??= new EventSource('/api/events');
    const onMessage = (message: MessageEvent<string>): void => listener(JSON.parse(message.data));
    source.addEventListener(event, onMessage as EventListener);
    return () => source?.removeEventListener(event, onMessage as EventListener);
  };
  return buildApi(invoke, subscribe);
}
