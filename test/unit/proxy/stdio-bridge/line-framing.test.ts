import { describe, expect, it } from 'vitest';
import { LineDecoder, encodeLine } from '../../../../electron/core/proxy/stdio-bridge/line-framing';

describe('LineDecoder', () => {
  it('returns every line of a chunk that holds several', () => {
    expect(new LineDecoder().push(Buffer.from('{"a":1}\n{"b":2}\n{"c":3}\n'))).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  it('joins a line cut across chunks, at every byte', () => {
    const bytes = Buffer.from('{"text":"héllo wörld ✓"}\nsecond\n');
    const decoder = new LineDecoder();
    const lines: string[] = [];
    for (let i = 0; i < bytes.length; i++) lines.push(...decoder.push(bytes.subarray(i, i + 1)));
    // Byte-by-byte cuts multibyte characters in half: they must still come out whole.
    expect(lines).toEqual(['{"text":"héllo wörld ✓"}', 'second']);
    expect(decoder.buffered).toBe(0);
  });

  it('holds a partial line until its newline arrives', () => {
    const decoder = new LineDecoder();
    expect(decoder.push('{"a":')).toEqual([]);
    expect(decoder.buffered).toBe(5);
    expect(decoder.push('1}\n{"b"')).toEqual(['{"a":1}']);
    expect(decoder.push(':2}\n')).toEqual(['{"b":2}']);
  });

  it('strips the carriage return of CRLF lines', () => {
    expect(new LineDecoder().push('one\r\ntwo\r\n')).toEqual(['one', 'two']);
  });

  it('passes empty lines through for the caller to skip', () => {
    expect(new LineDecoder().push('\n\nx\n')).toEqual(['', '', 'x']);
  });

  it('reassembles a 3 MB line sent in 64 KB chunks', () => {
    const line = JSON.stringify({ jsonrpc: '2.0', id: 1, result: { blob: 'x'.repeat(3 * 1024 * 1024) } });
    const bytes = Buffer.from(`${line}\n`);
    const decoder = new LineDecoder();
    const lines: string[] = [];
    for (let i = 0; i < bytes.length; i += 65_536) lines.push(...decoder.push(bytes.subarray(i, i + 65_536)));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(line);
  });

  it('returns a last line without newline when the stream ends', () => {
    const decoder = new LineDecoder();
    expect(decoder.push('done\nhalf')).toEqual(['done']);
    expect(decoder.end()).toEqual(['half']);
    expect(new LineDecoder().end()).toEqual([]);
  });

  it('drops a line over the limit whole, reports its length, and goes on with the next', () => {
    const overlong: number[] = [];
    const decoder = new LineDecoder({ maxLineLength: 10, onOverlong: (length) => overlong.push(length) });
    expect(decoder.push('short\n0123456')).toEqual(['short']);
    expect(decoder.push('789abcdef')).toEqual([]);
    expect(decoder.buffered).toBe(0);
    expect(decoder.push('ghij\nafter\n')).toEqual(['after']);
    expect(overlong).toEqual([20]);
    expect(decoder.push('0123456789ABC\nok\n')).toEqual(['ok']);
    expect(overlong).toEqual([20, 13]);
  });
});

describe('encodeLine', () => {
  it('writes one line even when strings hold newlines', () => {
    const line = encodeLine({ jsonrpc: '2.0', method: 'x', params: { text: 'a\nb\r\nc\u2028' } });
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toMatch(/[\r\n]/);
    expect(JSON.parse(line)).toEqual({ jsonrpc: '2.0', method: 'x', params: { text: 'a\nb\r\nc\u2028' } });
  });
});
