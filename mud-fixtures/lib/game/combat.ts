// Combat (ROM fight.c, simplified): rounds every violence pulse, hit rolls, dam_message tiers,
// positions, death with corpse and loot, experience, player death and respawn, aggressive mobs.

import { type Char, type Obj, POS } from '../world/entities.ts';
import { lookRoom } from './commands/look.ts';
import type { Game } from './game.ts';
import { sendRoomMsdp } from './msdp-handler.ts';
import { dealtDamage } from './planted-bugs.ts';
import { capitalize, colour, damageVerb, GREEN, RED, WHITE } from './text.ts';

function nameOf(ch: Char): string {
  return ch.isNpc ? ch.short : ch.name;
}

/** One combat round for everyone who is fighting (ROM violence_update). */
export function violenceUpdate(game: Game): void {
  const fighters = [...game.players, ...game.world.mobs].filter((c) => c.fighting && !c.extracted);
  for (const ch of fighters) {
    const victim = ch.fighting;
    if (!victim || ch.extracted) continue;
    if (victim.extracted || victim.room !== ch.room || ch.position < POS.sleeping) {
      game.stopFighting(ch, false);
      continue;
    }
    if (ch.position > POS.stunned) multiHit(game, ch, victim);
  }
}

/** Aggressive NPCs attack players in their room (ROM aggr_update, every pulse). As measured on Mud98:
 *  each pulse an aggressive mob attacks with even odds (6 of 20 fresh warriors were attacked in the
 *  pulse they entered the cage, 6 one pulse later, 6 two later, 2 later still), and a wimpy one only
 *  attacks a sleeping player (an awake one stood 8 s beside it unharmed; asleep, it was attacked). */
export function aggrUpdate(game: Game): void {
  for (const pc of game.players) {
    const room = pc.room;
    if (!room || pc.extracted || pc.level >= 52) continue;
    for (const mob of room.people) {
      if (!mob.isNpc || mob.fighting || !mob.proto?.flags.includes('aggressive')) continue;
      if (mob.position < POS.standing || room.def.flags.includes('safe')) continue;
      if (mob.proto.flags.includes('wimpy') && pc.position > POS.sleeping) continue;
      if (!game.rng.chance(0.5)) continue;
      multiHit(game, mob, pc);
      break;
    }
  }
}

export function setFighting(ch: Char, victim: Char): void {
  if (ch.fighting) return;
  ch.fighting = victim;
  ch.position = POS.fighting;
}

/** One disarm attempt per this many rounds for a mob with the 'disarm' flag (ROM mob_hit: 1 in 9;
 *  measured on Mud98: 25 attempts in 243 rounds of the aggressive monster, none succeeded against a
 *  level-1 warrior). */
const DISARM_ODDS = 1 / 9;

/** ch attacks victim once (the fixture has no second attack skill); mobs may try a disarm after. */
export function multiHit(game: Game, ch: Char, victim: Char): void {
  oneHit(game, ch, victim);
  if (ch.fighting !== victim || victim.extracted) return;
  if (!ch.isNpc || victim.isNpc || !ch.proto?.flags.includes('disarm') || !game.rng.chance(DISARM_ODDS))
    return;
  if (!weapon(victim)) return; // Mud98 tells only the mob that its opponent is unarmed
  game.send(
    victim,
    `${colour(game.colourOn(victim), WHITE, `${ch.short} tries to disarm you, but fails.`)}\n\r`,
  );
  game.toRoom(
    ch.room,
    [victim],
    () => `${capitalize(ch.short)} tries to disarm ${nameOf(victim)}, but fails.\n\r`,
  );
}

function weapon(ch: Char): Obj | undefined {
  return ch.equipment.get('wield');
}

/** Chance to hit, in percent. Fitted to Mud98 (24 fights of a new level-1 human warrior against the
 *  level-1 aggressive monster): the warrior hit 92 of 236 swings (39 %), the monster 110 of 243 (45 %),
 *  so a kill took 3-19 rounds (median 9). Each level of difference moves it 4 points. */
export function hitChance(ch: Char, victim: Char, weaponSkill: number): number {
  const base = ch.isNpc ? 43 + 2 * ch.level : 20 + Math.floor(weaponSkill / 2);
  return Math.min(95, Math.max(5, base + 4 * (ch.level - victim.level)));
}

