import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { demuxedText } from '../../../electron/core/runtime/logs';

function frame(stream: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt8(stream, 0);
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

async function text(stream: NodeJS.ReadableStream): Promise<string> {
  let all = '';
  for await (const chunk of stream) all += String(chunk);
  return all;
}

describe('demuxedText', () => {
  it('interleaves stdout and stderr in frame order from a whole body', async () => {
    const body = Buffer.concat([frame(1, Buffer.from('one\n')), frame(2, Buffer.from('two\n')), frame(1, Buffer.from('three\n'))]);
    expect(await text(demuxedText(body, false))).toBe('one\ntwo\nthree\n');
  });

  it('keeps a character split across frames of one stream whole while the other stream writes between', async () => {
    const euro = Buffer.from('€');
    const body = Buffer.concat([frame(1, euro.subarray(0, 1)), frame(2, Buffer.from('err')), frame(1, euro.subarray(1))]);
    expect(await text(demuxedText(body, false))).toBe('err€');
  });

  it('passes TTY output through untouched', async () => {
    expect(await text(demuxedText(Buffer.from('raw\n'), true))).toBe('raw\n');
  });

  it('destroys a live source when the reader destroys the text stream', async () => {
    const source = new PassThrough();
    const output = demuxedText(source, false);
    source.write(frame(1, Buffer.from('live\n')));
    const [first] = await new Promise<string[]>((resolve) => output.once('data', (chunk) => resolve([String(chunk)])));
    expect(first).toBe('live\n');
    output.destroy();
    await new Promise((resolve) => setImmediate(resolve));
    expect(source.destroyed).toBe(true);
  });

  it('hands the stream out before the engine answers and fills it when the answer comes', async () => {
    let answer: (source: PassThrough) => void = () => undefined;
    const output = demuxedText(new Promise<PassThrough>((resolve) => (answer = resolve)), false);
    const source = new PassThrough();
    answer(source);
    source.end(frame(2, Buffer.from('late\n')));
    expect(await text(output)).toBe('late\n');
  });

  it("fails the stream with the engine's error when the answer is a failure", async () => {
    const output = demuxedText(Promise.reject(new Error('no such container')), false);
    await expect(text(output)).rejects.toThrow('no such container');
  });

  it('gives up a request still waiting for its answer when the reader destroys the stream', async () => {
    let aborted = false;
    let answer: (source: PassThrough) => void = () => undefined;
    const output = demuxedText(new Promise<PassThrough>((resolve) => (answer = resolve)), false, () => (aborted = true));
    output.destroy();
    expect(aborted).toBe(true);
    const late = new PassThrough();
    answer(late);
    await new Promise((resolve) => setImmediate(resolve));
    expect(late.destroyed).toBe(true);
  });
});
