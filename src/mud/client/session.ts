// MudSession: the whole client-side MUD protocol stack as one socket-free object.
//
//   wire bytes ─► TelnetReader (MCCP2 inflate + telnet decode)
//                   ├─ negotiation ─► TelnetNegotiator ─► replies ─► output
//                   ├─ SB MSDP/GMCP/MSSP/TTYPE/CHARSET ─► payload codecs ─► events / replies
//                   └─ data ─► UTF-8 ─► ANSI strip ─► LineSplitter ─► line / bot / prompt events
//   sendLine() ─► TelnetWriter (CR LF, IAC escaping, MCCP3 deflate) ─► output
//
// receive() delivers events synchronously to listeners; bytes to send go to the `write` callback
// (or are buffered, bounded, for drainOutput()).
import type { NetwrightError } from '../../errors.ts';
import { decodeGmcp, encodeGmcp, msdpFromGmcp } from '../protocols/gmcp.ts';
import type { MsdpCommand, MsdpPair, MsdpValue } from '../protocols/msdp.ts';
import { decodeMsdp, encodeMsdpCommand } from '../protocols/msdp.ts';
import { decodeMssp } from '../protocols/mssp.ts';
import { NOP, Opt, optionName } from '../telnet/constants.ts';
import { concatBytes } from '../telnet/encoder.ts';
import { mudError } from '../telnet/errors.ts';
import type { NegotiationStep, OptionChange } from '../telnet/negotiation.ts';
import { TelnetNegotiator } from '../telnet/negotiation.ts';
import {
  answerCharsetRequest,
  decodeCharset,
  decodeTtype,
  encodeNaws,
  MttsResponder,
} from '../telnet/options.ts';
import type { CorruptPolicy, ReaderEvent } from '../telnet/reader.ts';
import { TelnetReader } from '../telnet/reader.ts';
import { TelnetWriter } from '../telnet/writer.ts';
import { AnsiStripper } from '../text/ansi.ts';
import { isBotLine, parseBotLine } from '../text/bot-lines.ts';
import type { LineOverflowPolicy } from '../text/lines.ts';
import { LineSplitter } from '../text/lines.ts';
import type { PromptPattern } from '../text/prompts.ts';
import { DEFAULT_MAX_PROMPT_CHARS, MUD98_PROMPTS, matchPrompt, promptTail } from '../text/prompts.ts';
import { Utf8StreamDecoder } from '../text/utf8.ts';
import type { MudEvent } from './events.ts';

/** What the client offers/accepts and the bounds of every buffer. */
export interface MudSessionOptions {
  /** TTYPE first answer (MTTS cycle: name, terminal, "MTTS <bits>"). */
  clientName?: string;
  terminalType?: string;
  mtts?: number;
  /** NAWS window size in characters. */
  width?: number;
  height?: number;
  /** Accept MSDP (default true). */
  msdp?: boolean;
  /** Accept GMCP (default false; Mud98 then sends MSDP over GMCP). */
  gmcp?: boolean;
  /** Accept MCCP2 server->client compression (default true). */
  mccp2?: boolean;
  /** Accept MCCP3 client->server compression (default false). */
  mccp3?: boolean;
  /** Accept MSSP (default true). */
  mssp?: boolean;
  /** Accept CHARSET and answer REQUESTs with UTF-8 (default false, as most bots). */
  charset?: boolean;
  /** MSDP variables to REPORT as soon as MSDP (or GMCP) is on. */
  report?: readonly string[];
  /** Textual prompt patterns (default MUD98_PROMPTS). */
  prompts?: readonly PromptPattern[];
  /**
   * Prompt patterns see only this many characters at the end of a partial line (default 256), so a
   * long line that arrives byte by byte costs O(1) per chunk to check, not O(length).
   */
  maxPromptChars?: number;
  /** Text encoding of the server (default utf-8; Mud98 sends ASCII). */
  encoding?: 'utf-8' | 'latin1';
  maxLineLength?: number;
  lineOverflow?: LineOverflowPolicy;
  maxSubnegotiationBytes?: number;
  /** Zip-bomb lid: most bytes one received chunk may inflate to (default 8 MiB). */
  maxInflateBytesPerChunk?: number;
  /** Zip-bomb lid: most bytes the whole compressed stream may inflate to (default 1 GiB). */
  maxInflateBytesTotal?: number;
  /** Zip-bomb lid: most inflated bytes per compressed byte, past the first MiB (default 100). */
  maxInflateRatio?: number;
  onCorrupt?: CorruptPolicy;
  /** Longest line sendLine accepts, in bytes (Mud98 disconnects above ~8 KB of pending input). */
  maxSendLineBytes?: number;
  /** Most distinct MSDP variable names kept in `msdp` (default 4096); new names beyond are dropped. */
  maxMsdpVariables?: number;
  /** Bytes to send; when absent output is buffered (bounded by maxBufferedOutputBytes) for drainOutput(). */
  write?: (bytes: Uint8Array) => void;
  maxBufferedOutputBytes?: number;
}

