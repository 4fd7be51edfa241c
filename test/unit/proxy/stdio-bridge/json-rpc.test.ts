import { describe, expect, it } from 'vitest';
import {
  isNotification,
  isRequest,
  isResponse,
  progressTokenOf,
  toJsonRpcMessage,
  toJsonRpcMessages,
  withProgressToken,
} from '../../../../electron/core/proxy/stdio-bridge/json-rpc';

describe('toJsonRpcMessage', () => {
  it('tells requests, notifications and responses apart', () => {
    const request = toJsonRpcMessage({ jsonrpc: '2.0', id: 0, method: 'tools/list' });
    const notification = toJsonRpcMessage({ jsonrpc: '2.0', method: 'notifications/initialized' });
    const result = toJsonRpcMessage({ jsonrpc: '2.0', id: 'a', result: {} });
    const error = toJsonRpcMessage({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
    expect(request && isRequest(request)).toBe(true);
    expect(notification && isNotification(notification)).toBe(true);
    expect(result && isResponse(result)).toBe(true);
    expect(error && isResponse(error)).toBe(true);
  });

  it.each([
    ['a string', 'hello'],
    ['an array', []],
    ['no jsonrpc field', { id: 1, method: 'x' }],
    ['jsonrpc 1.0', { jsonrpc: '1.0', id: 1, method: 'x' }],
    ['a numeric method', { jsonrpc: '2.0', id: 1, method: 5 }],
    ['a null request id', { jsonrpc: '2.0', id: null, method: 'x' }],
    ['an object id', { jsonrpc: '2.0', id: {}, method: 'x' }],
    ['positional params', { jsonrpc: '2.0', id: 1, method: 'x', params: [1, 2] }],
    ['both result and error', { jsonrpc: '2.0', id: 1, result: {}, error: { code: 1, message: 'x' } }],
    ['neither result nor error', { jsonrpc: '2.0', id: 1 }],
    ['an error without code', { jsonrpc: '2.0', id: 1, error: { message: 'x' } }],
    ['a result with null id', { jsonrpc: '2.0', id: null, result: {} }],
  ])('refuses %s', (_name, value) => {
    expect(toJsonRpcMessage(value)).toBeUndefined();
  });

  it('keeps fields it does not know', () => {
    expect(toJsonRpcMessage({ jsonrpc: '2.0', method: 'x', future: true })).toEqual({ jsonrpc: '2.0', method: 'x', future: true });
  });
});

describe('toJsonRpcMessages', () => {
  it('takes a batch whole or not at all', () => {
    expect(toJsonRpcMessages([{ jsonrpc: '2.0', method: 'a' }, { jsonrpc: '2.0', id: 1, method: 'b' }])).toHaveLength(2);
    expect(toJsonRpcMessages([{ jsonrpc: '2.0', method: 'a' }, 'noise'])).toBeUndefined();
    expect(toJsonRpcMessages([])).toBeUndefined();
  });
});

describe('progress tokens', () => {
  it('reads a string or number token and replaces it keeping the other _meta fields', () => {
    const params = { name: 'notify', _meta: { progressToken: 'abc', other: 1 } };
    expect(progressTokenOf(params)).toBe('abc');
    expect(progressTokenOf({ _meta: { progressToken: 7 } })).toBe(7);
    expect(progressTokenOf({ _meta: { progressToken: null } })).toBeUndefined();
    expect(progressTokenOf(undefined)).toBeUndefined();
    expect(withProgressToken(params, 42)).toEqual({ name: 'notify', _meta: { progressToken: 42, other: 1 } });
    expect(params._meta.progressToken).toBe('abc');
  });
});
