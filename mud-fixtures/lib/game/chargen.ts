// New-character data: races, classes, weapons, starting stats and the outfit "Mota" hands out.

import { type Char, COMM, PLR, POS } from '../world/entities.ts';
import type { World } from '../world/world.ts';

export const RACES = ['human', 'elf', 'dwarf', 'giant'];
export const CLASSES = ['mage', 'cleric', 'thief', 'warrior'];
export const WEAPONS = ['sword', 'dagger', 'staff', 'mace', 'axe', 'flail', 'whip', 'polearm'];
/** Object vnum of the training weapon for each choice (areas/school.json 3730..3737). */
export const WEAPON_VNUM_BASE = 3730;
export const OUTFIT = { light: 3742, body: 3740, shield: 3741, map: 3743 };
export const RESERVED_NAMES = [
  'all',
  'auto',
  'immortal',
  'self',
  'someone',
  'something',
  'the',
  'you',
  'loner',
  'none',
];

const RACE_STATS: Record<string, [number, number, number, number, number]> = {
  human: [13, 13, 13, 13, 13],
  elf: [12, 14, 13, 15, 11],
  dwarf: [14, 12, 14, 10, 15],
  giant: [16, 11, 13, 11, 14],
};
/** Prime attribute bonus per class (+3 like ROM). */
const CLASS_PRIME: Record<string, 'str' | 'int' | 'wis' | 'dex'> = {
  mage: 'int',
  cleric: 'wis',
  thief: 'dex',
  warrior: 'str',
};

/** ROM's title for level 1 by class. */
export function titleFor(cls: string, weapon: string): string {
  if (cls === 'warrior') return `the ${weapon === 'sword' ? 'Swordpupil' : 'Recruit'}`;
  if (cls === 'mage') return 'the Apprentice of Magic';
  if (cls === 'cleric') return 'the Believer';
  return 'the Pilferer';
}

/** Name rule: letters only, 2..12, not reserved, not a mob keyword. */
export function nameProblem(name: string, world: World): string | undefined {
  if (!/^[A-Za-z]{2,12}$/.test(name)) return 'letters';
  const lower = name.toLowerCase();
  if (RESERVED_NAMES.includes(lower)) return 'reserved';
  for (const m of world.mobDefs.values()) if (m.keywords.includes(lower)) return 'mob';
  return undefined;
}

export interface NewCharChoices {
  name: string;
  pwdDigest: string;
  race: string;
  sex: string;
  cls: string;
  align: number;
  weapon: string;
  autoexit: boolean;
}

/** A level-1 character with ROM's starting numbers: 20 hp, 100 m, 100 mv, 5 practices, 3 trains. */
export function newCharacter(world: World, c: NewCharChoices, expPerLevel: number): Char {
  const base = RACE_STATS[c.race] ?? RACE_STATS.human;
  const stats = { str: base[0], int: base[1], wis: base[2], dex: base[3], con: base[4] };
  stats[CLASS_PRIME[c.cls] ?? 'str'] += 3;
  const ch: Char = {
    id: world.newId(),
    isNpc: false,
    name: c.name,
    short: c.name,
    long: '',
    keywords: [c.name.toLowerCase()],
    level: 1,
    hit: 20,
    maxHit: 20,
    mana: 100,
    maxMana: 100,
    move: 100,
    maxMove: 100,
    exp: expPerLevel,
    align: c.align,
    gold: 0,
    silver: 0,
    room: undefined,
    position: POS.standing,
    fighting: undefined,
    wait: 0,
    inventory: [],
    equipment: new Map(),
    master: undefined,
    leader: undefined,
    extracted: false,
    pc: {
      pwdDigest: c.pwdDigest,
      race: c.race,
      sex: c.sex,
      cls: c.cls,
      title: titleFor(c.cls, c.weapon),
      practices: 5,
      trains: 3,
      actFlags: PLR.colour | PLR.nosummon | (c.autoexit ? PLR.autoexit : 0),
      commFlags: COMM.prompt | COMM.combine,
      prompt: '',
      stats,
      skills: { [c.weapon]: 40, 'hand to hand': 1, dodge: 1, parry: 1, 'second attack': 1 },
      playedSec: 0,
      idleTicks: 0,
      repeatCount: 0,
      lastCommand: '',
    },
  };
  outfit(world, ch, c.weapon);
  return ch;
}

/** Equip light, vest, shield and the chosen weapon, and give the map. */
export function outfit(world: World, ch: Char, weapon: string): void {
  const wi = Math.max(0, WEAPONS.indexOf(weapon));
  ch.equipment.set('light', world.makeObj(OUTFIT.light));
  ch.equipment.set('body', world.makeObj(OUTFIT.body));
  ch.equipment.set('shield', world.makeObj(OUTFIT.shield));
  ch.equipment.set('wield', world.makeObj(WEAPON_VNUM_BASE + wi));
  ch.inventory.push(world.makeObj(OUTFIT.map));
}