/** Counters for reports. */
export interface MudSessionStats {
  /** Wire bytes received / sent. */
  bytesIn: number;
  bytesOut: number;
  /** Bytes received while MCCP2 was on, and what they inflated to. */
  compressedBytesIn: number;
  inflatedBytesIn: number;
  /** inflated / compressed (1 when nothing was compressed). */
  compressionRatio: number;
  lines: number;
  prompts: number;
  msdpUpdates: number;
  gmcpMessages: number;
  utf8Invalid: number;
  ansiSequences: number;
  /** Error events by code. */
  errors: Record<string, number>;
}

/** Client-side protocol stack of one MUD connection (no socket). */
export class MudSession {
  readonly negotiator: TelnetNegotiator;
  readonly reader: TelnetReader;
  readonly writer: TelnetWriter;
  /** Latest value of every MSDP variable seen (merged). */
  readonly msdp: Record<string, MsdpValue> = Object.create(null);
  private msdpCount = 0;
  private readonly opts: MudSessionOptions;
  private readonly utf8: Utf8StreamDecoder;
  private readonly ansi = new AnsiStripper();
  private readonly lines: LineSplitter;
  private readonly mtts: MttsResponder;
  private readonly prompts: readonly PromptPattern[];
  private readonly maxPromptChars: number;
  private readonly listeners = new Set<(e: MudEvent) => void>();
  private readonly outBuf: Uint8Array[] = [];
  private outBufBytes = 0;
  private counts = { lines: 0, prompts: 0, msdp: 0, gmcp: 0, bytesOut: 0 };
  private readonly errorCounts: Record<string, number> = {};
  private echoOff = false;
  private ended = false;
  private readonly sink = (e: ReaderEvent) => {
    try {
      this.onReaderEvent(e);
    } catch (err) {
      // A bug in a handler must not escape receive() into the socket's 'data' handler, nor stop the
      // session: it becomes a coded error event and decoding goes on with the next event.
      this.error(
        mudError('ERR_MUD_DECODE_FAILED', `handling a ${e.type} event failed: ${String(err)}`, {
          event: e.type,
          option: 'option' in e ? e.option : undefined,
        }),
      );
    }
  };

  constructor(options: MudSessionOptions = {}) {
    this.opts = options;
    const local = new Set<number>([Opt.TTYPE, Opt.NAWS]);
    const remote = new Set<number>([Opt.ECHO, Opt.SGA, Opt.EOR]);
    if (options.msdp ?? true) remote.add(Opt.MSDP);
    if (options.gmcp ?? false) remote.add(Opt.GMCP);
    if (options.mccp2 ?? true) remote.add(Opt.MCCP2);
    if (options.mccp3 ?? false) remote.add(Opt.MCCP3);
    if (options.mssp ?? true) remote.add(Opt.MSSP);
    if (options.charset ?? false) remote.add(Opt.CHARSET);
    this.negotiator = new TelnetNegotiator({
      acceptLocal: (o) => local.has(o),
      acceptRemote: (o) => remote.has(o),
    });
    this.reader = new TelnetReader({
      compressedOption: Opt.MCCP2,
      shouldStartCompression: () => this.negotiator.isRemoteEnabled(Opt.MCCP2),
      maxSubnegotiationBytes: options.maxSubnegotiationBytes,
      maxOutputBytesPerPush: options.maxInflateBytesPerChunk,
      maxTotalOutputBytes: options.maxInflateBytesTotal,
      maxExpansionRatio: options.maxInflateRatio,
      onCorrupt: options.onCorrupt,
    });
    this.writer = new TelnetWriter({ newline: 'crlf' });
    this.utf8 = new Utf8StreamDecoder(options.encoding ?? 'utf-8');
    this.lines = new LineSplitter({ maxLineLength: options.maxLineLength, overflow: options.lineOverflow });
    this.mtts = new MttsResponder({
      clientName: options.clientName,
      terminalType: options.terminalType,
      mtts: options.mtts,
    });
    this.prompts = options.prompts ?? MUD98_PROMPTS;
    this.maxPromptChars = options.maxPromptChars ?? DEFAULT_MAX_PROMPT_CHARS;
  }

