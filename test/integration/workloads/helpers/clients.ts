import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

/** A real SDK client connected through a workload's proxy: at `/sse` with SSE, else streamable HTTP. */
export async function connectClient(url: string, name = 'it-client'): Promise<Client> {
  const client = new Client({ name, version: '1.0.0' });
  const target = new URL(url);
  await client.connect(target.pathname.endsWith('/sse') ? new SSEClientTransport(target) : new StreamableHTTPClientTransport(target));
  return client;
}

/** The text of a tool result's first content item. */
export function textOf(result: Awaited<ReturnType<Client['callTool']>>): string {
  const first = (result.content as Array<{ type: string; text?: string }>)[0];
  return first?.text ?? '';
}

/** Connects, calls echo with `text`, closes; returns the echoed text. */
export async function echoThrough(url: string, text: string): Promise<string> {
  const client = await connectClient(url);
  try {
    return textOf(await client.callTool({ name: 'echo', arguments: { text } }));
  } finally {
    await client.close();
  }
}
