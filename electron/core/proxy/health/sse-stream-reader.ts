/** One event of a `text/event-stream` body. */
export interface SseEvent {
  /** The `event:` field; `message` when the event has none. */
  readonly event: string;
  /** The `data:` lines joined with `\n`. */
  readonly data: string;
  /** The `id:` field, when the event has one. */
  readonly id?: string;
}

/**
 * An incremental parser of `text/event-stream` (the WHATWG HTML "event stream interpretation"):
 * feed it text as it arrives, in pieces cut anywhere (even between `\r` and `\n`), and it returns
 * the events each piece completes.
 *
 * Lines end with `\r\n`, `\n` or `\r`; a blank line dispatches the event; lines starting with `:`
 * are comments (keep-alives); an event with no `data:` line is dropped, as a browser drops it;
 * `retry:` and unknown fields are ignored; a leading byte order mark is skipped. Text after the last
 * line end stays buffered until more arrives: an unterminated last event never dispatches.
 */
export class SseParser {
  private buffer = '';
  private started = false;
  private pendingCr = false;
  private event = '';
  private data: string[] = [];
  private id: string | undefined;

  /** Feeds the next piece of the body; returns the events it completes, in order. */
  push(text: string): SseEvent[] {
    if (text === '') return [];
    if (!this.started) {
      this.started = true;
      if (text.startsWith('\uFEFF')) text = text.slice(1);
    }
    // A "\r" that ended the previous piece already ended its line; a "\n" right after it is the
    // same line end, not a blank line.
    if (this.pendingCr && text.startsWith('\n')) text = text.slice(1);
    this.pendingCr = false;
    this.buffer += text;

    const events: SseEvent[] = [];
    const lineEnd = /\r\n|\r|\n/g;
    let start = 0;
    for (let match = lineEnd.exec(this.buffer); match; match = lineEnd.exec(this.buffer)) {
      const event = this.line(this.buffer.slice(start, match.index));
      if (event) events.push(event);
      start = lineEnd.lastIndex;
      if (match[0] === '\r' && start === this.buffer.length) this.pendingCr = true;
    }
    this.buffer = this.buffer.slice(start);
    return events;
  }

  private line(line: string): SseEvent | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
    else if (field === 'id' && !value.includes('\0')) this.id = value;
    return undefined;
  }

  private dispatch(): SseEvent | undefined {
    const data = this.data;
    const event = this.event || 'message';
    this.data = [];
    this.event = '';
    if (data.length === 0) return undefined;
    return this.id === undefined ? { event, data: data.join('\n') } : { event, data: data.join('\n'), id: this.id };
  }
}