  /** Subscribe to events; returns the unsubscribe function. */
  onEvent(cb: (e: MudEvent) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /** An MSDP variable as a number (undefined when absent, empty or not numeric). */
  msdpNumber(name: string): number | undefined {
    const v = this.msdp[name];
    if (typeof v !== 'string' || v.trim() === '') return undefined;
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }

  /** The server is echoing (password entry): don't echo typed input locally. */
  get passwordMode(): boolean {
    return this.echoOff;
  }

  /** Current partial line (text after the last line break, not yet a prompt). */
  get partialLine(): string {
    return this.lines.partial;
  }

  /**
   * Declare the current partial line a prompt (e.g. the caller saw no more data for a while).
   * Returns false when there is no partial line.
   */
  promptFromPartial(source: 'idle' | 'text' = 'idle'): boolean {
    const text = this.lines.takePartial();
    if (text.length === 0) return false;
    this.lines.skipNextBreak();
    this.counts.prompts++;
    this.emit({ type: 'prompt', text, source });
    return true;
  }

  /** Feed bytes received from the server. */
  receive(chunk: Uint8Array): void {
    if (this.ended) return;
    this.reader.push(chunk, this.sink);
  }

  /**
   * The connection closed: flush partial state, report truncation (a compressed stream cut mid-way
   * is ERR_MCCP_CORRUPT unless `localClose`: we hung up ourselves).
   */
  end(opts: { localClose?: boolean } = {}): void {
    if (this.ended) return;
    this.reader.end(this.sink, opts);
    this.handleText(this.utf8.end());
    for (const l of this.lines.end()) this.emitLine(l.text, l.overflow);
    this.ended = true;
    this.writer.close();
  }

  /** Send one line of input (CR LF appended). */
  sendLine(text: string): void {
    const bytes = new TextEncoder().encode(text).length;
    const max = this.opts.maxSendLineBytes ?? 4096;
    if (bytes > max || /[\r\n]/.test(text)) {
      throw mudError(
        'ERR_MUD_INPUT_OVERFLOW',
        bytes > max ? `line of ${bytes} bytes exceeds maxSendLineBytes ${max}` : 'line contains a line break',
        { bytes, max },
        'send one command per call; ROM-style servers drop the connection above ~8 KB of pending input',
      );
    }
    this.out(this.writer.text(`${text}\n`));
  }

  /** IAC NOP: wakes a Mud98 accept queue without sending an (empty-name) line. */
  sendNop(): void {
    this.out(this.writer.command(NOP));
  }

  /** Send an MSDP command (over MSDP, or as MSDP-over-GMCP when only GMCP is on). */
  msdpCommand(command: MsdpCommand, args: readonly string[]): void {
    if (this.negotiator.isRemoteEnabled(Opt.MSDP)) {
      this.out(this.writer.subnegotiation(Opt.MSDP, encodeMsdpCommand(command, args)));
    } else if (this.negotiator.isRemoteEnabled(Opt.GMCP)) {
      // Mud98 only honours a single string value per message.
      for (const a of args)
        this.out(this.writer.subnegotiation(Opt.GMCP, encodeGmcp('MSDP', { [command]: a })));
    }
  }

  /** Send a GMCP message. */
  gmcpSend(name: string, data?: unknown): void {
    this.out(this.writer.subnegotiation(Opt.GMCP, encodeGmcp(name, data)));
  }

  /** Take buffered output (when no `write` callback was given). */
  drainOutput(): Uint8Array {
    const out = concatBytes(this.outBuf.length === 0 ? [new Uint8Array(0)] : this.outBuf);
    this.outBuf.length = 0;
    this.outBufBytes = 0;
    return out;
  }

  /** A snapshot of the counters. */
  stats(): MudSessionStats {
    const r = this.reader.stats;
    return {
      bytesIn: r.wireBytes,
      bytesOut: this.counts.bytesOut,
      compressedBytesIn: r.compressedBytes,
      inflatedBytesIn: r.inflatedBytes,
      compressionRatio: r.compressedBytes > 0 ? r.inflatedBytes / r.compressedBytes : 1,
      lines: this.counts.lines,
      prompts: this.counts.prompts,
      msdpUpdates: this.counts.msdp,
      gmcpMessages: this.counts.gmcp,
      utf8Invalid: this.utf8.invalid,
      ansiSequences: this.ansi.stats.sequences,
      errors: { ...this.errorCounts },
    };
  }

  private emit(e: MudEvent): void {
    if (e.type === 'error') this.errorCounts[e.error.code] = (this.errorCounts[e.error.code] ?? 0) + 1;
    for (const l of this.listeners) {
      try {
        l(e);
      } catch (err) {
        // A throwing listener must not leave the decoders half-way through a chunk: re-raise it
        // outside the codec (it surfaces as an uncaught exception, never silently).
        queueMicrotask(() => {
          throw err;
        });
      }
    }
  }

  private error(error: NetwrightError, fatal = false): void {
    this.emit({ type: 'error', error, fatal });
  }

  private out(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.counts.bytesOut += bytes.length;
    if (this.opts.write) {
      this.opts.write(bytes);
      return;
    }
    const max = this.opts.maxBufferedOutputBytes ?? 1024 * 1024;
    if (this.outBufBytes + bytes.length > max) {
      this.error(
        mudError(
          'ERR_MUD_INPUT_OVERFLOW',
          `unsent output exceeds ${max} bytes; dropping (call drainOutput)`,
          {
            max,
          },
        ),
      );
      return;
    }
    this.outBuf.push(bytes);
    this.outBufBytes += bytes.length;
  }

  private sendStep(step: NegotiationStep): void {
    if (step.send) this.out(this.writer.raw(step.send));
    if (step.change) this.onOptionChange(step.change);
  }

  private onReaderEvent(e: ReaderEvent): void {
    switch (e.type) {
      case 'data':
        this.handleText(this.decodeText(e.data));
        break;
      case 'negotiation':
        this.sendStep(this.negotiator.receive(e.verb, e.option));
        break;
      case 'subnegotiation':
        this.onSubnegotiation(e.option, e.data);
        break;
      case 'prompt-mark': {
        const text = this.lines.takePartial();
        if (text.length > 0) {
          this.counts.prompts++;
          this.emit({ type: 'prompt', text, source: e.mark });
        }
        break;
      }
      case 'command':
        break;
      case 'compression':
        this.emit({ type: 'compression', direction: 'in', active: e.active });
        break;
      case 'error':
        // Fatal once the reader gave up (corrupt MCCP with policy 'close'): the caller should hang up.
        this.error(e.error, this.reader.failed);
        break;
    }
  }

  private decodeText(bytes: Uint8Array): string {
    const before = this.utf8.invalid;
    const text = this.utf8.push(bytes);
    const bad = this.utf8.invalid - before;
    if (bad > 0)
      this.error(
        mudError('ERR_UTF8_INVALID', `${bad} invalid UTF-8 sequence(s) replaced by U+FFFD`, {
          count: bad,
          total: this.utf8.invalid,
        }),
      );
    return text;
  }

  private handleText(text: string): void {
    if (text.length === 0) return;
    const plain = this.ansi.push(text);
    for (const l of this.lines.push(plain, (err) => this.error(err))) this.emitLine(l.text, l.overflow);
    const partial = this.lines.partial;
    const p = matchPrompt(partial, this.prompts, this.maxPromptChars);
    if (p) {
      this.lines.takePartial();
      this.lines.skipNextBreak();
      this.counts.prompts++;
      this.emit({ type: 'prompt', text: partial, source: 'text', name: p.name });
    }
  }

  private emitLine(text: string, overflow?: boolean): void {
    // A prompt that arrived already ended by its line break (more output followed in the same read).
    const tail = promptTail(text, this.maxPromptChars);
    for (const p of this.prompts) {
      p.pattern.lastIndex = 0;
      if (p.lineToo && p.pattern.test(tail)) {
        this.counts.prompts++;
        this.emit({ type: 'prompt', text, source: 'text', name: p.name });
        return;
      }
    }
    this.counts.lines++;
    this.emit(overflow ? { type: 'line', text, overflow } : { type: 'line', text });
    if (isBotLine(text)) {
      const parsed = parseBotLine(text);
      if (parsed && 'error' in parsed) this.error(parsed.error);
      else if (parsed) this.emit({ type: 'bot', line: parsed });
    }
  }

  private onOptionChange(c: OptionChange): void {
    this.emit({
      type: 'option',
      side: c.side,
      option: c.option,
      name: optionName(c.option),
      enabled: c.enabled,
    });
    if (c.side === 'remote') {
      if (c.option === Opt.ECHO) {
        this.echoOff = c.enabled;
        this.emit({ type: c.enabled ? 'echo-off' : 'echo-on' });
      } else if (c.enabled && c.option === Opt.MSDP && this.opts.report?.length) {
        this.msdpCommand('REPORT', this.opts.report);
      } else if (c.enabled && c.option === Opt.GMCP) {
        this.gmcpSend('Core.Hello', { client: this.opts.clientName ?? 'netwright', version: '0.1.0' });
        if (this.opts.report?.length && !this.negotiator.isRemoteEnabled(Opt.MSDP))
          this.msdpCommand('REPORT', this.opts.report);
      } else if (c.option === Opt.MCCP3) {
        if (c.enabled) {
          this.out(this.writer.startCompression(Opt.MCCP3));
          this.emit({ type: 'compression', direction: 'out', active: true });
        } else if (this.writer.compressing) {
          this.out(this.writer.stopCompression());
          this.emit({ type: 'compression', direction: 'out', active: false });
        }
      }
    } else if (c.option === Opt.NAWS && c.enabled) {
      this.out(this.writer.raw(encodeNaws(this.opts.width ?? 80, this.opts.height ?? 24)));
    } else if (c.option === Opt.TTYPE && !c.enabled) {
      this.mtts.reset();
    }
  }

  private onSubnegotiation(option: number, data: Uint8Array): void {
    switch (option) {
      case Opt.MSDP: {
        const r = decodeMsdp(data);
        if (r.error) this.error(r.error);
        this.applyMsdp(r.pairs, 'msdp');
        break;
      }
      case Opt.GMCP: {
        const r = decodeGmcp(data);
        if (r.error) {
          this.error(r.error);
          break;
        }
        const msg = r.message!;
        this.counts.gmcp++;
        this.emit({ type: 'gmcp', message: msg });
        const pairs = msdpFromGmcp(msg);
        if (pairs) this.applyMsdp(pairs, 'gmcp');
        break;
      }
      case Opt.MSSP: {
        const r = decodeMssp(data);
        if (r.error) this.error(r.error);
        this.emit({ type: 'mssp', status: r.status });
        break;
      }
      case Opt.TTYPE: {
        const t = decodeTtype(data);
        if (t?.kind === 'send' && this.negotiator.isLocalEnabled(Opt.TTYPE))
          this.out(this.writer.raw(this.mtts.next()));
        break;
      }
      case Opt.CHARSET: {
        const c = decodeCharset(data);
        if (c?.kind === 'request' && this.negotiator.isRemoteEnabled(Opt.CHARSET))
          this.out(this.writer.raw(answerCharsetRequest(c.charsets)));
        break;
      }
      default:
        break;
    }
  }

  private applyMsdp(pairs: MsdpPair[], via: 'msdp' | 'gmcp'): void {
    if (pairs.length === 0) return; // Mud98 sends empty frames when nothing reported changed
    const max = this.opts.maxMsdpVariables ?? 4096;
    let dropped = 0;
    for (const { name, value } of pairs) {
      if (!Object.hasOwn(this.msdp, name) && this.msdpCount >= max) {
        dropped++;
        continue;
      }
      if (!Object.hasOwn(this.msdp, name)) this.msdpCount++;
      this.msdp[name] = value;
    }
    if (dropped > 0)
      this.error(
        mudError('ERR_MSDP_OVERFLOW', `${dropped} new MSDP variable(s) dropped: already ${max} kept`, {
          dropped,
          max,
        }),
      );
    this.counts.msdp++;
    this.emit({ type: 'msdp', pairs, via });
  }
}
