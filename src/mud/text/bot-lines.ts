// PLR_BOT structured lines: `[BOT:<KIND>|key=value|key=value...]`, printed instead of the room
// description for characters with the bot flag. Field order as the real server prints them:
//   ROOM vnum flags sector | EXIT dir vnum flags | MOB name vnum level flags hp align
//   OBJ name vnum type flags wear
// Flag lists are space-separated; "(none)" means empty.
import type { NetwrightError } from '../../errors.ts';
import { mudError } from '../telnet/errors.ts';

/** [BOT:ROOM|...]: the room the character is in. */
export interface BotRoom {
  kind: 'room';
  vnum: number;
  flags: string[];
  sector: string;
}
/** [BOT:EXIT|...]: one exit; flags like 'door closed'. */
export interface BotExit {
  kind: 'exit';
  dir: string;
  vnum: number;
  flags: string[];
}
/** [BOT:MOB|...]: a mobile in the room. */
export interface BotMob {
  kind: 'mob';
  name: string;
  vnum: number;
  level: number;
  flags: string[];
  /** Health in percent (the "hp=100%" field). */
  hpPercent: number;
  align: number;
}
/** [BOT:OBJ|...]: an object on the floor. */
export interface BotObj {
  kind: 'obj';
  name: string;
  vnum: number;
  type: string;
  flags: string[];
  wear: string[];
}
/** A BOT line of a kind this parser does not know, kept raw. */
export interface BotOther {
  kind: 'other';
  tag: string;
  fields: Record<string, string>;
}
/** Any parsed BOT line. */
export type BotLine = BotRoom | BotExit | BotMob | BotObj | BotOther;

const TAG_RE = /^[A-Z_]+$/;

function flagList(v: string | undefined): string[] {
  if (v === undefined || v === '' || v === '(none)') return [];
  return v.split(/\s+/).filter(Boolean);
}

/** True when the line looks like a BOT line at all (starts with "[BOT:"). */
export function isBotLine(line: string): boolean {
  return line.startsWith('[BOT:');
}

/**
 * Parse one line. Returns undefined for ordinary text, `{ error }` for a "[BOT:" line that does not
 * parse (ERR_BOT_LINE_MALFORMED), else the typed line.
 */
export function parseBotLine(line: string): BotLine | { error: NetwrightError } | undefined {
  if (!isBotLine(line)) return undefined;
  const bad = (why: string) => ({
    error: mudError('ERR_BOT_LINE_MALFORMED', `BOT line ${why}: ${line.slice(0, 120)}`, {
      line: line.slice(0, 500),
    }),
  });
  const body = line.trimEnd();
  if (!body.endsWith(']') || body.indexOf(']') !== body.length - 1)
    return bad('does not match [BOT:KIND|k=v...]');
  const parts = body.slice(5, -1).split('|');
  const tag = parts[0];
  if (!TAG_RE.test(tag)) return bad('does not match [BOT:KIND|k=v...]');
  const fields: Record<string, string> = {};
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i];
    const eq = part.indexOf('=');
    if (eq <= 0) return bad(`has a field without key=value (${part})`);
    fields[part.slice(0, eq)] = part.slice(eq + 1);
  }
  const num = (k: string): number | undefined => {
    const v = fields[k];
    if (v === undefined || v.trim() === '') return undefined;
    const n = Number(v.endsWith('%') ? v.slice(0, -1) : v);
    return Number.isFinite(n) ? n : undefined;
  };
  const need = (...keys: string[]) => keys.find((k) => fields[k] === undefined);
  switch (tag) {
    case 'ROOM': {
      const vnum = num('vnum');
      if (vnum === undefined) return bad('has no numeric vnum');
      return { kind: 'room', vnum, flags: flagList(fields.flags), sector: fields.sector ?? '' };
    }
    case 'EXIT': {
      const vnum = num('vnum');
      if (vnum === undefined || need('dir')) return bad('needs dir and vnum');
      return { kind: 'exit', dir: fields.dir, vnum, flags: flagList(fields.flags) };
    }
    case 'MOB': {
      const vnum = num('vnum');
      if (vnum === undefined || need('name')) return bad('needs name and vnum');
      return {
        kind: 'mob',
        name: fields.name,
        vnum,
        level: num('level') ?? 0,
        flags: flagList(fields.flags),
        hpPercent: num('hp') ?? 100,
        align: num('align') ?? 0,
      };
    }
    case 'OBJ': {
      const vnum = num('vnum');
      if (vnum === undefined || need('name')) return bad('needs name and vnum');
      return {
        kind: 'obj',
        name: fields.name,
        vnum,
        type: fields.type ?? '',
        flags: flagList(fields.flags),
        wear: flagList(fields.wear),
      };
    }
    default:
      return { kind: 'other', tag, fields };
  }
}

const flags = (f: readonly string[]) => (f.length === 0 ? '(none)' : f.join(' '));

/** Format a BOT line exactly as the real server prints it (for the fixture MUD). */
export function formatBotLine(line: BotLine): string {
  switch (line.kind) {
    case 'room':
      return `[BOT:ROOM|vnum=${line.vnum}|flags=${flags(line.flags)}|sector=${line.sector}]`;
    case 'exit':
      return `[BOT:EXIT|dir=${line.dir}|vnum=${line.vnum}|flags=${flags(line.flags)}]`;
    case 'mob':
      return `[BOT:MOB|name=${line.name}|vnum=${line.vnum}|level=${line.level}|flags=${flags(line.flags)}|hp=${line.hpPercent}%|align=${line.align}]`;
    case 'obj':
      return `[BOT:OBJ|name=${line.name}|vnum=${line.vnum}|type=${line.type}|flags=${flags(line.flags)}|wear=${flags(line.wear)}]`;
    case 'other':
      return `[BOT:${line.tag}${Object.entries(line.fields)
        .map(([k, v]) => `|${k}=${v}`)
        .join('')}]`;
  }
}
