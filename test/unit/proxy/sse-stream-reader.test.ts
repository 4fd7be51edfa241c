import { describe, expect, it } from 'vitest';
import { SseParser, type SseEvent } from '../../../electron/core/proxy/health/sse-stream-reader';

function parse(...pieces: string[]): SseEvent[] {
  const parser = new SseParser();
  return pieces.flatMap((piece) => parser.push(piece));
}

describe('SseParser', () => {
  it('reads named and unnamed events', () => {
    expect(parse('event: endpoint\ndata: /messages?sessionId=1\n\ndata: {"id":1}\n\n')).toEqual([
      { event: 'endpoint', data: '/messages?sessionId=1' },
      { event: 'message', data: '{"id":1}' },
    ]);
  });

  it('gives the same events whatever the pieces are cut at, for every kind of line end', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const text = `:keep-alive${eol}event: message${eol}id: 7${eol}data: a${eol}data:b${eol}${eol}data: second${eol}${eol}`;
      const whole = parse(text);
      expect(whole).toEqual([
        { event: 'message', data: 'a\nb', id: '7' },
        { event: 'message', data: 'second', id: '7' },
      ]);
      for (let cut = 1; cut < text.length; cut++) expect(parse(text.slice(0, cut), '', text.slice(cut))).toEqual(whole);
      expect(parse(...text.split(''))).toEqual(whole);
    }
  });

  it('drops events without data, skips comments and unknown fields, and a leading BOM', () => {
    expect(parse('\uFEFFevent: ping\n\n: comment\nretry: 10\nfoo: bar\ndata\n\n')).toEqual([{ event: 'message', data: '' }]);
  });

  it('keeps an unterminated last event buffered', () => {
    const parser = new SseParser();
    expect(parser.push('data: half')).toEqual([]);
    expect(parser.push('\n')).toEqual([]);
    expect(parser.push('\n')).toEqual([{ event: 'message', data: 'half' }]);
  });
});
