import { describe, expect, it } from 'vitest';
import { FrameDemuxer } from '../../../electron/core/runtime/frame-demux';

function frame(stream: number, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header.writeUInt8(stream, 0);
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

describe('FrameDemuxer', () => {
  it('splits several frames in one chunk by stream', () => {
    const frames = new FrameDemuxer().push(Buffer.concat([frame(1, 'out'), frame(2, 'err'), frame(1, 'more')]));
    expect(frames.map((f) => [f.stream, f.payload.toString()])).toEqual([
      ['stdout', 'out'],
      ['stderr', 'err'],
      ['stdout', 'more'],
    ]);
  });

  it('reassembles frames cut at every byte, headers included', () => {
    const bytes = Buffer.concat([frame(1, 'hello'), frame(2, 'world'), frame(1, '')]);
    const demuxer = new FrameDemuxer();
    const out: string[] = [];
    for (let i = 0; i < bytes.length; i++) {
      for (const f of demuxer.push(bytes.subarray(i, i + 1))) out.push(`${f.stream}:${f.payload.toString()}`);
    }
    expect(out).toEqual(['stdout:hello', 'stderr:world', 'stdout:']);
    expect(demuxer.buffered).toBe(0);
  });

  it('holds back an incomplete frame until the rest arrives', () => {
    const demuxer = new FrameDemuxer();
    const bytes = frame(1, 'abcdef');
    expect(demuxer.push(bytes.subarray(0, 10))).toEqual([]);
    expect(demuxer.buffered).toBe(10);
    expect(demuxer.push(bytes.subarray(10)).map((f) => f.payload.toString())).toEqual(['abcdef']);
  });

  it('passes a stream that is not multiplexed through as stdout instead of dropping it', () => {
    const demuxer = new FrameDemuxer();
    const first = demuxer.push(Buffer.from('plain tty output\n'));
    const second = demuxer.push(Buffer.from('x'));
    expect(first.map((f) => [f.stream, f.payload.toString()])).toEqual([['stdout', 'plain tty output\n']]);
    expect(second.map((f) => f.payload.toString())).toEqual(['x']);
  });
});
