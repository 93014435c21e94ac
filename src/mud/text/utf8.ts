// Streaming UTF-8 decoding: sequences split across chunks decode whole; invalid sequences become
// U+FFFD (WHATWG rules, one per maximal subpart) and are COUNTED, so a caller can report
// ERR_UTF8_INVALID with a number instead of silently mangled text.
import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';

/** Stateful UTF-8 (or Latin-1) bytes -> string decoder. */
export class Utf8StreamDecoder {
  /** Invalid sequences replaced so far. */
  invalid = 0;
  private readonly td: TextDecoder;
  private readonly latin1: boolean;
  private needed = 0;
  private seen = 0;
  private lower = 0x80;
  private upper = 0xbf;

  constructor(encoding: 'utf-8' | 'latin1' = 'utf-8') {
    this.latin1 = encoding === 'latin1';
    this.td = new TextDecoder(encoding, { fatal: false });
  }

  /** Decode a chunk; an incomplete trailing sequence waits for the next chunk. */
  push(bytes: Uint8Array): string {
    if (!this.latin1) this.count(bytes);
    return this.td.decode(bytes, { stream: true });
  }

  /** End of stream: a pending incomplete sequence becomes one U+FFFD. */
  end(): string {
    if (this.needed !== 0) {
      this.invalid++;
      this.needed = 0;
      this.seen = 0;
    }
    return this.td.decode();
  }

  private count(bytes: Uint8Array): void {
    // Fast path (native): no pending sequence and the chunk is complete, valid UTF-8.
    if (this.needed === 0 && isUtf8(bytes)) return;
    let needed = this.needed;
    let seen = this.seen;
    let lower = this.lower;
    let upper = this.upper;
    let invalid = 0;
    const n = bytes.length;
    for (let i = 0; i < n; i++) {
      const b = bytes[i];
      if (needed === 0) {
        if (b < 0x80) continue;
        if (b >= 0xc2 && b <= 0xdf) needed = 1;
        else if (b >= 0xe0 && b <= 0xef) {
          if (b === 0xe0) lower = 0xa0;
          else if (b === 0xed) upper = 0x9f;
          needed = 2;
        } else if (b >= 0xf0 && b <= 0xf4) {
          if (b === 0xf0) lower = 0x90;
          else if (b === 0xf4) upper = 0x8f;
          needed = 3;
        } else invalid++;
        continue;
      }
      if (b < lower || b > upper) {
        invalid++;
        needed = 0;
        seen = 0;
        lower = 0x80;
        upper = 0xbf;
        i--; // reprocess this byte as a lead byte
        continue;
      }
      lower = 0x80;
      upper = 0xbf;
      if (++seen === needed) {
        needed = 0;
        seen = 0;
      }
    }
    this.needed = needed;
    this.seen = seen;
    this.lower = lower;
    this.upper = upper;
    this.invalid += invalid;
  }
}
