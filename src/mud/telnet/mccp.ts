// MCCP (v2 server->client, v3 client->server) zlib streams, synchronous and chunk-exact.
//
// What node:zlib offers (measured on Node 24): createInflate() streams but delivers output
// asynchronously; inflateSync() is one-shot (no state across chunks); Inflate#_processChunk(chunk,
// flush) without a callback is synchronous but closes the engine after one call (the second call
// fails with "Cannot read properties of null"). So both classes drive the zlib handle of a
// zlib.Inflate/Deflate directly with handle.writeSync() - the call inflateSync itself makes. That keeps the codec a pure, synchronous state machine: compressed bytes in,
// plain bytes out, in the same call; a stream that ends mid-chunk hands back the bytes after its end.
import zlib from 'node:zlib';
import type { NetwrightError } from '../../errors.ts';
import { mudError } from './errors.ts';

interface ZlibHandle {
  writeSync(
    flush: number,
    input: Uint8Array,
    inOff: number,
    inLen: number,
    out: Uint8Array,
    outOff: number,
    outLen: number,
  ): void;
  onerror: (message: string, errno: number) => void;
}

interface ZlibInternals {
  _handle: ZlibHandle | null;
  _writeState: Uint32Array;
  close(): void;
}

function internals(z: zlib.Inflate | zlib.Deflate): ZlibInternals {
  const zi = z as unknown as ZlibInternals;
  if (!zi._handle || typeof zi._handle.writeSync !== 'function' || !(zi._writeState instanceof Uint32Array)) {
    throw mudError(
      'ERR_MCCP_UNSUPPORTED',
      `this Node.js (${process.version}) does not expose zlib handles for synchronous streaming`,
      {},
      'run on Node.js 22+ or disable MCCP in the session options',
    );
  }
  // Errors are reported synchronously through onerror; take them over so the stream is not destroyed
  // asynchronously (which would emit an unhandled 'error').
  z.on('error', () => {});
  return zi;
}

// One scratch output buffer for every stream: all work is synchronous and results are copied out, so
// thousands of connections do not each hold 64 KiB.
const SHARED_SCRATCH = new Uint8Array(64 * 1024);

const Z_SYNC_FLUSH = zlib.constants.Z_SYNC_FLUSH;
const Z_FINISH = zlib.constants.Z_FINISH;
const EMPTY = new Uint8Array(0);

/** Result of feeding compressed bytes. */
export interface InflateResult {
  /** Decompressed bytes (possibly empty). */
  output: Uint8Array;
  /** Set when the zlib stream ended inside this input: the bytes after the end (plain telnet). */
  rest?: Uint8Array;
  /** Set when the input was corrupt or the output limit was hit; the inflater is then dead. */
  error?: NetwrightError;
}

/** Bounds of an MccpInflater (zip-bomb lids; crossing one is ERR_MCCP_OUTPUT_LIMIT, the stream dies). */
export interface MccpInflaterOptions {
  /** Most decompressed bytes one `push` may produce. Default 8 MiB. */
  maxOutputBytesPerPush?: number;
  /** Most decompressed bytes over the whole stream. Default 1 GiB (hours of MUD text). */
  maxTotalOutputBytes?: number;
  /**
   * Most decompressed bytes per compressed byte over the whole stream, checked once the output
   * passes `ratioGraceBytes`. MUD text deflates 3-15:1; a run of NULs 1,000:1. Default 100.
   */
  maxExpansionRatio?: number;
  /** Output below which the ratio is not checked (a short, very repetitive burst is fine). Default 1 MiB. */
  ratioGraceBytes?: number;
}

/** Defaults of MccpInflaterOptions. */
export const MCCP_LIMITS = {
  maxOutputBytesPerPush: 8 * 1024 * 1024,
  maxTotalOutputBytes: 1024 * 1024 * 1024,
  maxExpansionRatio: 100,
  ratioGraceBytes: 1024 * 1024,
} as const;

