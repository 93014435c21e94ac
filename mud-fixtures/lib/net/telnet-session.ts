// One server-side telnet connection: Mud98's option offers, negotiation (codec's Q method), MSDP or
// MSDP-over-GMCP out, MSSP on request, MCCP2 out / MCCP3 in, ECHO around passwords, input lines.
//
//   socket bytes -> TelnetReader (MCCP3 inflate + decode) -> negotiation | SB (MSDP/GMCP/TTYPE) | data
//   data -> LineAssembler -> game.input(line)        game output -> TelnetWriter (MCCP2 deflate) -> socket

import type { Socket } from 'node:net';
import { decodeGmcp, encodeMsdpOverGmcp, msdpFromGmcp } from '../../../src/mud/protocols/gmcp.ts';
import { decodeMsdp, encodeMsdp, type MsdpPair, parseMsdpCommands } from '../../../src/mud/protocols/msdp.ts';
import { encodeMssp } from '../../../src/mud/protocols/mssp.ts';
import { Opt } from '../../../src/mud/telnet/constants.ts';
import { policyFromLists, TelnetNegotiator } from '../../../src/mud/telnet/negotiation.ts';
import { decodeTtype, encodeTtypeSend } from '../../../src/mud/telnet/options.ts';
import { type ReaderEvent, TelnetReader } from '../../../src/mud/telnet/reader.ts';
import { TelnetWriter } from '../../../src/mud/telnet/writer.ts';
import type { Game } from '../game/game.ts';
import type { Session, Transport } from '../game/session.ts';
import { LineAssembler } from './line-assembler.ts';
import { STALE_PER_GMCP_SESSION, type StaleGmcpPool } from './stale-gmcp.ts';

export interface TelnetSessionOptions {
  gmcp: boolean;
  quirks: boolean;
  /** Unread input that closes the connection (Mud98: 8182 bytes). */
  inputLidBytes: number;
  /** MSSP status to send on DO MSSP. */
  mssp: () => Record<string, string | number>;
  tls: boolean;
  /** Quirks mode: Mud98's recycled-descriptor GMCP flag (see stale-gmcp.ts). */
  staleGmcp?: StaleGmcpPool;
}

/** Mud98's first packet, in order (GMCP last and only when enabled). */
export function offerSequence(gmcp: boolean): { verb: 'DO' | 'WILL'; option: number }[] {
  const seq: { verb: 'DO' | 'WILL'; option: number }[] = [
    { verb: 'DO', option: Opt.TTYPE },
    { verb: 'DO', option: Opt.NAWS },
    { verb: 'DO', option: Opt.NEW_ENVIRON },
    { verb: 'WILL', option: Opt.CHARSET },
    { verb: 'WILL', option: Opt.MSDP },
    { verb: 'WILL', option: Opt.MSSP },
    { verb: 'WILL', option: Opt.MCCP2 },
    { verb: 'WILL', option: Opt.MCCP3 },
  ];
  if (gmcp) seq.push({ verb: 'WILL', option: Opt.GMCP });
  return seq;
}

const enc = new TextEncoder();
/** ROM text is latin1-clean ASCII plus ANSI; encode as UTF-8 (identical for ASCII). */
function bytes(text: string): Uint8Array {
  return enc.encode(text);
}

export class TelnetSession implements Transport {
  readonly socket: Socket;
  readonly game: Game;
  readonly opts: TelnetSessionOptions;
  session: Session | undefined;
  private readonly neg: TelnetNegotiator;
  private readonly writer = new TelnetWriter();
  private readonly reader: TelnetReader;
  private readonly lines = new LineAssembler();
  private ttypeProbes = 0;
  /** Which of MSDP / GMCP the client enabled first (it keeps carrying MSDP). */
  private msdpVia: 'msdp' | 'gmcp' | undefined;
  /** This descriptor inherited Mud98's stale GMCP flag (quirks mode). */
  readonly staleGmcp: boolean;
  private closed = false;
  /** Why the game closed the connection (quit, wrong-password, input-lid...). */
  closeReason: string | undefined;
  readonly counters = { msdpFrames: 0, gmcpFrames: 0, malformed: 0 };

  constructor(socket: Socket, game: Game, opts: TelnetSessionOptions) {
    this.socket = socket;
    this.game = game;
    this.opts = opts;
    const local: number[] = [Opt.CHARSET, Opt.MSDP, Opt.MSSP, Opt.MCCP2, Opt.MCCP3, Opt.ECHO];
    if (opts.gmcp) local.push(Opt.GMCP);
    this.neg = new TelnetNegotiator(policyFromLists(local, [Opt.TTYPE, Opt.NAWS, Opt.NEW_ENVIRON]));
    this.reader = new TelnetReader({
      compressedOption: Opt.MCCP3,
      shouldStartCompression: () => this.neg.isLocalEnabled(Opt.MCCP3),
      maxSubnegotiationBytes: 8192,
    });
    this.staleGmcp = opts.staleGmcp?.acquire() ?? false;
  }

