// MSDP (Mud Server Data Protocol, telnet option 69) payload codec: the bytes between IAC SB MSDP and
// IAC SE. Full value grammar with nesting:
//
//   payload := (VAR name (VAL value)*)*
//   value   := string | TABLE_OPEN (VAR name VAL value)* TABLE_CLOSE | ARRAY_OPEN (VAL value)* ARRAY_CLOSE
//
// Mud98 quirk: ROOM.EXITS is an ARRAY holding VAR/VAL pairs; such an array decodes to a table.
// Several VALs after one VAR decode to an array (the form of "REPORT" with many variables).
import type { NetwrightError } from '../../errors.ts';
import { Opt } from '../telnet/constants.ts';
import { encodeSubnegotiation } from '../telnet/encoder.ts';
import { mudError } from '../telnet/errors.ts';

/** MSDP structure bytes. */
export const MSDP_VAR = 1;
export const MSDP_VAL = 2;
export const MSDP_TABLE_OPEN = 3;
export const MSDP_TABLE_CLOSE = 4;
export const MSDP_ARRAY_OPEN = 5;
export const MSDP_ARRAY_CLOSE = 6;

/** An MSDP value: a string, an array, or a table (plain object). */
export type MsdpValue = string | MsdpValue[] | MsdpTable;
/** A table value: name -> value. */
export interface MsdpTable {
  [name: string]: MsdpValue;
}
/** One top-level VAR and its value. */
export interface MsdpPair {
  name: string;
  value: MsdpValue;
}

/** Decoded pairs plus an error/quirk count. */
export interface MsdpDecodeResult {
  pairs: MsdpPair[];
  /** Set when the payload was malformed; `pairs` holds what could be recovered. */
  error?: NetwrightError;
  /** Count of tolerated deviations (array of pairs, VAR without VAL). */
  quirks: number;
}

/**
 * Deepest table/array nesting decodeMsdp accepts by default (Mud98's deepest value, ROOM.EXITS, is 2
 * levels). Deeper payloads stop decoding with ERR_MSDP_TOO_DEEP; recursion never goes past it.
 */
export const MSDP_MAX_DEPTH = 16;

/** Bounds for decodeMsdp. */
export interface MsdpDecodeOptions {
  /** Deepest table/array nesting accepted (default MSDP_MAX_DEPTH). */
  maxDepth?: number;
}

const utf8 = new TextDecoder('utf-8');
const utf8enc = new TextEncoder();

// Own-property assignment that is safe for a key named "__proto__".
function setKey(t: MsdpTable, k: string, v: MsdpValue): void {
  if (k === '__proto__')
    Object.defineProperty(t, k, { value: v, enumerable: true, writable: true, configurable: true });
  else t[k] = v;
}

function isControl(b: number): boolean {
  return b >= MSDP_VAR && b <= MSDP_ARRAY_CLOSE;
}

class Parser {
  pos = 0;
  quirks = 0;
  error: NetwrightError | undefined;
  readonly data: Uint8Array;
  readonly maxDepth: number;

  constructor(data: Uint8Array, maxDepth: number) {
    this.data = data;
    this.maxDepth = maxDepth;
  }

  fail(message: string): void {
    if (!this.error)
      this.error = mudError('ERR_MSDP_MALFORMED', `MSDP: ${message} at byte ${this.pos}`, {
        offset: this.pos,
        length: this.data.length,
      });
  }

  string(): string {
    const start = this.pos;
    const d = this.data;
    while (this.pos < d.length && !isControl(d[this.pos])) this.pos++;
    return utf8.decode(d.subarray(start, this.pos));
  }

  // After a VAL byte.
  value(depth: number): MsdpValue {
    const b = this.data[this.pos];
    if (b === MSDP_TABLE_OPEN || b === MSDP_ARRAY_OPEN) {
      if (depth >= this.maxDepth) {
        if (!this.error)
          this.error = mudError(
            'ERR_MSDP_TOO_DEEP',
            `MSDP: tables/arrays nested deeper than ${this.maxDepth} at byte ${this.pos}; rest of the frame ignored`,
            { offset: this.pos, length: this.data.length, limitDepth: this.maxDepth },
          );
        this.pos = this.data.length;
        return '';
      }
      this.pos++;
      return b === MSDP_TABLE_OPEN ? this.table(depth + 1) : this.array(depth + 1);
    }
    return this.string();
  }

  // VAR name (VAL value)* ; returns undefined value when no VAL followed.
  pairValue(depth: number): MsdpValue {
    const values: MsdpValue[] = [];
    while (this.pos < this.data.length && this.data[this.pos] === MSDP_VAL) {
      this.pos++;
      values.push(this.value(depth));
      if (this.error) break;
    }
    if (values.length === 0) {
      this.quirks++;
      return '';
    }
    return values.length === 1 ? values[0] : values;
  }