/** Streaming zlib inflater for MCCP. */
export class MccpInflater {
  readonly maxOutputBytesPerPush: number;
  readonly maxTotalOutputBytes: number;
  readonly maxExpansionRatio: number;
  readonly ratioGraceBytes: number;
  /** Compressed bytes consumed and decompressed bytes produced. */
  readonly stats = { bytesIn: 0, bytesOut: 0 };
  private readonly z: zlib.Inflate;
  private readonly zi: ZlibInternals;
  private readonly scratch = SHARED_SCRATCH;
  private zerr: { message: string; errno: number } | undefined;
  private finished = false;
  private dead = false;

  constructor(options: MccpInflaterOptions = {}) {
    this.maxOutputBytesPerPush = options.maxOutputBytesPerPush ?? MCCP_LIMITS.maxOutputBytesPerPush;
    this.maxTotalOutputBytes = options.maxTotalOutputBytes ?? MCCP_LIMITS.maxTotalOutputBytes;
    this.maxExpansionRatio = options.maxExpansionRatio ?? MCCP_LIMITS.maxExpansionRatio;
    this.ratioGraceBytes = options.ratioGraceBytes ?? MCCP_LIMITS.ratioGraceBytes;
    this.z = zlib.createInflate();
    this.zi = internals(this.z);
    this.zi._handle!.onerror = (message, errno) => {
      this.zerr = { message, errno };
    };
  }

  /** True once the zlib stream has ended (Z_STREAM_END) or failed. */
  get ended(): boolean {
    return this.finished || this.dead;
  }

  /** Decompress `input`. */
  push(input: Uint8Array): InflateResult {
    if (this.dead)
      return { output: new Uint8Array(0), error: mudError('ERR_MCCP_CORRUPT', 'inflater already failed') };
    if (this.finished) return { output: new Uint8Array(0), rest: input };
    const handle = this.zi._handle!;
    const state = this.zi._writeState;
    const parts: Uint8Array[] = [];
    let total = 0;
    let inOff = 0;
    let inLen = input.length;
    while (true) {
      const outLen = this.scratch.length;
      handle.writeSync(Z_SYNC_FLUSH, input, inOff, inLen, this.scratch, 0, outLen);
      if (this.zerr) {
        const e = this.zerr;
        this.fail();
        return {
          output: concat(parts, total),
          error: mudError(
            'ERR_MCCP_CORRUPT',
            `compressed stream is corrupt: ${e.message}`,
            { errno: e.errno, offset: this.stats.bytesIn + inOff },
            'the server sent bad zlib data; reconnect, or refuse MCCP2 for this server',
          ),
        };
      }
      const availOut = state[0];
      const availIn = state[1];
      const consumed = inLen - availIn;
      const produced = outLen - availOut;
      this.stats.bytesIn += consumed;
      if (produced > 0) {
        total += produced;
        this.stats.bytesOut += produced;
        const over = this.overLimit(total);
        if (over) {
          this.fail();
          return {
            output: concat(parts, total - produced),
            error: mudError(
              'ERR_MCCP_OUTPUT_LIMIT',
              `compressed input ${over.what} (zip bomb?)`,
              over.details,
            ),
          };
        }
        parts.push(this.scratch.slice(0, produced));
      }
      inOff += consumed;
      inLen = availIn;
      if (availOut === 0) continue; // output full: more may be pending
      if (inLen > 0) {
        // Output space left and input left: zlib stopped at the end of the stream.
        this.finish();
        return { output: concat(parts, total), rest: input.subarray(inOff) };
      }
      return { output: concat(parts, total) };
    }
  }

  /** Release the zlib handle. */
  close(): void {
    if (!this.dead && !this.finished) this.finish();
  }

  /**
   * True when the zlib stream reached its end, even exactly at the end of the last push (zlib
   * then only says so when asked again). Probes with Z_FINISH and no input: only call it when the
   * input is over (connection closed).
   */
  streamComplete(): boolean {
    if (this.finished) return true;
    if (this.dead) return false;
    this.zi._handle!.writeSync(Z_FINISH, EMPTY, 0, 0, this.scratch, 0, this.scratch.length);
    const complete = this.zerr === undefined; // "unexpected end of file" when the stream is cut
    this.zerr = undefined;
    return complete;
  }

