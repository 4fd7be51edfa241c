/**
 * The bridge's stdio side over in-memory streams: framing of the server's output, its own ping,
 * and the server going away. The HTTP side is covered against the real fixture server in
 * test/integration/proxy/stdio-bridge.test.ts.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BridgeRequestTimeoutError, ServerClosedError, createStdioBridge } from '../../../../electron/core/proxy/stdio-bridge';

function setup() {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const logs: { level: string; message: string }[] = [];
  const bridge = createStdioBridge({ stdin, stdout, log: (level, message) => logs.push({ level, message }) });
  const written: Record<string, unknown>[] = [];
  let pending = '';
  stdin.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) written.push(JSON.parse(line) as Record<string, unknown>);
  });
  return { stdin, stdout, logs, bridge, written };
}

/** Lets stream events run. */
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('stdio bridge, stdio side', () => {
  it('resolves ping on the reply to its own id, whatever the chunking of the reply', async () => {
    const { stdout, bridge, written } = setup();
    const pong = bridge.ping(1_000);
    await tick();
    expect(written).toEqual([{ jsonrpc: '2.0', id: 1, method: 'ping' }]);
    stdout.write('{"jsonrpc":"2.0",');
    stdout.write('"id":1,"res');
    stdout.write('ult":{}}\n');
    await expect(pong).resolves.toBeUndefined();
  });

  it('rejects ping when the server does not answer in time', async () => {
    const { bridge } = setup();
    await expect(bridge.ping(20)).rejects.toBeInstanceOf(BridgeRequestTimeoutError);
  });

  it('logs lines that are not JSON-RPC at warn, shortened with control characters escaped, and goes on', async () => {
    const { stdout, bridge, logs } = setup();
    const pong = bridge.ping(1_000);
    stdout.write(`hello from the server\n{"not":"json-rpc"}\n\u001b[31mred ${'x'.repeat(1_000)}\n[1,2]\n{"jsonrpc":"2.0","id":1,"result":{}}\n`);
    await expect(pong).resolves.toBeUndefined();
    const warnings = logs.filter((l) => l.level === 'warn').map((l) => l.message);
    expect(warnings).toHaveLength(4);
    expect(warnings[0]).toContain('hello from the server');
    expect(warnings[2]).toContain('\\u001b[31mred');
    expect(warnings[2]!.length).toBeLessThan(300);
  });

  it('takes several messages in one chunk', async () => {
    const { stdout, bridge } = setup();
    const pongs = [bridge.ping(1_000), bridge.ping(1_000), bridge.ping(1_000)];
    stdout.write('{"jsonrpc":"2.0","id":3,"result":{}}\n{"jsonrpc":"2.0","id":1,"result":{}}\n{"jsonrpc":"2.0","id":2,"result":{}}\n');
    await expect(Promise.all(pongs)).resolves.toHaveLength(3);
  });

  it('fires onServerClosed when stdout ends, fails pending and later pings', async () => {
    const { stdout, bridge } = setup();
    const reasons: string[] = [];
    bridge.onServerClosed((reason) => reasons.push(reason));
    const pong = bridge.ping(10_000);
    stdout.end();
    await expect(pong).rejects.toBeInstanceOf(ServerClosedError);
    expect(reasons).toEqual(['MCP server exited']);
    await expect(bridge.ping(10)).rejects.toBeInstanceOf(ServerClosedError);
    // A listener added afterwards still learns it.
    bridge.onServerClosed((reason) => reasons.push(`late: ${reason}`));
    expect(reasons).toEqual(['MCP server exited', 'late: MCP server exited']);
  });

  it('treats a failing stdin as the server gone instead of crashing, failing what is pending', async () => {
    const { stdin, bridge } = setup();
    const closed = new Promise<string>((resolve) => bridge.onServerClosed(resolve));
    const pong = bridge.ping(10_000);
    stdin.destroy(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    await expect(closed).resolves.toBe('writing to the MCP server failed: write EPIPE');
    await expect(pong).rejects.toBeInstanceOf(ServerClosedError);
  });

  it('gives the exit as the reason when stdout ends just after a write to stdin failed', async () => {
    const { stdin, stdout, bridge } = setup();
    const closed = new Promise<string>((resolve) => bridge.onServerClosed(resolve));
    stdin.destroy(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    await tick();
    stdout.end();
    await expect(closed).resolves.toBe('MCP server exited');
  });

  it('after close, rejects pings and writes nothing more to the server', async () => {
    const { bridge, written } = setup();
    const pong = bridge.ping(10_000);
    await bridge.close();
    await expect(pong).rejects.toBeInstanceOf(ServerClosedError);
    await expect(bridge.ping(10)).rejects.toBeInstanceOf(ServerClosedError);
    await tick();
    expect(written).toHaveLength(1);
  });
});