  // Sequence of VAR/VAL pairs until `close` (or the end when close is undefined).
  pairs(depth: number, close: number | undefined, into: (name: string, value: MsdpValue) => void): void {
    const d = this.data;
    while (this.pos < d.length && !this.error) {
      const b = d[this.pos];
      if (close !== undefined && b === close) {
        this.pos++;
        return;
      }
      if (b !== MSDP_VAR) {
        this.fail(`expected VAR, got byte ${b}`);
        return;
      }
      this.pos++;
      const name = this.string();
      into(name, this.pairValue(depth));
    }
    if (close !== undefined && !this.error) this.fail('table/array not closed');
  }

  table(depth: number): MsdpTable {
    const t: MsdpTable = {};
    this.pairs(depth, MSDP_TABLE_CLOSE, (k, v) => setKey(t, k, v));
    return t;
  }

  array(depth: number): MsdpValue[] | MsdpTable {
    const d = this.data;
    const items: MsdpValue[] = [];
    let table: MsdpTable | undefined;
    while (this.pos < d.length && !this.error) {
      const b = d[this.pos];
      if (b === MSDP_ARRAY_CLOSE) {
        this.pos++;
        return table ?? items;
      }
      if (b === MSDP_VAL) {
        this.pos++;
        items.push(this.value(depth));
      } else if (b === MSDP_VAR) {
        // Mud98: an array of VAR/VAL pairs. Read it as a table.
        if (!table) {
          this.quirks++;
          table = {};
        }
        this.pos++;
        const name = this.string();
        setKey(table, name, this.pairValue(depth));
      } else {
        this.fail(`unexpected byte ${b} in array`);
      }
    }
    if (!this.error) this.fail('array not closed');
    return table ?? items;
  }
}

/** Nesting of a decoded value: 0 for a string. Recursion depth <= 2 x the parser's maxDepth. */
function nesting(v: MsdpValue): number {
  if (typeof v === 'string') return 0;
  let deepest = 0;
  for (const x of Array.isArray(v) ? v : Object.values(v)) deepest = Math.max(deepest, nesting(x));
  return deepest + 1;
}

/** Decode an MSDP payload. Never throws; malformed input gives `error` plus what was recovered. */
export function decodeMsdp(data: Uint8Array, options: MsdpDecodeOptions = {}): MsdpDecodeResult {
  const maxDepth = options.maxDepth ?? MSDP_MAX_DEPTH;
  const p = new Parser(data, maxDepth);
  const pairs: MsdpPair[] = [];
  p.pairs(0, undefined, (name, value) => {
    pairs.push({ name, value });
  });
  // The parser bounds the tables/arrays it opens; several VALs after one VAR make an array too, one
  // level the parser cannot see coming. Values nested past the limit that way are dropped here.
  const deep = pairs.findIndex((pair) => nesting(pair.value) > maxDepth);
  if (deep >= 0) {
    const error = mudError(
      'ERR_MSDP_TOO_DEEP',
      `MSDP: ${pairs[deep]?.name} nests deeper than ${maxDepth} levels; it and the rest of the frame ignored`,
      { variable: pairs[deep]?.name, length: data.length, limitDepth: maxDepth },
    );
    return { pairs: pairs.slice(0, deep), error: p.error ?? error, quirks: p.quirks };
  }
  return { pairs, error: p.error, quirks: p.quirks };
}

/** Shape options for encodeMsdp. */
export interface MsdpEncodeOptions {
  /** Table-valued keys to encode Mud98-style as ARRAY of VAR/VAL pairs (e.g. 'EXITS'). */
  pairArrayKeys?: ReadonlySet<string>;
}

function strip(s: string): string {
  // Bytes 1..6 cannot appear inside MSDP strings.
  return s.replace(/[\u0001-\u0006]/g, '');
}

