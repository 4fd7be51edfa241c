/**
 * The engine's multiplexed stream format (containers without a TTY): each frame is an 8-byte
 * header (stream type, three zero bytes, big-endian payload length) and the payload. Chunks from
 * the socket cut frames anywhere, including inside a header.
 */

/** Which container stream a frame belongs to (0 is stdin, echoed only in odd setups). */
export type FrameStream = 'stdin' | 'stdout' | 'stderr';

/** One demultiplexed frame. */
export interface Frame {
  stream: FrameStream;
  payload: Buffer;
}

const HEADER = 8;
const STREAMS: Record<number, FrameStream> = { 0: 'stdin', 1: 'stdout', 2: 'stderr' };

/**
 * Reassembles frames from arbitrary chunks. Feed each chunk to push(); it returns the frames the
 * chunk completed (possibly none). A header with an unknown stream type means the stream is not
 * multiplexed after all (a TTY container): from then on everything passes through as stdout rather
 * than being dropped.
 */
export class FrameDemuxer {
  private pending: Buffer = Buffer.alloc(0);
  private raw = false;

  /** Frames completed by `chunk`, in order. */
  push(chunk: Buffer): Frame[] {
    if (this.raw) return chunk.length > 0 ? [{ stream: 'stdout', payload: chunk }] : [];
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: Frame[] = [];
    let offset = 0;
    while (this.pending.length - offset >= HEADER) {
      const stream = STREAMS[this.pending.readUInt8(offset)];
      if (stream === undefined || this.pending.readUIntBE(offset + 1, 3) !== 0) {
        this.raw = true;
        frames.push({ stream: 'stdout', payload: this.pending.subarray(offset) });
        this.pending = Buffer.alloc(0);
        return frames;
      }
      const length = this.pending.readUInt32BE(offset + 4);
      if (this.pending.length - offset - HEADER < length) break;
      frames.push({ stream, payload: this.pending.subarray(offset + HEADER, offset + HEADER + length) });
      offset += HEADER + length;
    }
    // Copy the remainder so a small tail does not pin a large chunk in memory.
    this.pending = offset === 0 ? this.pending : Buffer.from(this.pending.subarray(offset));
    return frames;
  }

  /** Bytes of an incomplete frame still waiting for the rest; non-zero at end of stream means truncation. */
  get buffered(): number {
    return this.pending.length;
  }
}
