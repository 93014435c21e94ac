// Client input bytes -> command lines (ROM read_from_buffer): CR/LF/CRLF end a line, backspace edits,
// lines are cut at 254 chars. Bounded: the caller checks `pendingBytes` against the input lid.

/** ROM MAX_INPUT_LENGTH minus the terminator. */
export const MAX_LINE = 254;

export class LineAssembler {
  private buf: number[] = [];
  private lastCr = false;
  /** Lines longer than MAX_LINE that were cut. */
  truncated = 0;

  get pendingBytes(): number {
    return this.buf.length;
  }

  /** Feed bytes; completed lines (latin1-decoded) are passed to `onLine`. */
  push(data: Uint8Array, onLine: (line: string) => void): void {
    for (const b of data) {
      if (b === 10 && this.lastCr) {
        this.lastCr = false;
        continue;
      }
      this.lastCr = b === 13;
      if (b === 10 || b === 13) {
        const line = String.fromCharCode(...this.buf);
        this.buf.length = 0;
        onLine(line);
        continue;
      }
      if (b === 8 || b === 127) {
        this.buf.pop();
        continue;
      }
      if (b < 32) continue;
      if (this.buf.length >= MAX_LINE) {
        if (this.buf.length === MAX_LINE) this.truncated++;
        continue;
      }
      this.buf.push(b);
    }
  }
}