  /** Send the option offers and the greeting; start reading. */
  start(host: string, early: Uint8Array[] = []): void {
    for (const o of offerSequence(this.opts.gmcp)) {
      const step =
        o.verb === 'DO' ? this.neg.requestRemote(o.option, true) : this.neg.requestLocal(o.option, true);
      this.send(this.writer.step(step));
    }
    this.session = this.game.connect(this, host, {
      tls: this.opts.tls,
      ...(this.staleGmcp ? { staleGmcp: true } : {}),
    });
    for (const b of early) this.onData(b);
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
  }

  /** Unsent output that disconnects a client that stopped reading (ROM: "Buffer overflow"). */
  static readonly OUTPUT_LIMIT_BYTES = 1 << 20;

  private send(b: Uint8Array): void {
    if (!b.length || this.closed || this.socket.destroyed) return;
    if (this.socket.writableLength > TelnetSession.OUTPUT_LIMIT_BYTES) {
      this.game.log('output_overflow', { session: this.session?.id, bytes: this.socket.writableLength });
      this.socket.destroy();
      return;
    }
    this.socket.write(b);
  }

  /** Bytes from the client. Never throws: a failure here closes this connection only. */
  onData(chunk: Uint8Array): void {
    if (this.closed) return;
    try {
      this.receive(chunk);
    } catch (err) {
      // A bug reached by client input: log it (it fails the test, like command_error) and drop
      // this one connection; every other player keeps playing.
      this.game.counters.errors++;
      this.game.log('input_error', {
        level: 'error',
        session: this.session?.id,
        error: String(err),
        stack: (err as Error)?.stack?.split('\n').slice(0, 6).join(' | '),
      });
      if (this.session) this.game.closeSession(this.session, 'input-error');
      else this.socket.destroy();
    }
  }

  private receive(chunk: Uint8Array): void {
    this.reader.push(chunk, (e) => this.onEvent(e));
    const s = this.session;
    if (!s || this.closed) return;
    const queued = s.input.reduce((n, l) => n + l.length + 1, 0) + this.lines.pendingBytes;
    if (queued > this.opts.inputLidBytes) {
      this.write('\n\r*** PUT A LID ON IT!!! ***\n\r');
      this.game.log('input_lid', { session: s.id, bytes: queued });
      this.game.closeSession(s, 'input-lid');
    }
    if (this.reader.failed) this.game.closeSession(s, 'mccp-corrupt');
  }

  private onEvent(e: ReaderEvent): void {
    const s = this.session;
    if (!s) return;
    switch (e.type) {
      case 'data':
        this.lines.push(e.data, (line) => this.game.input(s, line));
        return;
      case 'negotiation': {
        // ECHO is sent raw around passwords, as Mud98 does; the client's answers need no reply.
        if (e.option === Opt.ECHO) return;
        const step = this.neg.receive(e.verb, e.option);
        this.send(this.writer.step(step));
        const c = step.change;
        if (!c) return;
        if (c.side === 'local' && c.enabled && this.msdpVia === undefined) {
          if (c.option === Opt.MSDP) this.msdpVia = 'msdp';
          else if (c.option === Opt.GMCP) this.msdpVia = 'gmcp';
        }
        if (c.side === 'local' && c.option === Opt.MCCP2 && c.enabled) {
          this.send(this.writer.startCompression(Opt.MCCP2));
          this.game.log('mccp2', { session: s.id, on: true });
        }
        if (c.side === 'local' && c.option === Opt.MCCP2 && !c.enabled)
          this.send(this.writer.stopCompression());
        if (c.side === 'local' && c.option === Opt.MSSP && c.enabled)
          this.send(this.writer.subnegotiation(Opt.MSSP, encodeMssp(this.opts.mssp())));
        if (c.side === 'remote' && c.option === Opt.TTYPE && c.enabled) this.probeTtype();
        return;
      }
      case 'subnegotiation':
        this.onSubnegotiation(e.option, e.data);
        return;
      case 'error':
        this.counters.malformed++;
        return;
      case 'compression':
        this.game.log('mccp3', { session: s.id, on: e.active });
        return;
      default:
        return;
    }
  }

  /** Mud98 asks for the terminal type three times (MTTS), then says DONT TTYPE. */
  private probeTtype(): void {
    if (this.ttypeProbes >= 3) return;
    this.ttypeProbes++;
    this.send(this.writer.raw(encodeTtypeSend()));
  }

