/**
 * Stand-ins for an MCP server that do no work: canned JSON-RPC answers (initialize, echo's text
 * back, `{}` for anything else), served over plain node:http (the bare HTTP hop) or handed to an
 * SDK client in memory (the client's own cost, with no transport at all).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/** A running HTTP responder: the URL to connect to, and close(). */
export interface CannedResponder {
  readonly url: string;
  close(): Promise<void>;
}

type Incoming = { id?: string | number; method?: string; params?: { arguments?: { text?: unknown } } };

const INITIALIZE_RESULT = {
  protocolVersion: '2025-06-18',
  capabilities: { tools: {} },
  serverInfo: { name: 'bench-canned', version: '1.0.0' },
};

/** The canned answer to `message`, or undefined for a notification (no id). */
function cannedReply(message: Incoming): JSONRPCMessage | undefined {
  if (message.id === undefined) return undefined;
  const text = message.params?.arguments?.text;
  const result =
    message.method === 'initialize'
      ? INITIALIZE_RESULT
      : message.method === 'tools/call'
        ? { content: [{ type: 'text', text: typeof text === 'string' ? text : '' }] }
        : {};
  return { jsonrpc: '2.0', id: message.id, result } as JSONRPCMessage;
}

/**
 * Starts the bare HTTP hop on an ephemeral 127.0.0.1 port. Replies are framed as the proxy frames
 * them (a POST holding a request gets a one-event text/event-stream; a notification gets 202), so
 * the SDK client does the same parsing work against both and the difference is the proxy's own.
 */
export async function startCannedResponder(): Promise<CannedResponder> {
  const server = http.createServer((req, res) => {
    // The client's optional GET stream: refusing it is allowed and keeps the hop to POSTs only.
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const reply = cannedReply(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Incoming);
      if (!reply) {
        res.writeHead(202).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'mcp-session-id': 'bench' });
      res.end(`event: message\ndata: ${JSON.stringify(reply)}\n\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * An SDK client whose server is the canned answers in memory: a call costs only the client's own
 * work (request building, schema validation), the part every other path also pays.
 */
export async function connectInMemoryCanned(): Promise<Client> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  serverSide.onmessage = (message) => {
    const reply = cannedReply(message as Incoming);
    if (reply) void serverSide.send(reply);
  };
  await serverSide.start();
  const client = new Client({ name: 'bench-in-memory', version: '1.0.0' });
  await client.connect(clientSide);
  return client;
}
