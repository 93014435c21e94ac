// Live game entities: rooms with live exits, objects and characters (PCs and NPCs share one shape, as in ROM).

import type { Direction, DoorDef, MobDef, ObjDef, RoomDef } from './types.ts';

export interface LiveExit {
  dir: Direction;
  to: Room;
  door?: DoorDef;
  closed: boolean;
  locked: boolean;
}

export interface Room {
  def: RoomDef;
  vnum: number;
  area: string;
  /** Owner (player name) of the private instance this room belongs to; undefined for shared rooms. */
  instance?: string;
  exits: Map<Direction, LiveExit>;
  people: Char[];
  contents: Obj[];
}

export interface Obj {
  id: number;
  def: ObjDef;
  /** Corpses are built at run time and have their own names. */
  short: string;
  long: string;
  keywords: string[];
  type: string;
  contains: Obj[];
  /** Corpse decay, in ticks; undefined for ordinary objects. */
  timer?: number;
  gold: number;
}

/** ROM positions, numbered as MSDP POSITION reports them. */
export const POS = {
  dead: 0,
  mortal: 1,
  incap: 2,
  stunned: 3,
  sleeping: 4,
  resting: 5,
  sitting: 6,
  fighting: 7,
  standing: 8,
} as const;
export type Position = (typeof POS)[keyof typeof POS];

/** Player-only data. */
export interface PcData {
  pwdDigest: string;
  race: string;
  sex: string;
  cls: string;
  title: string;
  practices: number;
  trains: number;
  actFlags: number;
  commFlags: number;
  prompt: string;
  stats: { str: number; int: number; wis: number; dex: number; con: number };
  skills: Record<string, number>;
  /** Seconds played before this session. */
  playedSec: number;
  /** Ticks without input (idle/link-dead handling). */
  idleTicks: number;
  /** Room vnum the character was in before idling into the void. */
  voidFrom?: number;
  /** Identical consecutive command count for the spam check. */
  repeatCount: number;
  lastCommand: string;
}

export interface Char {
  id: number;
  isNpc: boolean;
  name: string;
  short: string;
  long: string;
  keywords: string[];
  proto?: MobDef;
  level: number;
  hit: number;
  maxHit: number;
  mana: number;
  maxMana: number;
  move: number;
  maxMove: number;
  exp: number;
  align: number;
  gold: number;
  silver: number;
  room: Room | undefined;
  position: Position;
  fighting: Char | undefined;
  /** Command lag in pulses. */
  wait: number;
  inventory: Obj[];
  equipment: Map<string, Obj>;
  master: Char | undefined;
  leader: Char | undefined;
  pc?: PcData;
  /** The connection this PC is attached to; undefined when link-dead or NPC. */
  desc?: { id: number } | undefined;
  /** Set when extracted (dead NPC, quit PC); stale references check this. */
  extracted: boolean;
}

export const PLR = { autoexit: 8, bot: 512, nosummon: 65536, colour: 524288 } as const;
/** ROM comm bits; telnetGa is Mud98's `telnet_ga` (IAC GA after each prompt; off by default). */
export const COMM = { compact: 2048, brief: 4096, prompt: 8192, combine: 16384, telnetGa: 1 << 22 } as const;

export function isBot(ch: Char): boolean {
  return !!ch.pc && (ch.pc.actFlags & PLR.bot) !== 0;
}
