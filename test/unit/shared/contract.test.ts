import { describe, expect, it } from 'vitest';
import { buildApi, EVENT_CHANNELS, isRequestChannel, parseRequest, payloadProblem, REQUEST_CHANNELS } from '../../../shared/contract';

describe('the IPC contract', () => {
  it('names every channel domain:verb and every event in the past tense', () => {
    for (const channel of REQUEST_CHANNELS) expect(channel).toMatch(/^[a-z]+:[a-z]+$/);
    for (const event of EVENT_CHANNELS) expect(event).toMatch(/^[a-z]+:[a-z]+ed$/);
  });

  it('knows only its own channels, not inherited keys', () => {
    expect(isRequestChannel('workloads:stop')).toBe(true);
    for (const bad of ['__proto__', 'constructor', 'toString', 'workloads:format', '', 42, null]) expect(isRequestChannel(bad)).toBe(false);
  });

  it('fills defaults and refuses wrong shapes with a one-line message naming the place', () => {
    expect(parseRequest('workloads:list', {})).toEqual({ ok: true, data: { all: true } });
    expect(parseRequest('workloads:stop', { names: ['a', 'b'] })).toEqual({ ok: true, data: { names: ['a', 'b'] } });
    const refusals: Array<[Parameters<typeof parseRequest>[0], unknown, RegExp]> = [
      ['workloads:stop', { names: [] }, /^invalid workloads:stop request at names: /],
      ['workloads:stop', { names: 'a' }, /at names/],
      ['workloads:stop', { names: ['a'], extra: 1 }, /extra|Unrecognized/i],
      ['workloads:get', { name: 'x'.repeat(1_000_000) }, /at name: .*200/],
      ['workloads:get', null, /invalid workloads:get request/],
      ['workloads:run', { name: 'a', transport: 'grpc' }, /at transport/],
      ['workloads:run', JSON.parse('{"name":"a","transport":"stdio","__proto__":{"x":1}}'), /^invalid workloads:run request/],
      ['workloads:logs', { name: 'a', tail: -1 }, /at tail/],
      ['engine:status', { anything: true }, /invalid engine:status request/],
    ];
    for (const [channel, input, message] of refusals) {
      const result = parseRequest(channel, input);
      expect(result.ok, `${channel} ${JSON.stringify(input)?.slice(0, 80)}`).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('invalid-input');
        expect(result.error.message).toMatch(message);
        expect(result.error.message).not.toContain('\n');
      }
    }
  });

  it('refuses prototype keys at any depth, which zod records would drop without a word', () => {
    const cases: Array<[Parameters<typeof parseRequest>[0], string, string]> = [
      ['workloads:run', '{"name":"a","image":"i","transport":"stdio","env":{"__proto__":"x","B":"2"}}', 'forbidden key "__proto__"'],
      ['workloads:update', '{"name":"a","changes":{"labels":{"constructor":"x"}}}', 'forbidden key "constructor"'],
      ['workloads:get', '{"name":"a","prototype":{}}', 'forbidden key "prototype"'],
      ['workloads:get', `${'{"a":'.repeat(40)}1${'}'.repeat(40)}`, 'nested deeper than 16 levels'],
    ];
    for (const [channel, json, problem] of cases) {
      expect(parseRequest(channel, JSON.parse(json))).toEqual({ ok: false, error: { code: 'invalid-input', message: `invalid ${channel} request: ${problem}` } });
    }
    expect(payloadProblem({ env: { PROTO: 'x' }, list: [{ a: 1 }] })).toBeUndefined();
  });

  it('says "missing" of a missing field and keeps a huge key in the path short', () => {
    expect(parseRequest('workloads:get', {})).toMatchObject({ error: { message: 'invalid workloads:get request at name: missing (expected string)' } });
    expect(parseRequest('workloads:stop', undefined)).toMatchObject({ error: { message: 'invalid workloads:stop request: missing (expected object)' } });
    expect(parseRequest('workloads:run', { name: 'a', image: 'i' })).toMatchObject({
      error: { message: 'invalid workloads:run request at transport: missing (expected one of stdio, sse, streamable-http)' },
    });
    const huge = parseRequest('workloads:run', { name: 'a', image: 'i', transport: 'stdio', labels: { ['k'.repeat(1_000_000)]: 'v' } });
    expect(huge.ok).toBe(false);
    if (!huge.ok) {
      expect(huge.error.message).toMatch(/^invalid workloads:run request at labels\.k+…: /);
      expect(huge.error.message.length).toBeLessThan(200);
    }
  });

  it('keeps an update to the fields the user changed, without filling in defaults', () => {
    expect(parseRequest('workloads:update', { name: 'a', changes: { image: 'x' } })).toEqual({ ok: true, data: { name: 'a', changes: { image: 'x' } } });
    expect(parseRequest('workloads:update', { name: 'a', changes: { env: { K: 'v' } } })).toEqual({ ok: true, data: { name: 'a', changes: { env: { K: 'v' } } } });
    expect(parseRequest('workloads:update', { name: 'a', changes: { name: 'b' } })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    // null clears the group or the target port; nothing else can be null.
    expect(parseRequest('workloads:update', { name: 'a', changes: { group: null, targetPort: null } })).toEqual({ ok: true, data: { name: 'a', changes: { group: null, targetPort: null } } });
    expect(parseRequest('workloads:update', { name: 'a', changes: { image: null } })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('builds window.mcpdesk with one function per channel over any transport', async () => {
    const calls: Array<[string, unknown]> = [];
    const api = buildApi(
      async (channel, input) => {
        calls.push([channel, input]);
        return { ok: true, data: channel };
      },
      (event, listener) => {
        listener({ event });
        return () => undefined;
      },
    );
    await api.workloads.stop({ names: ['a'] });
    await api.engine.status();
    expect(calls).toEqual([
      ['workloads:stop', { names: ['a'] }],
      ['engine:status', {}],
    ]);
    const got: unknown[] = [];
    api.on('workloads:removed', (payload) => got.push(payload));
    expect(got).toEqual([{ event: 'workloads:removed' }]);
  });
});
