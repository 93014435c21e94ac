// Telnet decoder: a byte state machine turning a chunked byte stream into TelnetEvents.
//
//   bytes ──► DATA ──IAC──► IAC ──WILL/WONT/DO/DONT──► NEG ──opt──► negotiation event
//              ▲             │──SB──► SB_OPT ──opt──► SB_DATA ──IAC──► SB_IAC ──SE──► subnegotiation
//              │             │──GA/EOR──► prompt-mark     │ (over the option's limit: SB_DISCARD)
//              └─────────────┴──IAC──► data byte 255
//
// Invariants: state survives chunk boundaries (an IAC split from its command is fine); memory is
// bounded by each option's payload limit (sb-limits.ts: TTYPE 64 bytes, NAWS 4, MSDP/GMCP
// maxSubnegotiationBytes); a runaway small-option SB gives up at once and the byte past its limit is
// data again (a data option discards up to maxSubnegotiationDiscardBytes, looking for IAC SE);
// malformed input yields error events, never exceptions.

import type { NegotiationVerb } from './constants.ts';
import {
  CR,
  commandName,
  DO,
  DONT,
  EOR_CMD,
  GA,
  IAC,
  NUL,
  optionName,
  SB,
  SE,
  WILL,
  WONT,
} from './constants.ts';
import { mudError } from './errors.ts';
import type { TelnetEvent } from './events.ts';
import { SB_DATA_OPTIONS, sbLimit } from './sb-limits.ts';

/** Limits and NVT handling of a TelnetDecoder. */
export interface TelnetDecoderOptions {
  /**
   * Largest subnegotiation payload kept, in bytes (default 64 KiB): the limit of MSDP/MSSP/GMCP and a
   * ceiling for every option; small options have their own (sb-limits.ts). Larger ones are
   * discarded (ERR_TELNET_SB_OVERFLOW).
   */
  maxSubnegotiationBytes?: number;
  /** Per-option payload limits, bytes, over SB_LIMITS (e.g. { [Opt.GMCP]: 16384 }). */
  subnegotiationLimits?: Readonly<Record<number, number>>;
  /**
   * Bytes an oversized MSDP/MSSP/GMCP payload may run on, looking for IAC SE, before we give up and
   * read data again (ERR_TELNET_SB_UNTERMINATED). Default 1 MiB. Any other option (TTYPE, NAWS...)
   * gives up at once: the byte past its limit is read as data.
   */
  maxSubnegotiationDiscardBytes?: number;
  /** Reduce CR NUL to CR (NVT rule). Default true. */
  stripCrNul?: boolean;
}

const S_DATA = 0;
const S_IAC = 1;
const S_NEG = 2;
const S_SB_OPT = 3;
const S_SB_DATA = 4;
const S_SB_IAC = 5;
const S_SB_DISCARD = 6;
const S_SB_DISCARD_IAC = 7;

const VERBS: Record<number, NegotiationVerb> = { [WILL]: 'WILL', [WONT]: 'WONT', [DO]: 'DO', [DONT]: 'DONT' };

/** Counters of what the decoder saw and recovered from. */
export interface TelnetDecoderStats {
  bytesIn: number;
  dataBytes: number;
  negotiations: number;
  subnegotiations: number;
  sbOverflows: number;
  sbUnterminated: number;
  unknownCommands: number;
  straySe: number;
}

/** Streaming telnet decoder; `push` may be called with any split of the stream. */
export class TelnetDecoder {
  readonly maxSubnegotiationBytes: number;
  readonly maxSubnegotiationDiscardBytes: number;
  readonly stats: TelnetDecoderStats = {
    bytesIn: 0,
    dataBytes: 0,
    negotiations: 0,
    subnegotiations: 0,
    sbOverflows: 0,
    sbUnterminated: 0,
    unknownCommands: 0,
    straySe: 0,
  };
  private readonly stripCrNul: boolean;
  private readonly sbOverrides: Readonly<Record<number, number>>;
  private state = S_DATA;
  private verb: NegotiationVerb = 'WILL';
  private sbOption = 0;
  /** Payload limit of the subnegotiation being read, bytes. */
  private sbLimit = 0;
  private sbBuf: Uint8Array;
  private sbLen = 0;
  /** Bytes discarded after an overflow, and how many may be before we read data again. */
  private discarded = 0;
  private discardLimit = 0;
  private lastWasCr = false;

