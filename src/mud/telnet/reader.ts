// Inbound pipeline of one connection: optional MCCP inflate in front of the telnet decoder.
//
//   wire bytes ──► [MccpInflater while compression is on] ──► TelnetDecoder ──► sink(event)
//
// Compression starts right after IAC SB <compressedOption> IAC SE (MCCP2 on a client, MCCP3 on a
// server), even in the middle of a chunk, and ends where the zlib stream ends, even mid-chunk; the
// bytes after the end are decoded as plain telnet again.
import type { NetwrightError } from '../../errors.ts';
import type { TelnetDecoderOptions } from './decoder.ts';
import { TelnetDecoder } from './decoder.ts';
import { mudError } from './errors.ts';
import type { TelnetEvent } from './events.ts';
import type { MccpInflaterOptions } from './mccp.ts';
import { MccpInflater } from './mccp.ts';

/** Compression switched on or off in the inbound stream. */
export interface CompressionEvent {
  type: 'compression';
  active: boolean;
}
/** Telnet events plus compression on/off markers. */
export type ReaderEvent = TelnetEvent | CompressionEvent;

/**
 * What to do with corrupt compressed input: 'close' (default) reports ERR_MCCP_CORRUPT and drops all
 * later input (the caller should close the connection); 'plain' reports it and decodes the following
 * bytes as uncompressed telnet (what some clients do).
 */
export type CorruptPolicy = 'close' | 'plain';

/** Decoder limits, inflate limits and the compression trigger of a TelnetReader. */
export interface TelnetReaderOptions extends TelnetDecoderOptions, MccpInflaterOptions {
  /** The SB option that starts inbound compression: 86 (MCCP2) on a client, 87 (MCCP3) on a server. */
  compressedOption?: number;
  /** Called when that SB arrives (after all earlier events were delivered): start inflating? */
  shouldStartCompression?: () => boolean;
  onCorrupt?: CorruptPolicy;
}

/** Counters of the inbound pipeline. */
export interface TelnetReaderStats {
  wireBytes: number;
  compressedBytes: number;
  inflatedBytes: number;
  droppedBytes: number;
  compressionStarts: number;
  compressionEnds: number;
  corrupt: number;
}

/** Inbound half of a connection (client or server): push wire bytes, get events. */
export class TelnetReader {
  readonly decoder: TelnetDecoder;
  readonly stats: TelnetReaderStats = {
    wireBytes: 0,
    compressedBytes: 0,
    inflatedBytes: 0,
    droppedBytes: 0,
    compressionStarts: 0,
    compressionEnds: 0,
    corrupt: 0,
  };
  private readonly options: TelnetReaderOptions;
  private inflater: MccpInflater | undefined;
  private dead = false;
  private readonly events: TelnetEvent[] = [];

  constructor(options: TelnetReaderOptions = {}) {
    this.options = options;
    this.decoder = new TelnetDecoder(options);
  }

  /** Inbound compression is currently on. */
  get compressing(): boolean {
    return this.inflater !== undefined;
  }

  /** Input is being dropped after a fatal MCCP error (policy 'close'). */
  get failed(): boolean {
    return this.dead;
  }

  /**
   * Feed wire bytes; events are delivered synchronously, in stream order, to `sink`. A sink that
   * throws loses the rest of this chunk's events (the exception propagates); the next push is clean.
   */
  push(chunk: Uint8Array, sink: (e: ReaderEvent) => void): void {
    this.stats.wireBytes += chunk.length;
    let data = chunk;
    while (data.length > 0) {
      if (this.dead) {
        this.stats.droppedBytes += data.length;
        return;
      }
      const inflater = this.inflater;
      if (inflater) {
        const r = inflater.push(data);
        const consumed = data.length - (r.rest?.length ?? 0);
        this.stats.compressedBytes += consumed;
        this.stats.inflatedBytes += r.output.length;
        if (r.output.length > 0) this.decodePlain(r.output, sink, false);
        if (r.error) {
          this.onInflateError(r.error, sink);
          if (this.dead) {
            this.stats.droppedBytes += data.length - consumed;
            return;
          }
          return; // 'plain': the rest of this chunk is lost inside the bad stream
        }
        if (r.rest) {
          this.inflater = undefined;
          this.stats.compressionEnds++;
          sink({ type: 'compression', active: false });
          data = r.rest;
          continue;
        }
        return;
      }
      const off = this.decodePlain(data, sink, true);
      if (off < 0) return;
      data = data.subarray(off);
    }
  }

  /**
   * The connection ended: report a compressed stream that never reached its zlib end (the server's
   * text after the cut is lost: ERR_MCCP_CORRUPT) and truncated telnet state; release zlib. With
   * `localClose` (we hung up ourselves) a cut stream is expected and not reported.
   */
  end(sink: (e: ReaderEvent) => void, opts: { localClose?: boolean } = {}): void {
    const inflater = this.inflater;
    if (inflater) {
      this.inflater = undefined;
      const { bytesIn, bytesOut } = inflater.stats;
      const complete = opts.localClose || inflater.streamComplete();
      inflater.close();
      if (!complete && !this.dead) {
        this.stats.corrupt++;
        this.stats.compressionEnds++;
        sink({
          type: 'error',
          error: mudError(
            'ERR_MCCP_CORRUPT',
            `the connection ended inside a compressed stream (${bytesIn} compressed bytes, no zlib end): text after the cut is lost`,
            { truncated: true, compressedBytes: bytesIn, inflatedBytes: bytesOut },
            'the server died or the link dropped mid-stream; a clean MCCP end is IAC SB MCCP2 ... Z_FINISH',
          ),
        });
      }
      if (!this.dead) sink({ type: 'compression', active: false });
    }
    for (const e of this.decoder.end()) sink(e);
  }

  /** Start inflating right now (e.g. a caller that handles the SB itself). */
  startCompression(): void {
    if (!this.inflater) {
      this.inflater = new MccpInflater(this.options);
      this.stats.compressionStarts++;
    }
  }

  // Decode plain bytes. Returns -1 when all consumed, else the offset where compression starts.
  private decodePlain(data: Uint8Array, sink: (e: ReaderEvent) => void, mayStart: boolean): number {
    const events = this.events;
    let stopped = false;
    const opt = this.options.compressedOption;
    const stop =
      mayStart && opt !== undefined
        ? (o: number) => {
            if (o !== opt) return false;
            stopped = true;
            return true;
          }
        : undefined;
    const off = this.decoder.decodeInto(data, 0, events, stop);
    try {
      for (let i = 0; i < events.length; i++) sink(events[i]);
    } finally {
      // A throwing sink must not leave these events to be delivered again by the next push.
      events.length = 0;
    }
    if (!stopped) return -1;
    if (this.options.shouldStartCompression?.() ?? true) {
      this.startCompression();
      sink({ type: 'compression', active: true });
    }
    return off;
  }

  private onInflateError(error: NetwrightError, sink: (e: ReaderEvent) => void): void {
    this.stats.corrupt++;
    this.inflater = undefined;
    const close = (this.options.onCorrupt ?? 'close') === 'close';
    if (close) this.dead = true; // set first: sinks see `failed` while handling the error
    sink({ type: 'error', error });
    if (close) {
      sink({
        type: 'error',
        error: mudError('ERR_MUD_CLOSED', 'input dropped after a compression error (policy close)', {
          cause: error.code,
        }),
      });
    }
    sink({ type: 'compression', active: false });
  }
}
