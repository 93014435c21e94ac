// Streaming line splitter for MUD text. A line ends at "\n" or "\r"; the complementary character right
// after it ("\r\n", "\n\r" as Mud98 sends) belongs to the same break, even across chunks.
// Text after the last break stays in `partial` (a prompt, or a line still arriving).
//
// Bound: a line longer than maxLineLength characters triggers the overflow policy:
//   'split'    (default) emit the first maxLineLength characters as a line marked `overflow`
//   'truncate' keep the first maxLineLength characters, drop the rest up to the next break
// Either way the event is counted and reported as ERR_LINE_TOO_LONG.
import type { NetwrightError } from '../../errors.ts';
import { mudError } from '../telnet/errors.ts';

/** What to do with a line over maxLineLength. */
export type LineOverflowPolicy = 'split' | 'truncate';

/** One complete line. */
export interface SplitLine {
  text: string;
  /** Set when this line was cut by the length bound. */
  overflow?: boolean;
}

/** Bound and overflow policy of a LineSplitter. */
export interface LineSplitterOptions {
  /** Longest line kept, in UTF-16 code units. Default 16384. */
  maxLineLength?: number;
  overflow?: LineOverflowPolicy;
}

/** Streaming, bounded line splitter. */
export class LineSplitter {
  readonly maxLineLength: number;
  readonly policy: LineOverflowPolicy;
  readonly stats = { lines: 0, overflows: 0, droppedChars: 0 };
  private buf = '';
  private swallow = 0; // char code of the complementary break char to drop next (0 = none)
  private dropping = false;
  private skipBreak = false;

  constructor(options: LineSplitterOptions = {}) {
    this.maxLineLength = options.maxLineLength ?? 16384;
    this.policy = options.overflow ?? 'split';
  }

  /** Text after the last line break. */
  get partial(): string {
    return this.buf;
  }

  /** Remove and return the partial line (it was consumed as a prompt). */
  takePartial(): string {
    const p = this.buf;
    this.buf = '';
    return p;
  }

  /**
   * The partial line was taken as a prompt: a line break that comes right after it ends the prompt's
   * line and produces no (empty) line of its own.
   */
  skipNextBreak(): void {
    this.skipBreak = true;
  }

  /** Split a chunk. `onError` receives ERR_LINE_TOO_LONG once per overflowing line. */
  push(text: string, onError?: (e: NetwrightError) => void): SplitLine[] {
    const lines: SplitLine[] = [];
    let start = 0;
    const n = text.length;
    let i = 0;
    if (this.swallow !== 0 && n > 0) {
      if (text.charCodeAt(0) === this.swallow) {
        start = 1;
        i = 1;
      }
      this.swallow = 0;
    }
    if (this.skipBreak && i < n) {
      this.skipBreak = false;
      const c = text.charCodeAt(i);
      if (c === 10 || c === 13) {
        const other = c === 10 ? 13 : 10;
        i++;
        if (i < n) {
          if (text.charCodeAt(i) === other) i++;
        } else this.swallow = other;
        start = i;
      }
    }
    let nextLf = text.indexOf('\n', i);
    let nextCr = text.indexOf('\r', i);
    for (; i < n; i++) {
      // Jump to the next line break character.
      if (nextLf >= 0 && nextLf < i) nextLf = text.indexOf('\n', i);
      if (nextCr >= 0 && nextCr < i) nextCr = text.indexOf('\r', i);
      const next = nextLf < 0 ? nextCr : nextCr < 0 ? nextLf : Math.min(nextLf, nextCr);
      if (next < 0) break;
      i = next;
      const c = text.charCodeAt(i);
      this.append(text.slice(start, i), lines, onError);
      this.emit(lines);
      const other = c === 10 ? 13 : 10;
      if (i + 1 < n) {
        if (text.charCodeAt(i + 1) === other) i++;
      } else this.swallow = other;
      start = i + 1;
    }
    if (start < n) this.append(text.slice(start), lines, onError);
    return lines;
  }

  /** End of stream: the partial line (if any) as a final line. */
  end(): SplitLine[] {
    this.swallow = 0;
    if (this.buf === '' && !this.dropping) return [];
    const out: SplitLine[] = [];
    this.emit(out);
    return out;
  }

  private append(s: string, lines: SplitLine[], onError?: (e: NetwrightError) => void): void {
    if (s.length === 0) return;
    if (this.dropping) {
      this.stats.droppedChars += s.length;
      return;
    }
    let rest = s;
    while (this.buf.length + rest.length > this.maxLineLength) {
      const room = this.maxLineLength - this.buf.length;
      this.stats.overflows++;
      onError?.(
        mudError(
          'ERR_LINE_TOO_LONG',
          `line longer than ${this.maxLineLength} characters (policy ${this.policy})`,
          { limit: this.maxLineLength, policy: this.policy },
          'raise maxLineLength if the server legitimately sends such long lines',
        ),
      );
      if (this.policy === 'truncate') {
        this.buf += rest.slice(0, room);
        this.stats.droppedChars += rest.length - room;
        this.dropping = true;
        return;
      }
      lines.push({ text: this.buf + rest.slice(0, room), overflow: true });
      this.stats.lines++;
      this.buf = '';
      rest = rest.slice(room);
    }
    this.buf += rest;
  }

  private emit(lines: SplitLine[]): void {
    if (this.dropping) lines.push({ text: this.buf, overflow: true });
    else lines.push({ text: this.buf });
    this.stats.lines++;
    this.buf = '';
    this.dropping = false;
  }
}
