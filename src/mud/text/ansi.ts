// Streaming ANSI/VT100 escape stripper over decoded text. Removes SGR (16, 256 and 24-bit colour),
// cursor movement and every other CSI, OSC strings, two-byte ESC sequences and stray escapes such as
// Mud98's "\x1b[8]" - even when a sequence is split across chunks. Text is never lost.
//
//   TEXT ─ESC─► ESC ─[─► CSI (params 0x20-0x3F) ─final 0x40-0x7E─► TEXT
//                   ─]─► OSC ─BEL or ESC \─► TEXT   (CR/LF: abandoned, kept as text)
//                   ─0x20-0x2F─► ESC_INTER ─0x30-0x7E─► TEXT
//                   ─other─► TEXT
// Sequences longer than maxSequenceLength are abandoned (counted) so a lone ESC cannot eat the stream.

const T_TEXT = 0;
const T_ESC = 1;
const T_CSI = 2;
const T_OSC = 3;
const T_OSC_ESC = 4;
const T_INTER = 5;

/** Counters of what the stripper removed. */
export interface AnsiStats {
  /** Complete sequences removed. */
  sequences: number;
  /** Of which SGR (colour/attribute) sequences. */
  sgr: number;
  /** Sequences abandoned for being too long. */
  overlong: number;
}

/** Streaming escape-sequence remover; state survives chunk boundaries. */
export class AnsiStripper {
  readonly maxSequenceLength: number;
  readonly stats: AnsiStats = { sequences: 0, sgr: 0, overlong: 0 };
  private state = T_TEXT;
  private seqLen = 0;
  private lastParamsFinal = 0;

  constructor(options: { maxSequenceLength?: number } = {}) {
    this.maxSequenceLength = options.maxSequenceLength ?? 256;
  }

  /** Strip one chunk of text. */
  push(text: string): string {
    if (this.state === T_TEXT && text.indexOf('\x1b') < 0) return removeBel(text);
    let out = '';
    let runStart = -1;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      switch (this.state) {
        case T_TEXT:
          if (c !== 0x1b && c !== 0x07) {
            // Jump to the next ESC (BEL is rare; removed from the run afterwards).
            if (runStart < 0) runStart = i;
            const next = text.indexOf('\x1b', i + 1);
            i = (next < 0 ? n : next) - 1;
            break;
          }
          if (c === 0x1b) {
            if (runStart >= 0) {
              out += text.slice(runStart, i);
              runStart = -1;
            }
            this.state = T_ESC;
            this.seqLen = 1;
          } else if (c === 0x07) {
            if (runStart >= 0) {
              out += text.slice(runStart, i);
              runStart = -1;
            }
          } else if (runStart < 0) runStart = i;
          break;
        case T_ESC:
          this.seqLen++;
          if (c === 0x5b) this.state = T_CSI;
          else if (c === 0x5d) this.state = T_OSC;
          else if (c >= 0x20 && c <= 0x2f) this.state = T_INTER;
          else if (c === 0x1b)
            this.seqLen = 1; // ESC ESC: restart
          else this.done(0);
          break;
        case T_CSI:
          this.seqLen++;
          if (c >= 0x40 && c <= 0x7e) this.done(c);
          else if (c < 0x20 || c > 0x7e) {
            this.abandon();
            i--;
          } else this.checkLength();
          break;
        case T_OSC:
          this.seqLen++;
          if (c === 0x07) this.done(0);
          else if (c === 0x1b) this.state = T_OSC_ESC;
          else if (c === 0x0a || c === 0x0d) {
            this.abandon();
            i--;
          } else this.checkLength();
          break;
        case T_OSC_ESC:
          this.seqLen++;
          if (c === 0x5c) this.done(0);
          else if (c === 0x0a || c === 0x0d) {
            this.abandon();
            i--;
          } else {
            this.state = T_OSC;
            this.checkLength();
          }
          break;
        case T_INTER:
          this.seqLen++;
          if (c >= 0x30 && c <= 0x7e) this.done(0);
          else this.checkLength();
          break;
      }
    }
    if (runStart >= 0) out += text.slice(runStart);
    return removeBel(out);
  }

  /** True when no sequence is pending. */
  get idle(): boolean {
    return this.state === T_TEXT;
  }

  /** Final byte of the last completed CSI ('m' for SGR), for tests/diagnostics. */
  get lastFinal(): string {
    return String.fromCharCode(this.lastParamsFinal);
  }

  // Not a byte of the pending sequence (a CSI's stray control, an OSC's line end: terminals never
  // carry a title across lines): abandon it, counted; the caller re-reads the byte as text.
  private abandon(): void {
    this.stats.overlong++;
    this.state = T_TEXT;
  }

  private done(final: number): void {
    this.state = T_TEXT;
    this.stats.sequences++;
    if (final === 0x6d) this.stats.sgr++;
    this.lastParamsFinal = final;
  }

  private checkLength(): void {
    if (this.seqLen > this.maxSequenceLength) {
      this.stats.overlong++;
      this.state = T_TEXT;
    }
  }
}

function removeBel(text: string): string {
  return text.indexOf('\x07') < 0 ? text : text.replace(/\x07/g, '');
}

/** One-shot strip of a complete string. */
export function stripAnsi(text: string): string {
  return new AnsiStripper().push(text);
}
