// Payload codecs of the small telnet options: NAWS, TTYPE with MTTS, CHARSET (RFC 2066).
import {
  CHARSET_ACCEPTED,
  CHARSET_REJECTED,
  CHARSET_REQUEST,
  Opt,
  TTYPE_IS,
  TTYPE_SEND,
} from './constants.ts';
import { encodeSubnegotiation } from './encoder.ts';

const latin1 = new TextDecoder('latin1');

/** IAC SB NAWS <width16> <height16> IAC SE (values clamped to 0..65535, IAC escaped). */
export function encodeNaws(width: number, height: number): Uint8Array {
  const w = Math.max(0, Math.min(65535, Math.trunc(width)));
  const h = Math.max(0, Math.min(65535, Math.trunc(height)));
  return encodeSubnegotiation(Opt.NAWS, new Uint8Array([w >> 8, w & 255, h >> 8, h & 255]));
}

/** NAWS payload (4 bytes) to a size; undefined when malformed. */
export function decodeNaws(data: Uint8Array): { width: number; height: number } | undefined {
  if (data.length !== 4) return undefined;
  return { width: (data[0] << 8) | data[1], height: (data[2] << 8) | data[3] };
}

/** MTTS capability bits (https://tintin.mudhalla.net/protocols/mtts/). */
export const Mtts = {
  ANSI: 1,
  VT100: 2,
  UTF8: 4,
  COLORS_256: 8,
  MOUSE: 16,
  OSC_COLOR: 32,
  SCREEN_READER: 64,
  PROXY: 128,
  TRUECOLOR: 256,
  MNES: 512,
  MSLP: 1024,
  SSL: 2048,
} as const;

/** IAC SB TTYPE SEND IAC SE (server asks). */
export function encodeTtypeSend(): Uint8Array {
  return encodeSubnegotiation(Opt.TTYPE, new Uint8Array([TTYPE_SEND]));
}

/** IAC SB TTYPE IS <name> IAC SE (client answers). */
export function encodeTtypeIs(name: string): Uint8Array {
  const bytes = new TextEncoder().encode(name);
  const payload = new Uint8Array(bytes.length + 1);
  payload[0] = TTYPE_IS;
  payload.set(bytes, 1);
  return encodeSubnegotiation(Opt.TTYPE, payload);
}

/** Parse a TTYPE payload: SEND, or IS <name>. */
export function decodeTtype(data: Uint8Array): { kind: 'send' } | { kind: 'is'; name: string } | undefined {
  if (data.length === 1 && data[0] === TTYPE_SEND) return { kind: 'send' };
  if (data.length >= 1 && data[0] === TTYPE_IS) return { kind: 'is', name: latin1.decode(data.subarray(1)) };
  return undefined;
}

/**
 * The client side of the MTTS cycle: each SEND gets the next of [client name, terminal type,
 * "MTTS <bits>"], then the last one repeats (which tells the server the list is complete).
 */
export class MttsResponder {
  private readonly names: string[];
  private index = 0;

  constructor(opts: { clientName?: string; terminalType?: string; mtts?: number } = {}) {
    const bits = opts.mtts ?? Mtts.ANSI | Mtts.VT100 | Mtts.UTF8 | Mtts.COLORS_256 | Mtts.TRUECOLOR;
    this.names = [
      (opts.clientName ?? 'NETWRIGHT').toUpperCase(),
      (opts.terminalType ?? 'XTERM-256COLOR').toUpperCase(),
      `MTTS ${bits}`,
    ];
  }

  /** The reply to the next SEND. */
  next(): Uint8Array {
    const name = this.names[Math.min(this.index, this.names.length - 1)];
    this.index++;
    return encodeTtypeIs(name);
  }

  /** Restart the cycle (after WONT/DONT TTYPE). */
  reset(): void {
    this.index = 0;
  }
}

/** Parse an MTTS answer ("MTTS 137") to its bits, else undefined. */
export function parseMtts(name: string): number | undefined {
  const m = /^MTTS (\d+)$/.exec(name);
  return m ? Number(m[1]) : undefined;
}

/** IAC SB CHARSET REQUEST <sep><cs1><sep><cs2>... IAC SE. */
export function encodeCharsetRequest(charsets: readonly string[], sep = ' '): Uint8Array {
  const body = new TextEncoder().encode(sep + charsets.join(sep));
  const payload = new Uint8Array(body.length + 1);
  payload[0] = CHARSET_REQUEST;
  payload.set(body, 1);
  return encodeSubnegotiation(Opt.CHARSET, payload);
}

/** CHARSET payload: a REQUEST (list of names), ACCEPTED <name> or REJECTED. */
export function decodeCharset(
  data: Uint8Array,
):
  | { kind: 'request'; charsets: string[] }
  | { kind: 'accepted'; charset: string }
  | { kind: 'rejected' }
  | undefined {
  if (data.length === 0) return undefined;
  const rest = latin1.decode(data.subarray(1));
  switch (data[0]) {
    case CHARSET_REQUEST: {
      // Optional "[TTABLE]" version byte prefix is not supported; first byte is the separator.
      if (rest.length < 2) return { kind: 'request', charsets: [] };
      const sep = rest[0];
      return {
        kind: 'request',
        charsets: rest
          .slice(1)
          .split(sep)
          .filter((s) => s.length > 0),
      };
    }
    case CHARSET_ACCEPTED:
      return { kind: 'accepted', charset: rest };
    case CHARSET_REJECTED:
      return { kind: 'rejected' };
    default:
      return undefined;
  }
}

/** The client's answer to a CHARSET REQUEST: ACCEPTED <first of `wanted` offered> or REJECTED. */
export function answerCharsetRequest(
  offered: readonly string[],
  wanted: readonly string[] = ['UTF-8'],
): Uint8Array {
  const pick = wanted.find((w) => offered.some((o) => o.toUpperCase() === w.toUpperCase()));
  if (!pick) return encodeSubnegotiation(Opt.CHARSET, new Uint8Array([CHARSET_REJECTED]));
  const name = new TextEncoder().encode(pick);
  const payload = new Uint8Array(name.length + 1);
  payload[0] = CHARSET_ACCEPTED;
  payload.set(name, 1);
  return encodeSubnegotiation(Opt.CHARSET, payload);
}