class Writer {
  parts: number[] = [];
  opts: MsdpEncodeOptions;
  constructor(opts: MsdpEncodeOptions) {
    this.opts = opts;
  }
  str(s: string): void {
    for (const b of utf8enc.encode(strip(s))) this.parts.push(b);
  }
  value(v: MsdpValue, key: string): void {
    if (typeof v === 'string') this.str(v);
    else if (Array.isArray(v)) {
      this.parts.push(MSDP_ARRAY_OPEN);
      for (const item of v) {
        this.parts.push(MSDP_VAL);
        this.value(item, '');
      }
      this.parts.push(MSDP_ARRAY_CLOSE);
    } else {
      const asArray = this.opts.pairArrayKeys?.has(key) ?? false;
      this.parts.push(asArray ? MSDP_ARRAY_OPEN : MSDP_TABLE_OPEN);
      for (const [k, item] of Object.entries(v)) this.pair(k, item);
      this.parts.push(asArray ? MSDP_ARRAY_CLOSE : MSDP_TABLE_CLOSE);
    }
  }
  pair(name: string, value: MsdpValue): void {
    this.parts.push(MSDP_VAR);
    this.str(name);
    this.parts.push(MSDP_VAL);
    this.value(value, name);
  }
}

/** Encode pairs (or a record) to an MSDP payload (not yet telnet-framed). */
export function encodeMsdp(
  pairs: readonly MsdpPair[] | Readonly<Record<string, MsdpValue>>,
  options: MsdpEncodeOptions = {},
): Uint8Array {
  const w = new Writer(options);
  const list = Array.isArray(pairs)
    ? (pairs as readonly MsdpPair[])
    : Object.entries(pairs).map(([name, value]) => ({ name, value }));
  for (const { name, value } of list) w.pair(name, value);
  return new Uint8Array(w.parts);
}

/** IAC SB MSDP <payload> IAC SE. */
export function encodeMsdpFrame(
  pairs: readonly MsdpPair[] | Readonly<Record<string, MsdpValue>>,
  options: MsdpEncodeOptions = {},
): Uint8Array {
  return encodeSubnegotiation(Opt.MSDP, encodeMsdp(pairs, options));
}

/** MSDP commands a client sends. */
export type MsdpCommand = 'LIST' | 'REPORT' | 'UNREPORT' | 'SEND' | 'RESET';
/** All client commands, in the order the server lists them. */
export const MSDP_COMMANDS: readonly MsdpCommand[] = ['LIST', 'REPORT', 'UNREPORT', 'SEND', 'RESET'];

/** Payload of a command: VAR <cmd> VAL <arg1> VAL <arg2> ... */
export function encodeMsdpCommand(command: MsdpCommand, args: readonly string[]): Uint8Array {
  const w = new Writer({});
  w.parts.push(MSDP_VAR);
  w.str(command);
  for (const a of args) {
    w.parts.push(MSDP_VAL);
    w.str(a);
  }
  return new Uint8Array(w.parts);
}

/** Server side: the commands in a decoded client payload, args flattened to strings. */
export function parseMsdpCommands(pairs: readonly MsdpPair[]): { command: MsdpCommand; args: string[] }[] {
  const out: { command: MsdpCommand; args: string[] }[] = [];
  for (const { name, value } of pairs) {
    const command = name.toUpperCase() as MsdpCommand;
    if (!MSDP_COMMANDS.includes(command)) continue;
    const args =
      typeof value === 'string' ? [value] : Array.isArray(value) ? value.flat(8) : Object.keys(value);
    out.push({ command, args: args.filter((a): a is string => typeof a === 'string' && a.length > 0) });
  }
  return out;
}

/** Pairs to a record (later VARs win). */
export function msdpRecord(pairs: readonly MsdpPair[]): Record<string, MsdpValue> {
  const r: Record<string, MsdpValue> = {};
  for (const { name, value } of pairs) setKey(r, name, value);
  return r;
}

/** Mud98's ROOM table (VNUM, NAME, AREA, TERRAIN, EXITS) in typed form. */
export interface MsdpRoom {
  vnum: number;
  name: string;
  area: string;
  terrain: string;
  /** Direction letter or name ("N", "north") -> destination vnum. */
  exits: Record<string, number>;
}

/** Read a ROOM value (a table, with EXITS a table or Mud98's array of pairs); undefined if unusable. */
export function msdpRoom(value: MsdpValue | undefined): MsdpRoom | undefined {
  if (value === undefined || typeof value === 'string' || Array.isArray(value)) return undefined;
  const vnum = Number(value.VNUM);
  if (typeof value.VNUM !== 'string' || !Number.isFinite(vnum)) return undefined;
  const str = (v: MsdpValue | undefined) => (typeof v === 'string' ? v : '');
  const exits: Record<string, number> = {};
  const ex = value.EXITS;
  if (ex !== undefined && typeof ex !== 'string' && !Array.isArray(ex)) {
    for (const [dir, to] of Object.entries(ex)) {
      const n = Number(to);
      if (typeof to === 'string' && to !== '' && Number.isFinite(n)) exits[dir] = n;
    }
  }
  return { vnum, name: str(value.NAME), area: str(value.AREA), terrain: str(value.TERRAIN), exits };
}