function oneHit(game: Game, ch: Char, victim: Char): void {
  if (victim.position === POS.dead || ch.room !== victim.room) return;
  const w = weapon(ch);
  const attack = ch.isNpc ? (ch.proto?.attack ?? 'hit') : (w?.def.weapon?.attack ?? 'punch');
  const skill = ch.pc?.skills[w?.def.weapon?.kind ?? 'hand to hand'] ?? 1;
  let dam = 0;
  if (game.rng.int(1, 100) <= hitChance(ch, victim, skill)) {
    if (ch.isNpc) {
      const [lo, hi] = ch.proto?.damage ?? [1, 4];
      dam = game.rng.int(lo, hi);
    } else {
      // ROM: a player's weapon dice are scaled by the weapon skill (a new warrior's 40 % gives 1-2
      // from the training sword's 2-7), then strength and level add to it.
      const [lo, hi] = w?.def.weapon?.damage ?? [1, 2 + ch.level];
      dam = Math.floor((game.rng.int(lo, hi) * Math.max(skill, 1)) / 100);
      dam += Math.max(0, Math.floor(((ch.pc?.stats.str ?? 13) - 13) / 3)) + Math.floor(ch.level / 4);
    }
    if (victim.position === POS.resting || victim.position === POS.sleeping) dam = Math.floor((dam * 3) / 2);
    dam = Math.max(1, dam);
  }
  damage(game, ch, victim, dam, attack);
}

/** Apply damage, print ROM's messages, update position, handle death. */
export function damage(game: Game, ch: Char, victim: Char, dam: number, attack: string): void {
  if (victim.position === POS.dead) return;
  if (victim !== ch) {
    if (victim.position > POS.stunned) {
      setFighting(victim, ch);
    }
    if (ch.position > POS.stunned) setFighting(ch, victim);
  }
  damMessage(game, ch, victim, dam, attack);
  victim.hit -= dealtDamage(game.opts.bug, !ch.isNpc, victim.isNpc, dam);
  updatePos(victim);
  positionMessages(game, victim, dam);
  if ((victim.position as number) === POS.dead) {
    onDeath(game, ch, victim);
  }
}

