/** SDK MCP clients the bench measures with: the same Client over HTTP or over a direct stdio pipe. */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { BENCH_LABEL } from './docker';

/** An SDK client connected (initialized) over streamable HTTP to `url`. */
export async function connectHttp(url: string, name = 'bench-client'): Promise<Client> {
  const client = new Client({ name, version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return client;
}

/**
 * An SDK client speaking stdio straight to a new container of `image`, as an AI client configured
 * with `docker run -i --rm --init IMAGE` does: no proxy, the docker CLI relays stdin and stdout.
 * The container is named `container` and labelled for `suite`, so a failed run can still be
 * cleaned up by label; closing the client ends the docker CLI and --rm removes the container.
 */
export async function connectDirectStdio(image: string, container: string, suite: string): Promise<Client> {
  const client = new Client({ name: 'bench-direct', version: '1.0.0' });
  const transport = new StdioClientTransport({
    command: 'docker',
    args: ['run', '-i', '--rm', '--init', '--name', container, '--label', `${BENCH_LABEL}=${suite}`, image],
    stderr: 'ignore',
  });
  await client.connect(transport);
  return client;
}

/** Calls the fixture's echo tool and checks the answer, so a broken path cannot pass as fast. */
export async function echo(client: Client, text: string): Promise<void> {
  const result = await client.callTool({ name: 'echo', arguments: { text } });
  const first = (result.content as Array<{ text?: string }>)[0];
  if (first?.text !== text) throw new Error(`echo answered ${JSON.stringify(result.content)} to "${text}"`);
}
