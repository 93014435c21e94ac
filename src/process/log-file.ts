// Append-only log file for one stream with a size cap. Overflow policy: once maxBytes is reached, one
// marker line is written and further lines are only counted (`droppedLines`). Write errors (disk full,
// bad path) are recorded and turn the file off; they never throw into the supervisor.

import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';

export class LogFile {
  readonly path: string;
  private readonly maxBytes: number;
  private readonly stream: WriteStream | undefined;
  private bytes = 0;
  private capped = false;
  private closing: Promise<void> | undefined;
  droppedLines = 0;
  error: Error | undefined;

  constructor(path: string, maxBytes: number) {
    this.path = path;
    this.maxBytes = maxBytes;
    try {
      mkdirSync(dirname(path), { recursive: true });
      this.stream = createWriteStream(path, { flags: 'w' });
      this.stream.on('error', (err) => {
        this.error ??= err;
      });
    } catch (err) {
      this.error = err as Error;
    }
  }

  /**
   * Writes complete lines (each gets a trailing newline). Returns false when the OS buffer is full:
   * the caller should pause its source until `onDrain` fires (backpressure to the child's pipe).
   */
  writeLines(lines: readonly string[]): boolean {
    if (lines.length === 0) return true;
    if (!this.stream || this.error || this.capped) {
      this.droppedLines += lines.length;
      return true;
    }
    const text = `${lines.join('\n')}\n`;
    const size = Buffer.byteLength(text);
    if (this.bytes + size > this.maxBytes) {
      this.capped = true;
      this.droppedLines += lines.length;
      return this.stream.write(
        `[netwright] log capped at ${this.maxBytes} bytes; later lines only counted\n`,
      );
    }
    this.bytes += size;
    return this.stream.write(text);
  }

  /** Calls `cb` once when the file can take more (drained) or has failed. */
  onDrain(cb: () => void): void {
    const stream = this.stream;
    if (!stream || this.error) {
      cb();
      return;
    }
    const once = (): void => {
      stream.off('drain', once);
      stream.off('error', once);
      cb();
    };
    stream.on('drain', once);
    stream.on('error', once);
  }

  /** Ends the file; resolves when flushed, on error, or after `timeoutMs` (never hangs). Idempotent. */
  close(timeoutMs = 2_000): Promise<void> {
    this.closing ??= this.end(timeoutMs);
    return this.closing;
  }

  private end(timeoutMs: number): Promise<void> {
    const stream = this.stream;
    if (!stream || stream.closed || stream.destroyed) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      stream.once('error', done);
      stream.end(done);
    });
  }
}
