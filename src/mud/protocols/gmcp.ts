// GMCP (telnet option 201) payload codec: "Package.Sub[.Msg] <json>" with the JSON optional.
// Includes Mud98's "MSDP over GMCP": `MSDP {"HEALTH":"13","ROOM_VNUM":"3712}` - note the last value's
// closing quote is missing; decodeGmcp repairs exactly that shape and counts it.
import type { NetwrightError } from '../../errors.ts';
import { Opt } from '../telnet/constants.ts';
import { encodeSubnegotiation } from '../telnet/encoder.ts';
import { mudError } from '../telnet/errors.ts';
import { MSDP_MAX_DEPTH, type MsdpPair, type MsdpValue } from './msdp.ts';

/** One decoded GMCP message. */
export interface GmcpMessage {
  /** Full name as sent ("Char.Vitals", "MSDP"). */
  name: string;
  /** Parsed JSON; undefined when there was none. */
  data?: unknown;
  /** The JSON text as received. */
  json?: string;
  /** True when the JSON needed the Mud98 missing-quote repair. */
  repaired?: boolean;
}

/** A message, or a coded error (ERR_GMCP_MALFORMED). */
export interface GmcpDecodeResult {
  message?: GmcpMessage;
  error?: NetwrightError;
}

const utf8 = new TextDecoder('utf-8');

/**
 * Deepest JSON nesting (objects and arrays) a GMCP payload may have by default; deeper ones are
 * refused with ERR_GMCP_TOO_DEEP before parsing. Real packages nest 2-4 levels; Mud98's "MSDP {...}"
 * carries MSDP values, so it gets MSDP's own limit.
 */
export const GMCP_MAX_DEPTH = 32;

/** Bounds for decodeGmcp. */
export interface GmcpDecodeOptions {
  /** Deepest JSON nesting accepted (default GMCP_MAX_DEPTH; MSDP_MAX_DEPTH + 1 for "MSDP {...}"). */
  maxDepth?: number;
}

/** Nesting depth of JSON text (brackets outside strings), counting no further than `limit` + 1. */
export function jsonDepth(json: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

/** Try Mud98's broken JSON: one closing quote missing before the final "}". */
export function repairMud98Json(json: string): string | undefined {
  const t = json.trimEnd();
  if (!t.endsWith('}')) return undefined;
  let quotes = 0;
  for (let i = 0; i < t.length; i++) {
    if (t[i] === '\\') i++;
    else if (t[i] === '"') quotes++;
  }
  if (quotes % 2 === 0) return undefined;
  return `${t.slice(0, -1)}"}`;
}

/** Decode a GMCP payload. Never throws; nesting past the depth limit is ERR_GMCP_TOO_DEEP. */
export function decodeGmcp(data: Uint8Array | string, options: GmcpDecodeOptions = {}): GmcpDecodeResult {
  const text = typeof data === 'string' ? data : utf8.decode(data);
  const sp = text.search(/\s/);
  const name = sp < 0 ? text : text.slice(0, sp);
  if (!/^[A-Za-z_][\w-]*(\.[\w-]+)*$/.test(name)) {
    return {
      error: mudError('ERR_GMCP_MALFORMED', `GMCP: bad package name ${JSON.stringify(name.slice(0, 64))}`, {
        payload: text.slice(0, 200),
      }),
    };
  }
  const json = sp < 0 ? '' : text.slice(sp + 1).trim();
  if (json === '') return { message: { name } };
  // "MSDP {...}" carries MSDP values: one level for the variable table, then MSDP's own limit.
  const limit = options.maxDepth ?? (name.toUpperCase() === 'MSDP' ? MSDP_MAX_DEPTH + 1 : GMCP_MAX_DEPTH);
  const depth = jsonDepth(json, limit);
  if (depth > limit) {
    return {
      error: mudError(
        'ERR_GMCP_TOO_DEEP',
        `GMCP ${name}: JSON nested deeper than ${limit} levels; message ignored`,
        { name, limitDepth: limit, bytes: json.length },
        'a server sending this is broken or hostile; raise maxDepth only for a known deep package',
      ),
    };
  }
  try {
    return { message: { name, data: JSON.parse(json), json } };
  } catch (err) {
    const fixed = repairMud98Json(json);
    if (fixed !== undefined) {
      try {
        return { message: { name, data: JSON.parse(fixed), json, repaired: true } };
      } catch {
        // fall through
      }
    }
    return {
      error: mudError('ERR_GMCP_MALFORMED', `GMCP ${name}: invalid JSON (${(err as Error).message})`, {
        name,
        json: json.slice(0, 200),
      }),
    };
  }
}

/** "Package.Sub <json>" payload bytes (not framed). */
export function encodeGmcp(name: string, data?: unknown): Uint8Array {
  return new TextEncoder().encode(data === undefined ? name : `${name} ${JSON.stringify(data)}`);
}

/** IAC SB GMCP <payload> IAC SE. */
export function encodeGmcpFrame(name: string, data?: unknown): Uint8Array {
  return encodeSubnegotiation(Opt.GMCP, encodeGmcp(name, data));
}

// JSON value -> MSDP value. Recursion is bounded: below MSDP_MAX_DEPTH levels a value becomes ''
// (decodeGmcp already refuses deeper payloads; this guards messages built elsewhere).
function jsonToMsdp(v: unknown, depth = 0): MsdpValue {
  if (v === null || v === undefined) return '';
  if (typeof v !== 'object') return String(v);
  if (depth >= MSDP_MAX_DEPTH) return '';
  if (Array.isArray(v)) return v.map((x) => jsonToMsdp(x, depth + 1));
  const t: Record<string, MsdpValue> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>))
    Object.defineProperty(t, k, {
      value: jsonToMsdp(x, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return t;
}

/** If `msg` is Mud98's "MSDP {...}", its variables as MSDP pairs; otherwise undefined. */
export function msdpFromGmcp(msg: GmcpMessage): MsdpPair[] | undefined {
  if (msg.name.toUpperCase() !== 'MSDP' || typeof msg.data !== 'object' || msg.data === null)
    return undefined;
  return Object.entries(msg.data as Record<string, unknown>).map(([name, value]) => ({
    name,
    value: jsonToMsdp(value),
  }));
}

/**
 * Mud98-shaped MSDP-over-GMCP payload from string variables. With `mud98Quirk` the closing quote of
 * the last value is dropped exactly as the real server does.
 */
export function encodeMsdpOverGmcp(vars: Readonly<Record<string, string>>, mud98Quirk = false): Uint8Array {
  let json = JSON.stringify(vars);
  if (mud98Quirk && json.endsWith('"}')) json = `${json.slice(0, -2)}}`;
  return new TextEncoder().encode(`MSDP ${json}`);
}
