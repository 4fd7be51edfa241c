import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { FrameDemuxer, type FrameStream } from './frame-demux';

/** What the engine answers a logs call with: the whole body (not following) or the live stream. */
export type LogSource = Buffer | NodeJS.ReadableStream;

/**
 * Turns the engine's log output into one text stream, stdout and stderr interleaved in frame order.
 * `source` may still be pending: the stream is handed out at once and fills when the engine
 * answers, because Podman 4.3 holds back a following call's response headers until the container
 * writes something new. A rejected source destroys the stream with that error. `tty` says the
 * container has a TTY, whose output is not multiplexed.
 *
 * Each engine stream keeps its own UTF-8 decoder, so a character split across two frames of the
 * same stream survives a frame of the other stream arriving in between. Destroying the returned
 * stream destroys the source (closing a follow's connection) and calls `onDestroy`, which the
 * runtime uses to abort a request still waiting for its answer. Backpressure reaches the source: a
 * slow reader pauses the engine connection instead of buffering without bound.
 */
export function demuxedText(source: LogSource | Promise<LogSource>, tty: boolean, onDestroy?: () => void): Readable {
  const demuxer = new FrameDemuxer();
  const decoders: Record<FrameStream, StringDecoder> = {
    stdin: new StringDecoder('utf8'),
    stdout: new StringDecoder('utf8'),
    stderr: new StringDecoder('utf8'),
  };
  let input: NodeJS.ReadableStream | undefined;

  const output = new Readable({
    encoding: 'utf8',
    read() {
      input?.resume();
    },
    destroy(err, callback) {
      if (input) {
        input.removeListener('data', onData);
        destroySource(input);
      }
      onDestroy?.();
      callback(err);
    },
  });

  function onData(chunk: Buffer | string): void {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    const frames = tty ? [{ stream: 'stdout' as const, payload: bytes }] : demuxer.push(bytes);
    let wantsMore = true;
    for (const frame of frames) {
      const text = decoders[frame.stream].write(frame.payload);
      if (text.length > 0) wantsMore = output.push(text) && wantsMore;
    }
    if (!wantsMore) input?.pause();
  }

  function wire(arrived: LogSource): void {
    const stream = Buffer.isBuffer(arrived) ? Readable.from([arrived]) : arrived;
    if (output.destroyed) {
      destroySource(stream);
      return;
    }
    input = stream;
    stream.on('data', onData);
    stream.once('end', () => {
      for (const decoder of Object.values(decoders)) {
        const rest = decoder.end();
        if (rest.length > 0) output.push(rest);
      }
      output.push(null);
    });
    stream.on('error', (err: Error) => output.destroy(err));
  }

  if (source instanceof Promise) {
    source.then(wire, (err: unknown) => output.destroy(err instanceof Error ? err : new Error(String(err))));
  } else {
    wire(source);
  }
  return output;
}

function destroySource(source: NodeJS.ReadableStream): void {
  const destroyable = source as NodeJS.ReadableStream & { destroy?: () => void };
  destroyable.destroy?.();
}
