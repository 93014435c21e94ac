// GMCP (telnet option 201) payload codec: "Package.Sub[.Msg] <json>" with the JSON optional.
// Includes Mud98's "MSDP over GMCP": `MSDP {"HEALTH":"13","ROOM_VNUM":"3712}` - note the last value's
// closing quote is missing; decodeGmcp repairs exactly that shape and counts it.
import type { NetwrightError } from '../../errors.ts';
import { Opt } from '../telnet/constants.ts';
import { encodeSubnegotiation } from '../telnet/encoder.ts';
import { mudError } from '../telnet/errors.ts';
import type { MsdpPair, MsdpValue } from './msdp.ts';

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

/** Decode a GMCP payload. Never throws. */
export function decodeGmcp(data: Uint8Array | string): GmcpDecodeResult {
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

function jsonToMsdp(v: unknown): MsdpValue {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(jsonToMsdp);
  if (typeof v === 'object') {
    const t: Record<string, MsdpValue> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>))
      Object.defineProperty(t, k, {
        value: jsonToMsdp(x),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    return t;
  }
  return String(v);
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
