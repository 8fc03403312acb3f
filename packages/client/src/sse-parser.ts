/** One Server-Sent Event: `event` is `message` when the server named none. */
export type SseEvent = { event: string; data: string; id: string | undefined };

/**
 * An incremental `text/event-stream` parser (the WHATWG rules this gateway needs: `event`, `data`,
 * `id`, comments, any line ending), fed decoded text as it arrives.
 */
export class SseParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];
  private id: string | undefined;
  /** The last chunk ended with `\r`: a `\n` starting the next one belongs to that line ending. */
  private afterCr = false;

  constructor(private readonly onEvent: (event: SseEvent) => void) {}

  feed(text: string): void {
    this.buffer += this.afterCr && text.startsWith('\n') ? text.slice(1) : text;
    this.afterCr = false;
    for (;;) {
      const end = this.buffer.search(/\r\n|\r|\n/);
      if (end < 0) return;
      const line = this.buffer.slice(0, end);
      const crlf = this.buffer.startsWith('\r\n', end);
      const loneCr = !crlf && this.buffer[end] === '\r';
      this.buffer = this.buffer.slice(end + (crlf ? 2 : 1));
      this.afterCr = loneCr && this.buffer === '';
      this.line(line);
    }
  }

  private line(line: string): void {
    if (line === '') {
      this.dispatch();
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
    else if (field === 'id' && !value.includes('\0')) this.id = value;
  }

  private dispatch(): void {
    const hasData = this.data.length > 0;
    const event = { event: this.event || 'message', data: this.data.join('\n'), id: this.id };
    this.event = '';
    this.data = [];
    this.id = undefined;
    if (hasData) this.onEvent(event);
  }
}
