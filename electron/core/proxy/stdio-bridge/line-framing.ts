import { StringDecoder } from 'node:string_decoder';
import type { JsonRpcMessage } from './json-rpc';

/** 32 Mi characters: a large resource (a base64 image) fits, a runaway line without newline does not. */
export const DEFAULT_MAX_LINE_LENGTH = 32 * 1024 * 1024;

export interface LineDecoderOptions {
  /** Longest line kept, in characters (UTF-16 units); default DEFAULT_MAX_LINE_LENGTH. */
  maxLineLength?: number;
  /** Called once per line that was too long, with its length so far, when its end arrives. */
  onOverlong?: (length: number) => void;
}

/**
 * Splits the byte stream of a stdio MCP server into lines (the stdio transport's framing: one
 * JSON-RPC message per line, `\n`-terminated, no embedded newlines).
 *
 * - A line may arrive cut across any number of chunks, a chunk may hold many lines, and a multibyte
 *   UTF-8 character may be cut between chunks: all come out whole.
 * - A trailing `\r` is removed (a server that writes `\r\n`).
 * - The parts of a long line are joined once, when its newline arrives, so a line of many megabytes
 *   costs linear time, not quadratic.
 * - A line longer than `maxLineLength` is dropped whole (the decoder stops buffering it at the
 *   limit and skips to its newline) and reported through `onOverlong`, so one runaway line cannot
 *   take the proxy's memory.
 */
export class LineDecoder {
  private readonly decoder = new StringDecoder('utf8');
  private readonly maxLineLength: number;
  private readonly onOverlong: ((length: number) => void) | undefined;
  private parts: string[] = [];
  private partsLength = 0;
  /** Length of the overlong line being skipped, or -1 while not skipping. */
  private skipped = -1;

  constructor(options: LineDecoderOptions = {}) {
    this.maxLineLength = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
    this.onOverlong = options.onOverlong;
  }

  /** Characters held for a line whose end has not arrived yet. */
  get buffered(): number {
    return this.partsLength;
  }

  /** Takes the next chunk; returns the lines it completed, in order (possibly none). */
  push(chunk: Buffer | string): string[] {
    return this.split(typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
  }

  /** The stream ended: returns the last line when it had no newline (a server that exits mid-line). */
  end(): string[] {
    const lines = this.split(this.decoder.end());
    if (this.skipped >= 0) this.finishSkip(0);
    else if (this.partsLength > 0) lines.push(this.takeLine(''));
    return lines;
  }

  private split(text: string): string[] {
    const lines: string[] = [];
    let start = 0;
    for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', start)) {
      const piece = text.slice(start, newline);
      start = newline + 1;
      if (this.skipped >= 0) this.finishSkip(piece.length);
      else if (this.partsLength + piece.length > this.maxLineLength) this.startSkip(piece.length, true);
      else lines.push(this.takeLine(piece));
    }
    const rest = start === 0 ? text : text.slice(start);
    if (rest.length === 0) return lines;
    if (this.skipped >= 0) this.skipped += rest.length;
    else if (this.partsLength + rest.length > this.maxLineLength) this.startSkip(rest.length, false);
    else {
      this.parts.push(rest);
      this.partsLength += rest.length;
    }
    return lines;
  }

  private takeLine(last: string): string {
    let line = last;
    if (this.parts.length > 0) {
      this.parts.push(last);
      line = this.parts.join('');
      this.parts = [];
      this.partsLength = 0;
    }
    return line.endsWith('\r') ? line.slice(0, -1) : line;
  }

  private startSkip(length: number, complete: boolean): void {
    this.skipped = this.partsLength + length;
    this.parts = [];
    this.partsLength = 0;
    if (complete) this.finishSkip(0);
  }

  private finishSkip(length: number): void {
    const total = this.skipped + length;
    this.skipped = -1;
    this.onOverlong?.(total);
  }
}

/**
 * One message as a line for the server's stdin. JSON.stringify escapes every control character
 * inside strings, so the line can never contain a newline of its own.
 */
export function encodeLine(message: JsonRpcMessage): string {
  return `${JSON.stringify(message)}\n`;
}
