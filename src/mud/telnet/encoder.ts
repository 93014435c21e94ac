// Telnet encoder: IAC escaping, commands, negotiation and subnegotiation frames, text lines.
import type { NegotiationVerb } from './constants.ts';
import { CR, EOR_CMD, GA, IAC, LF, NUL, SB, SE, VERB_BYTE } from './constants.ts';

const utf8 = new TextEncoder();

/** Double every IAC (255) byte. Returns the input itself when it holds none. */
export function escapeIac(data: Uint8Array): Uint8Array {
  let count = 0;
  for (let i = 0; i < data.length; i++) if (data[i] === IAC) count++;
  if (count === 0) return data;
  const out = new Uint8Array(data.length + count);
  let j = 0;
  for (let i = 0; i < data.length; i++) {
    const b = data[i];
    out[j++] = b;
    if (b === IAC) out[j++] = IAC;
  }
  return out;
}

/** IAC <verb> <option>. */
export function encodeNegotiation(verb: NegotiationVerb, option: number): Uint8Array {
  return new Uint8Array([IAC, VERB_BYTE[verb], option]);
}

/** IAC <command> (NOP, GA, EOR, AYT...). */
export function encodeCommand(command: number): Uint8Array {
  return new Uint8Array([IAC, command]);
}

/** IAC GA or IAC EOR after a prompt. */
export function encodePromptMark(mark: 'GA' | 'EOR'): Uint8Array {
  return encodeCommand(mark === 'GA' ? GA : EOR_CMD);
}

/** IAC SB <option> <payload, IAC-escaped> IAC SE. */
export function encodeSubnegotiation(
  option: number,
  payload: Uint8Array | string = new Uint8Array(0),
): Uint8Array {
  const raw = typeof payload === 'string' ? utf8.encode(payload) : payload;
  const body = escapeIac(raw);
  const out = new Uint8Array(body.length + 5);
  out[0] = IAC;
  out[1] = SB;
  out[2] = option;
  out.set(body, 3);
  out[body.length + 3] = IAC;
  out[body.length + 4] = SE;
  return out;
}

/** How encodeText writes line endings. */
export interface EncodeTextOptions {
  /** Line ending written for each "\n": 'crlf' (client default), 'lfcr' (what Mud98 sends), 'lf'. */
  newline?: 'crlf' | 'lfcr' | 'lf';
}

/**
 * Text to wire bytes: UTF-8, "\n" becomes the chosen line ending, a bare "\r" becomes CR NUL (NVT),
 * IAC doubled.
 */
export function encodeText(text: string, options: EncodeTextOptions = {}): Uint8Array {
  const nl = options.newline ?? 'crlf';
  const raw = utf8.encode(text);
  let extra = 0;
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i];
    if (b === IAC || b === CR || (b === LF && nl !== 'lf')) extra++;
  }
  if (extra === 0) return raw;
  const out = new Uint8Array(raw.length + extra);
  let j = 0;
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i];
    if (b === LF) {
      if (nl === 'crlf') {
        out[j++] = CR;
        out[j++] = LF;
      } else if (nl === 'lfcr') {
        out[j++] = LF;
        out[j++] = CR;
      } else out[j++] = LF;
    } else if (b === CR) {
      out[j++] = CR;
      out[j++] = NUL;
    } else if (b === IAC) {
      out[j++] = IAC;
      out[j++] = IAC;
    } else out[j++] = b;
  }
  return out.subarray(0, j);
}

/** Concatenate byte arrays. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}
