// train (stats, hp, mana) and practice (skills) at the trainer and practice mobs.

import type { Char } from '../../world/entities.ts';
import type { Game } from '../game.ts';

function mobWith(ch: Char, set: Set<number>): Char | undefined {
  return ch.room?.people.find((p) => p.isNpc && p.proto && set.has(p.proto.vnum));
}

const STAT_WORDS: Record<string, [keyof NonNullable<Char['pc']>['stats'], string]> = {
  str: ['str', 'strength'],
  int: ['int', 'intelligence'],
  wis: ['wis', 'wisdom'],
  dex: ['dex', 'dexterity'],
  con: ['con', 'constitution'],
};

export function doTrain(game: Game, ch: Char, arg: string): void {
  const pc = ch.pc;
  if (!pc) return;
  if (!mobWith(ch, game.world.trainers)) {
    game.send(ch, "You can't do that here.\n\r");
    return;
  }
  if (!arg) {
    game.send(
      ch,
      `You have ${pc.trains} training sessions.\n\rYou can train: str int wis dex con hp mana.\n\r`,
    );
    return;
  }
  if (pc.trains <= 0) {
    game.send(ch, "You don't have enough training sessions.\n\r");
    return;
  }
  const a = arg.toLowerCase();
  if (a === 'hp') {
    pc.trains--;
    ch.maxHit += 10;
    ch.hit += 10;
    game.send(ch, 'Your durability increases!\n\r');
    return;
  }
  if (a === 'mana') {
    pc.trains--;
    ch.maxMana += 10;
    ch.mana += 10;
    game.send(ch, 'Your power increases!\n\r');
    return;
  }
  const stat = Object.entries(STAT_WORDS).find(([k]) => a.startsWith(k))?.[1];
  if (!stat) {
    game.send(ch, 'You can train: str int wis dex con hp mana.\n\r');
    return;
  }
  if (pc.stats[stat[0]] >= 25) {
    game.send(ch, `Your ${stat[1]} is already at maximum.\n\r`);
    return;
  }
  pc.trains--;
  pc.stats[stat[0]]++;
  game.send(ch, `Your ${stat[1]} increases!\n\r`);
}

const ADEPT = 75;

export function doPractice(game: Game, ch: Char, arg: string): void {
  const pc = ch.pc;
  if (!pc) return;
  if (!arg) {
    const names = Object.keys(pc.skills).sort();
    const cells = names.map((n) => `${n.padEnd(18)} ${String(pc.skills[n]).padStart(3)}%`);
    const lines: string[] = [];
    for (let i = 0; i < cells.length; i += 3) lines.push(`${cells.slice(i, i + 3).join('  ')}\n\r`);
    lines.push(`You have ${pc.practices} practice sessions left.\n\r`);
    game.send(ch, lines.join(''));
    return;
  }
  if (!mobWith(ch, game.world.practicers)) {
    game.send(ch, "You can't do that here.\n\r");
    return;
  }
  if (pc.practices <= 0) {
    game.send(ch, 'You have no practice sessions left.\n\r');
    return;
  }
  const skill = Object.keys(pc.skills).find((s) => s.startsWith(arg.toLowerCase()));
  if (!skill) {
    game.send(ch, "You can't practice that.\n\r");
    return;
  }
  if (pc.skills[skill] >= ADEPT) {
    game.send(ch, `You are already learned at ${skill}.\n\r`);
    return;
  }
  pc.practices--;
  pc.skills[skill] = Math.min(ADEPT, pc.skills[skill] + Math.max(1, Math.floor(pc.stats.int / 2)));
  game.send(
    ch,
    pc.skills[skill] >= ADEPT ? `You are now learned at ${skill}.\n\r` : `You practice ${skill}.\n\r`,
  );
}
