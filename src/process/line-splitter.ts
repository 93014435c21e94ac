// Turns a byte stream into lines. Handles \n and \r\n, UTF-8 sequences split across chunks, and a last
// line without newline (flush). Overflow policy: a line longer than maxLineChars is emitted cut at
// maxLineChars (counted in `truncated`); the rest of it, up to the next newline, is discarded.

import { StringDecoder } from 'node:string_decoder';

export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';
  /** True while discarding the remainder of an over-long line. */
  private skipping = false;
  /** Lines cut at maxLineChars. */
  truncated = 0;

  private readonly onLine: (line: string) => void;
  private readonly maxLineChars: number;

  constructor(onLine: (line: string) => void, maxLineChars = 65_536) {
    this.onLine = onLine;
    this.maxLineChars = maxLineChars;
  }

  push(chunk: Buffer | string): void {
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    let from = 0;
    for (;;) {
      const nl = text.indexOf('\n', from);
      if (nl === -1) break;
      this.take(text.slice(from, nl), true);
      from = nl + 1;
    }
    if (from < text.length) this.take(text.slice(from), false);
  }

  /** Emits a pending unterminated line, if any. Call at end of stream. */
  flush(): void {
    const rest = this.decoder.end();
    if (rest) this.take(rest, false);
    if (this.partial.length > 0) this.emit(this.partial);
    this.partial = '';
    this.skipping = false;
  }

  private take(piece: string, complete: boolean): void {
    if (this.skipping) {
      if (complete) this.skipping = false;
      return;
    }
    const line = this.partial.length > 0 ? this.partial + piece : piece;
    if (line.length > this.maxLineChars) {
      this.truncated++;
      this.partial = '';
      this.skipping = !complete;
      this.emit(line.slice(0, this.maxLineChars));
      return;
    }
    if (complete) {
      this.partial = '';
      this.emit(line);
    } else {
      this.partial = line;
    }
  }

  private emit(line: string): void {
    this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
  }
}
