// MSDP variables of Mud98 (src/mth/msdp.c) plus the bot extensions, computed from a character.

import type { MsdpTable, MsdpValue } from '../../../src/mud/protocols/msdp.ts';
import type { Char } from '../world/entities.ts';
import { DIR_SHORT, DIRECTIONS } from '../world/types.ts';

export type { MsdpValue };

export const SENDABLE = [
  'ALIGNMENT',
  'EXPERIENCE',
  'EXPERIENCE_MAX',
  'HEALTH',
  'HEALTH_MAX',
  'IN_COMBAT',
  'LEVEL',
  'MANA',
  'MANA_MAX',
  'MONEY',
  'MOVEMENT',
  'MOVEMENT_MAX',
  'OPPONENT_HEALTH',
  'OPPONENT_HEALTH_MAX',
  'OPPONENT_LEVEL',
  'OPPONENT_NAME',
  'POSITION',
  'ROOM_EXITS',
  'ROOM_VNUM',
  'SPECIFICATION',
];
export const REPORTABLE = [
  'ALIGNMENT',
  'ARACHNOS_DEVEL',
  'EXPERIENCE',
  'EXPERIENCE_MAX',
  'HEALTH',
  'HEALTH_MAX',
  'IN_COMBAT',
  'LEVEL',
  'MANA',
  'MANA_MAX',
  'MONEY',
  'MOVEMENT',
  'MOVEMENT_MAX',
  'OPPONENT_HEALTH',
  'OPPONENT_HEALTH_MAX',
  'OPPONENT_LEVEL',
  'OPPONENT_NAME',
  'POSITION',
  'ROOM',
  'ROOM_EXITS',
  'ROOM_VNUM',
];
export const COMMANDS = ['LIST', 'REPORT', 'RESET', 'SEND', 'UNREPORT'];
export const LISTS = [
  'COMMANDS',
  'CONFIGURABLE_VARIABLES',
  'LISTS',
  'REPORTABLE_VARIABLES',
  'REPORTED_VARIABLES',
  'SENDABLE_VARIABLES',
];
export const CONFIGURABLE = ['ARACHNOS_DEVEL', 'ARACHNOS_MUDLIST'];
export const SPEC_URL = 'http://tintin.sourceforge.net/msdp';

/** Mud98 quirks: ROOM_EXITS always empty, ROOM.EXITS an array of pairs. */
export interface MsdpShape {
  quirks: boolean;
  /** Scale for the experience needed per level. */
  expPerLevel: number;
}

/** Scalar variable value as a string, or undefined when unknown. */
export function scalarVar(ch: Char, name: string, shape: MsdpShape): string | undefined {
  const opp = ch.fighting && !ch.fighting.extracted ? ch.fighting : undefined;
  switch (name) {
    case 'ALIGNMENT':
      return String(ch.align);
    case 'EXPERIENCE':
      return String(ch.exp);
    case 'EXPERIENCE_MAX':
      return String((ch.level + 1) * shape.expPerLevel);
    case 'HEALTH':
      return String(ch.hit);
    case 'HEALTH_MAX':
      return String(ch.maxHit);
    case 'IN_COMBAT':
      return opp ? '1' : '0';
    case 'LEVEL':
      return String(ch.level);
    case 'MANA':
      return String(ch.mana);
    case 'MANA_MAX':
      return String(ch.maxMana);
    case 'MONEY':
      return String(ch.gold * 100 + ch.silver);
    case 'MOVEMENT':
      return String(ch.move);
    case 'MOVEMENT_MAX':
      return String(ch.maxMove);
    case 'OPPONENT_HEALTH':
      return String(opp ? opp.hit : 0);
    case 'OPPONENT_HEALTH_MAX':
      return String(opp ? opp.maxHit : 0);
    case 'OPPONENT_LEVEL':
      return String(opp ? opp.level : 0);
    case 'OPPONENT_NAME':
      return opp ? opp.short : '';
    case 'POSITION':
      return String(ch.position);
    case 'ROOM_VNUM':
      return String(ch.room?.vnum ?? 0);
    case 'SPECIFICATION':
      return SPEC_URL;
    case 'ARACHNOS_DEVEL':
      return '';
    default:
      return undefined;
  }
}

/** Any variable, including ROOM (a table) and ROOM_EXITS. */
export function msdpVar(ch: Char, name: string, shape: MsdpShape): MsdpValue | undefined {
  if (name === 'ROOM') return roomTable(ch, shape);
  if (name === 'ROOM_EXITS') {
    if (shape.quirks || !ch.room) return '';
    return exitTable(ch);
  }
  return scalarVar(ch, name, shape);
}

function exitTable(ch: Char): MsdpTable {
  const t: MsdpTable = {};
  if (!ch.room) return t;
  for (const d of DIRECTIONS) {
    const e = ch.room.exits.get(d);
    if (e) t[DIR_SHORT[d]] = String(e.to.vnum);
  }
  return t;
}

/** ROOM: VNUM, NAME, AREA, TERRAIN, EXITS (the transport encodes EXITS as Mud98's array of pairs in
 *  quirks mode). */
export function roomTable(ch: Char, _shape: MsdpShape): MsdpValue {
  const r = ch.room;
  if (!r) return {};
  return {
    VNUM: String(r.vnum),
    NAME: r.def.name,
    AREA: r.area,
    TERRAIN: r.def.sector,
    EXITS: exitTable(ch),
  };
}

/** Stable text form of a value, to detect changes. */
export function msdpKey(v: MsdpValue): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}