function damMessage(game: Game, ch: Char, victim: Char, dam: number, attack: string): void {
  const { vs, vp, punct } = damageVerb(dam);
  const vName = nameOf(victim);
  const aName = nameOf(ch);
  // Coloured lines are not capitalised, as in Mud98 (act() upper-cases the colour code, not the letter).
  game.send(ch, `${colour(game.colourOn(ch), GREEN, `Your ${attack} ${vp} ${vName}${punct}`)}\n\r`);
  game.send(victim, `${colour(game.colourOn(victim), RED, `${aName}'s ${attack} ${vp} you${punct}`)}\n\r`);
  game.toRoom(
    ch.room,
    [ch, victim],
    (o) => `${colour(game.colourOn(o), WHITE, `${aName}'s ${attack} ${vp} ${vName}${punct}`)}\n\r`,
  );
  void vs;
}

function updatePos(v: Char): void {
  if (v.hit > 0) {
    if (v.position <= POS.stunned) v.position = POS.standing;
    return;
  }
  if (v.isNpc && v.hit < 1) {
    v.position = POS.dead;
    return;
  }
  if (v.hit <= -11) v.position = POS.dead;
  else if (v.hit <= -6) v.position = POS.mortal;
  else if (v.hit <= -3) v.position = POS.incap;
  else v.position = POS.stunned;
}

function positionMessages(game: Game, v: Char, dam: number): void {
  const n = capitalize(nameOf(v));
  switch (v.position) {
    case POS.mortal:
      game.toRoom(v.room, [v], () => `${n} is mortally wounded, and will die soon, if not aided.\n\r`);
      game.send(v, 'You are mortally wounded, and will die soon, if not aided.\n\r');
      return;
    case POS.incap:
      game.toRoom(v.room, [v], () => `${n} is incapacitated and will slowly die, if not aided.\n\r`);
      game.send(v, 'You are incapacitated and will slowly die, if not aided.\n\r');
      return;
    case POS.stunned:
      game.toRoom(v.room, [v], () => `${n} is stunned, but will probably recover.\n\r`);
      game.send(v, 'You are stunned, but will probably recover.\n\r');
      return;
    case POS.dead:
      game.toRoom(v.room, [v], () => `${n} is DEAD!!\n\r`);
      game.send(v, 'You have been KILLED!!\n\r\n\r');
      return;
    default:
      if (dam > v.maxHit / 4) game.send(v, 'That really did HURT!\n\r');
      if (v.hit < v.maxHit / 4 && dam > 0) game.send(v, 'You sure are BLEEDING!\n\r');
  }
}

/** ROM xp_compute, simplified: base by level difference, scaled up for low levels, +/- 25 %. */
export function xpCompute(game: Game, gch: Char, victim: Char): number {
  const diff = victim.level - gch.level;
  const table: Record<number, number> = {
    [-9]: 1,
    [-8]: 2,
    [-7]: 5,
    [-6]: 9,
    [-5]: 11,
    [-4]: 22,
    [-3]: 33,
    [-2]: 50,
    [-1]: 72,
    0: 83,
    1: 99,
    2: 121,
    3: 143,
    4: 165,
  };
  let xp = diff > 4 ? 160 + 20 * (diff - 4) : diff < -9 ? 0 : table[diff];
  if (victim.proto?.flags.includes('noalign')) xp = Math.floor((xp * 5) / 4);
  if (gch.level < 6) xp = Math.floor((10 * xp) / (gch.level + 4));
  return game.rng.int(Math.floor((xp * 3) / 4), Math.floor((xp * 5) / 4));
}

function onDeath(game: Game, killer: Char, victim: Char): void {
  game.stopFighting(victim, true);
  if (!killer.isNpc && victim.isNpc) groupGain(game, killer, victim);
  if (victim.isNpc) {
    game.counters.kills++;
    game.log('kill', {
      killer: nameOf(killer),
      victim: victim.short,
      vnum: victim.proto?.vnum,
      room: victim.room?.vnum,
    });
    makeCorpse(game, victim);
    game.world.extractMob(victim);
  } else {
    game.counters.deaths++;
    game.log('death', { name: victim.name, killer: nameOf(killer), room: victim.room?.vnum });
    playerDeath(game, victim);
  }
}

function groupGain(game: Game, killer: Char, victim: Char): void {
  const members = (killer.room?.people ?? []).filter((p) => !p.isNpc && sameGroup(p, killer));
  for (const m of members) {
    const xp = Math.max(1, Math.floor(xpCompute(game, m, victim) / members.length));
    game.send(m, `You receive ${xp} experience points.\n\r`);
    gainExp(game, m, xp);
  }
}

export function sameGroup(a: Char, b: Char): boolean {
  const la = a.leader ?? a;
  const lb = b.leader ?? b;
  return la === lb;
}

export function gainExp(game: Game, ch: Char, xp: number): void {
  ch.exp = Math.max(game.opts.expPerLevel, ch.exp + xp);
  while (ch.level < 50 && ch.exp >= (ch.level + 1) * game.opts.expPerLevel) {
    ch.level++;
    const hp = game.rng.int(8, 13);
    const mana = game.rng.int(2, 6);
    const mv = game.rng.int(4, 8);
    const prac = 2;
    ch.maxHit += hp;
    ch.maxMana += mana;
    ch.maxMove += mv;
    if (ch.pc) ch.pc.practices += prac;
    game.send(ch, 'You raise a level!!  ');
    game.send(
      ch,
      `Your gain is: ${hp}/${ch.maxHit} hp, ${mana}/${ch.maxMana} m, ${mv}/${ch.maxMove} mv ${prac}/${ch.pc?.practices ?? 0} prac.\n\r`,
    );
    game.log('level', { name: ch.name, level: ch.level });
  }
}

const PARTS: [string, string][] = [
  ['leg', 'leg is sliced from its dead body'],
  ['arm', 'arm is sliced from its dead body'],
  ['heart', 'heart is torn from its chest'],
];

function makeCorpse(game: Game, victim: Char): void {
  const room = victim.room;
  if (!room) return;
  const corpse = game.world.makeObj(10);
  corpse.short = `the corpse of ${victim.short}`;
  corpse.long = `The corpse of ${victim.short} is lying here.`;
  corpse.timer = 3 + game.rng.int(0, 3);
  corpse.contains.push(...victim.inventory, ...victim.equipment.values());
  corpse.gold = victim.gold;
  victim.inventory = [];
  victim.equipment.clear();
  room.contents.unshift(corpse);
  const partVnum = victim.proto?.deathPart;
  if (partVnum !== undefined) {
    const [, text] = PARTS[0];
    const part = game.world.makeObj(partVnum);
    part.timer = 4;
    room.contents.unshift(part);
    game.toRoom(room, [], () => `${capitalize(victim.short)}'s ${text}.\n\r`);
  }
}

function playerDeath(game: Game, ch: Char): void {
  const room = ch.room;
  if (room) {
    const corpse = game.world.makeObj(11);
    corpse.short = `the corpse of ${ch.name}`;
    corpse.long = `The corpse of ${ch.name} is lying here.`;
    corpse.timer = 25;
    corpse.contains.push(...ch.inventory);
    corpse.gold = ch.gold;
    ch.inventory = [];
    ch.gold = 0;
    room.contents.unshift(corpse);
  }
  const loss = Math.floor((ch.exp - ch.level * game.opts.expPerLevel) / 2);
  if (loss > 0) ch.exp -= loss;
  ch.hit = Math.max(1, ch.hit);
  ch.hit = 1;
  ch.mana = Math.max(1, ch.mana);
  ch.move = Math.max(1, ch.move);
  ch.position = POS.resting;
  const respawn = game.world.room(game.world.roles.respawn);
  if (respawn) {
    game.world.placeChar(ch, respawn);
    const s = game.sessionByChar.get(ch);
    if (s) sendRoomMsdp(game, s);
    lookRoom(game, ch);
  }
}
