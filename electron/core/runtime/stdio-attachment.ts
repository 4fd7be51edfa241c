import { Duplex, Readable } from 'node:stream';
import { FrameDemuxer } from './frame-demux';
import type { StdioAttachment } from './runtime';

/**
 * A StdioAttachment over the raw socket of a hijacked attach request. Writes go to the socket as
 * they are (stdin is not framed); reads are demultiplexed into stdout (this stream) and `stderr`.
 * Exported for the runtime only; callers see the StdioAttachment interface.
 */
export class SocketStdioAttachment extends Duplex implements StdioAttachment {
  readonly stderr: Readable;
  private readonly socket: NodeJS.ReadWriteStream;
  private readonly demuxer = new FrameDemuxer();

  constructor(socket: NodeJS.ReadWriteStream) {
    super({ allowHalfOpen: true });
    this.socket = socket;
    // stderr has no backpressure on the socket: pausing the socket for it would stall stdout, and
    // MCP servers write little there. Its reader must consume it (documented on the interface).
    this.stderr = new Readable({ read() {} });

    socket.on('data', (chunk: Buffer | string) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      let wantsMore = true;
      for (const frame of this.demuxer.push(bytes)) {
        if (frame.stream === 'stderr') this.stderr.push(frame.payload);
        else wantsMore = this.push(frame.payload) && wantsMore;
      }
      if (!wantsMore) socket.pause();
    });
    socket.once('end', () => {
      this.push(null);
      this.stderr.push(null);
    });
    socket.on('error', (err: Error) => this.destroy(err));
    socket.once('close', () => {
      // A close without end (the engine died, the connection was reset) must still end readers.
      if (!this.readableEnded) this.push(null);
      if (!this.stderr.readableEnded) this.stderr.push(null);
    });
  }

  override _read(): void {
    this.socket.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.socket.write(chunk, (err?: Error | null) => callback(err));
  }

  override _final(callback: (error?: Error | null) => void): void {
    // Half-close: the engine sees EOF on stdin while we keep reading what is still in flight.
    this.socket.end();
    callback();
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    (this.socket as NodeJS.ReadWriteStream & { destroy?: () => void }).destroy?.();
    this.stderr.destroy();
    callback(err);
  }
}