  constructor(options: TelnetDecoderOptions = {}) {
    this.maxSubnegotiationBytes = options.maxSubnegotiationBytes ?? 64 * 1024;
    this.maxSubnegotiationDiscardBytes = options.maxSubnegotiationDiscardBytes ?? 1024 * 1024;
    this.sbOverrides = options.subnegotiationLimits ?? {};
    this.stripCrNul = options.stripCrNul ?? true;
    this.sbBuf = new Uint8Array(Math.max(1, Math.min(256, this.maxSubnegotiationBytes)));
  }

  /** Decode a whole chunk. */
  push(chunk: Uint8Array): TelnetEvent[] {
    const out: TelnetEvent[] = [];
    this.decodeInto(chunk, 0, out);
    return out;
  }

  /**
   * Decode `chunk` from `start`, appending to `out`. When `stopAfterSb(option)` returns true for a
   * completed subnegotiation, stop right after its IAC SE and return the offset of the next byte
   * (MCCP: what follows is compressed). Otherwise returns chunk.length.
   */
  decodeInto(
    chunk: Uint8Array,
    start: number,
    out: TelnetEvent[],
    stopAfterSb?: (option: number) => boolean,
  ): number {
    const n = chunk.length;
    this.stats.bytesIn += n - start;
    let i = start;
    let nulAt = -2; // cached position of the next NUL at or after i (-1: none left)
    while (i < n) {
      const state = this.state;
      if (state === S_DATA) {
        // Fast path: a run of plain bytes up to the next IAC or the next CR NUL (native scans).
        const runStart = i;
        let end = chunk.indexOf(IAC, i);
        if (end < 0) end = n;
        if (this.stripCrNul) {
          if (nulAt !== -1 && nulAt < i) nulAt = chunk.indexOf(NUL, i);
          while (nulAt >= 0 && nulAt < end) {
            const prevCr = nulAt === runStart ? this.lastWasCr : chunk[nulAt - 1] === CR;
            if (prevCr) {
              end = nulAt;
              break;
            }
            nulAt = chunk.indexOf(NUL, nulAt + 1);
          }
        }
        i = end;
        const cr = end > runStart ? chunk[end - 1] === CR : this.lastWasCr;
        if (i > runStart) {
          out.push({ type: 'data', data: chunk.subarray(runStart, i) });
          this.stats.dataBytes += i - runStart;
        }
        this.lastWasCr = cr;
        if (i < n) {
          if (chunk[i] === NUL) {
            this.lastWasCr = false; // CR NUL: drop the NUL
          } else {
            this.state = S_IAC;
          }
          i++;
        }
        continue;
      }
      const b = chunk[i++];
      switch (state) {
        case S_IAC:
          this.onIacByte(b, out);
          break;
        case S_NEG:
          this.state = S_DATA;
          this.stats.negotiations++;
          out.push({ type: 'negotiation', verb: this.verb, option: b });
          break;
        case S_SB_OPT:
          this.sbOption = b;
          this.sbLimit = sbLimit(b, this.maxSubnegotiationBytes, this.sbOverrides);
          this.sbLen = 0;
          this.state = S_SB_DATA;
          break;
        case S_SB_DATA:
          if (b === IAC) this.state = S_SB_IAC;
          else if (this.sbLen < this.sbLimit) this.sbAppend(b);
          else {
            this.overflow(out);
            i--; // read this byte again, as the first one discarded (or as data)
          }
          break;
        case S_SB_IAC:
          if (b === IAC) {
            this.state = S_SB_DATA;
            if (this.sbLen < this.sbLimit) this.sbAppend(IAC);
            else {
              this.overflow(out);
              this.discarded++; // the escaped 255 is the first byte discarded
            }
          } else if (b === SE) {
            this.state = S_DATA;
            this.emitSb(out);
            if (stopAfterSb?.(this.sbOption)) return i;
          } else {
            // IAC <cmd> inside SB: the SB was never closed. Emit what we have, then run the command.
            this.stats.sbUnterminated++;
            out.push({
              type: 'error',
              error: mudError(
                'ERR_TELNET_SB_UNTERMINATED',
                `subnegotiation ${optionName(this.sbOption)} interrupted by IAC ${commandName(b)}`,
                { option: this.sbOption, command: b },
              ),
            });
            this.emitSb(out);
            this.onIacByte(b, out);
          }
          break;
        case S_SB_DISCARD:
          if (b !== IAC && this.discarded >= this.discardLimit) {
            this.giveUpSb(out);
            i--; // no IAC SE in sight: this byte and what follows are data again
            break;
          }
          this.discarded++;
          if (b === IAC) this.state = S_SB_DISCARD_IAC;
          break;
        case S_SB_DISCARD_IAC:
          this.discarded++;
          if (b === SE) this.state = S_DATA;
          else if (b === IAC) this.state = S_SB_DISCARD;
          else this.onIacByte(b, out); // a command ends the runaway SB
          break;
      }
    }
    return n;
  }