  private onSubnegotiation(option: number, data: Uint8Array): void {
    const s = this.session;
    if (!s) return;
    if (option === Opt.TTYPE) {
      const t = decodeTtype(data);
      if (t?.kind !== 'is') return;
      this.game.log('ttype', { session: s.id, probe: this.ttypeProbes, name: t.name.slice(0, 40) });
      if (this.ttypeProbes < 3) this.probeTtype();
      else this.send(this.writer.step(this.neg.requestRemote(Opt.TTYPE, false)));
      return;
    }
    if (option === Opt.MSDP && this.neg.isLocalEnabled(Opt.MSDP)) {
      const r = decodeMsdp(data);
      if (r.error) this.counters.malformed++;
      for (const c of parseMsdpCommands(r.pairs)) this.game.msdp(s, c.command, c.args);
      return;
    }
    if (option === Opt.GMCP && this.neg.isLocalEnabled(Opt.GMCP)) {
      const r = decodeGmcp(data);
      if (!r.message) {
        this.counters.malformed++;
        return;
      }
      const pairs = msdpFromGmcp(r.message);
      // Mud98 only understands a single string argument over GMCP (arrays and SEND give nothing).
      for (const p of pairs ?? []) {
        const cmd = p.name.toUpperCase();
        if (typeof p.value !== 'string' || cmd === 'SEND') continue;
        this.game.msdp(s, cmd, [p.value]);
      }
    }
  }

  // ---- Transport (game -> client) ----

  write(text: string): void {
    this.send(this.writer.data(bytes(text)));
  }

  echo(clientEchoes: boolean): void {
    this.send(this.writer.raw(Uint8Array.of(255, clientEchoes ? 252 : 251, Opt.ECHO)));
  }

  promptMark(): void {
    this.send(this.writer.command(249));
  }

  /** The first of MSDP and GMCP the client enabled carries MSDP for good: Mud98 ignores DO GMCP once
   *  MSDP is on (measured: a client that took both got only MSDP frames) and DO MSDP once GMCP is. */
  private framing(): 'gmcp' | 'msdp' | undefined {
    if (this.staleGmcp && this.neg.isLocalEnabled(Opt.MSDP)) return 'gmcp';
    const f = this.msdpVia;
    if (f === 'gmcp' && this.opts.gmcp && this.neg.isLocalEnabled(Opt.GMCP)) return 'gmcp';
    if (f === 'msdp' && this.neg.isLocalEnabled(Opt.MSDP)) return 'msdp';
    return undefined;
  }

  msdpActive(): boolean {
    return this.framing() !== undefined;
  }

  msdp(pairs: MsdpPair[]): void {
    const f = this.framing();
    if (f === 'msdp') {
      const payload = encodeMsdp(pairs, this.opts.quirks ? { pairArrayKeys: new Set(['EXITS']) } : {});
      this.send(this.writer.subnegotiation(Opt.MSDP, payload));
      this.counters.msdpFrames++;
    } else if (f === 'gmcp') {
      this.send(this.writer.subnegotiation(Opt.GMCP, gmcpPayload(pairs, this.opts.quirks)));
      this.counters.gmcpFrames++;
    }
  }

  /** Mud98 sends DONT for each DO offer and WONT for each WILL offer, whatever was agreed. */
  quitNegotiation(): void {
    for (const o of offerSequence(this.opts.gmcp)) {
      this.send(this.writer.raw(Uint8Array.of(255, o.verb === 'DO' ? 254 : 252, o.option)));
    }
  }

  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    if (this.writer.compressing) {
      const tail = this.writer.stopCompression();
      if (tail.length && !this.socket.destroyed) this.socket.write(tail);
    }
    this.writer.close();
    this.closeReason = reason;
    this.socket.end();
  }

  /** The socket closed under us (client quit, network). */
  onSocketClosed(): void {
    if (this.opts.staleGmcp && this.neg.isLocalEnabled(Opt.GMCP))
      this.opts.staleGmcp.release(STALE_PER_GMCP_SESSION);
    else if (this.opts.staleGmcp && this.staleGmcp) this.opts.staleGmcp.release(1);
    // A cut MCCP3 stream or a half-sent telnet sequence from the client is counted, like any
    // malformed input; when we closed the connection ourselves the cut is expected.
    const count = (e: ReaderEvent) => {
      if (e.type === 'error') this.counters.malformed++;
    };
    if (this.closed) {
      this.reader.end(count, { localClose: true });
      return;
    }
    this.closed = true;
    this.writer.close();
    this.reader.end(count);
    if (this.session) this.game.linkLost(this.session);
  }
}

const utf8 = new TextEncoder();

/** "MSDP {json}"; tables and arrays become nested JSON (strings only go through the codec's encoder,
 *  which reproduces Mud98's missing closing quote in quirks mode). */
function gmcpPayload(pairs: MsdpPair[], quirks: boolean): Uint8Array {
  if (pairs.every((p) => typeof p.value === 'string')) {
    const vars: Record<string, string> = {};
    for (const p of pairs) vars[p.name] = p.value as string;
    return encodeMsdpOverGmcp(vars, quirks);
  }
  const obj: Record<string, unknown> = {};
  for (const p of pairs) obj[p.name] = p.value;
  let json = JSON.stringify(obj);
  if (quirks && json.endsWith('"}')) json = `${json.slice(0, -2)}}`;
  return utf8.encode(`MSDP ${json}`);
}