  // Which lid `pushTotal` more output bytes cross, if any (stats already counted).
  private overLimit(pushTotal: number): { what: string; details: Record<string, number> } | undefined {
    const { bytesIn, bytesOut } = this.stats;
    if (pushTotal > this.maxOutputBytesPerPush)
      return {
        what: `expands past ${this.maxOutputBytesPerPush} bytes in one read`,
        details: { limitBytes: this.maxOutputBytesPerPush, bytesIn, bytesOut },
      };
    if (bytesOut > this.maxTotalOutputBytes)
      return {
        what: `expands past ${this.maxTotalOutputBytes} bytes over the stream`,
        details: { limitTotalBytes: this.maxTotalOutputBytes, bytesIn, bytesOut },
      };
    if (bytesOut > this.ratioGraceBytes && bytesOut > this.maxExpansionRatio * Math.max(1, bytesIn))
      return {
        what: `expands ${Math.round(bytesOut / Math.max(1, bytesIn))}:1, past the ${this.maxExpansionRatio}:1 limit`,
        details: { limitRatio: this.maxExpansionRatio, bytesIn, bytesOut },
      };
    return undefined;
  }

  private finish(): void {
    this.finished = true;
    this.zi.close();
  }

  private fail(): void {
    this.dead = true;
    this.zi.close();
  }
}

/**
 * zlib deflate settings. Memory per stream is about 2^(windowBits+2) + 2^(memLevel+9) bytes: 256 KiB
 * with the defaults (15, 8), 32 KiB with (12, 5) - worth it for a server holding thousands of clients.
 */
export interface MccpDeflaterOptions {
  /** 0-9, default 6. */
  level?: number;
  /** 9-15, default 15. */
  windowBits?: number;
  /** 1-9, default 8. */
  memLevel?: number;
}

/** Streaming zlib deflater for MCCP (server side of MCCP2, client side of MCCP3). */
export class MccpDeflater {
  readonly stats = { bytesIn: 0, bytesOut: 0 };
  private readonly z: zlib.Deflate;
  private readonly zi: ZlibInternals;
  private readonly scratch = SHARED_SCRATCH;
  private zerr: string | undefined;
  private done = false;

  constructor(options: MccpDeflaterOptions = {}) {
    this.z = zlib.createDeflate({
      level: options.level ?? 6,
      windowBits: options.windowBits ?? 15,
      memLevel: options.memLevel ?? 8,
    });
    this.zi = internals(this.z);
    this.zi._handle!.onerror = (message) => {
      this.zerr = message;
    };
  }

  /** Compress `input` and flush (Z_SYNC_FLUSH) so the peer can decode everything sent so far. */
  compress(input: Uint8Array): Uint8Array {
    return this.run(input, Z_SYNC_FLUSH);
  }

  /** End the zlib stream (Z_FINISH); bytes written after this go uncompressed. */
  finish(): Uint8Array {
    if (this.done) return new Uint8Array(0);
    const out = this.run(new Uint8Array(0), Z_FINISH);
    this.done = true;
    this.zi.close();
    return out;
  }

  /** Release without ending the stream (connection closed). */
  close(): void {
    if (!this.done) {
      this.done = true;
      this.zi.close();
    }
  }

  private run(input: Uint8Array, flush: number): Uint8Array {
    if (this.done) throw mudError('ERR_MCCP_CORRUPT', 'deflater already finished');
    const handle = this.zi._handle!;
    const state = this.zi._writeState;
    const parts: Uint8Array[] = [];
    let total = 0;
    let inOff = 0;
    let inLen = input.length;
    this.stats.bytesIn += inLen;
    while (true) {
      handle.writeSync(flush, input, inOff, inLen, this.scratch, 0, this.scratch.length);
      if (this.zerr) throw mudError('ERR_MCCP_CORRUPT', `deflate failed: ${this.zerr}`);
      const availOut = state[0];
      const availIn = state[1];
      const produced = this.scratch.length - availOut;
      if (produced > 0) {
        parts.push(this.scratch.slice(0, produced));
        total += produced;
      }
      inOff += inLen - availIn;
      inLen = availIn;
      if (availOut !== 0) break;
    }
    this.stats.bytesOut += total;
    return concat(parts, total);
  }
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}