  /** The stream ended: report a truncated IAC sequence or an open subnegotiation. */
  end(): TelnetEvent[] {
    const state = this.state;
    this.state = S_DATA;
    this.lastWasCr = false;
    if (state === S_DATA) return [];
    const what = state === S_IAC || state === S_NEG ? 'IAC sequence' : 'subnegotiation';
    return [
      {
        type: 'error',
        error: mudError('ERR_TELNET_TRUNCATED', `stream ended inside a telnet ${what}`, {
          state,
          option: state >= S_SB_DATA ? this.sbOption : undefined,
          pendingSbBytes: this.sbLen,
        }),
      },
    ];
  }

  /** True when no partial telnet sequence is pending. */
  get idle(): boolean {
    return this.state === S_DATA;
  }

  private onIacByte(b: number, out: TelnetEvent[]): void {
    this.state = S_DATA;
    if (b === IAC) {
      this.stats.dataBytes++;
      this.lastWasCr = false;
      out.push({ type: 'data', data: new Uint8Array([IAC]) });
    } else if (b >= WILL) {
      this.verb = VERBS[b];
      this.state = S_NEG;
    } else if (b === SB) {
      this.state = S_SB_OPT;
    } else if (b === GA) {
      out.push({ type: 'prompt-mark', mark: 'GA' });
    } else if (b === EOR_CMD) {
      out.push({ type: 'prompt-mark', mark: 'EOR' });
    } else if (b === SE) {
      this.stats.straySe++;
    } else if (b > SE) {
      out.push({ type: 'command', command: b });
    } else {
      this.stats.unknownCommands++;
      out.push({
        type: 'error',
        error: mudError('ERR_TELNET_UNKNOWN_COMMAND', `unknown telnet command IAC ${b}`, { command: b }),
      });
    }
  }

  // Caller checked sbLen < sbLimit.
  private sbAppend(b: number): void {
    if (this.sbLen === this.sbBuf.length) {
      const grown = new Uint8Array(Math.min(this.sbBuf.length * 2, this.sbLimit));
      grown.set(this.sbBuf);
      this.sbBuf = grown;
    }
    this.sbBuf[this.sbLen++] = b;
  }

  // The payload passed the option's limit: report it now, then discard (bounded) until IAC SE.
  private overflow(out: TelnetEvent[]): void {
    this.stats.sbOverflows++;
    // A fixed-shape option (or one we do not decode) this long means IAC SE was forgotten.
    const small = !SB_DATA_OPTIONS.includes(this.sbOption);
    out.push({
      type: 'error',
      error: mudError(
        'ERR_TELNET_SB_OVERFLOW',
        `subnegotiation ${optionName(this.sbOption)} exceeds its ${this.sbLimit}-byte limit; discarding it`,
        { option: this.sbOption, limitBytes: this.sbLimit, droppedBytes: this.sbLen },
        small
          ? `an ${optionName(this.sbOption)} payload is never this long: the server probably forgot IAC SE, and the bytes after it are game text`
          : 'raise maxSubnegotiationBytes (or subnegotiationLimits) if the server legitimately sends larger frames',
      ),
    });
    this.sbLen = 0;
    this.discarded = 0;
    // ...and the byte that overflowed is game text: read data again at once.
    this.discardLimit = small ? 0 : this.maxSubnegotiationDiscardBytes;
    this.state = S_SB_DISCARD;
    this.shrinkSb();
  }

  // No IAC SE within the discard budget: the subnegotiation was never terminated. Read data again.
  private giveUpSb(out: TelnetEvent[]): void {
    this.stats.sbUnterminated++;
    out.push({
      type: 'error',
      error: mudError(
        'ERR_TELNET_SB_UNTERMINATED',
        `subnegotiation ${optionName(this.sbOption)} never ended (no IAC SE); reading data again`,
        { option: this.sbOption, limitBytes: this.sbLimit, discardedBytes: this.discarded },
      ),
    });
    this.state = S_DATA;
  }

  private emitSb(out: TelnetEvent[]): void {
    this.stats.subnegotiations++;
    out.push({ type: 'subnegotiation', option: this.sbOption, data: this.sbBuf.slice(0, this.sbLen) });
    this.sbLen = 0;
    this.shrinkSb();
  }

  private shrinkSb(): void {
    if (this.sbBuf.length > 4096) this.sbBuf = new Uint8Array(256);
  }
}
