// follow and group (ROM act_comm.c).

import type { Char } from '../../world/entities.ts';
import type { Game } from '../game.ts';
import { findCharInRoom } from './find.ts';

export function doFollow(game: Game, ch: Char, arg: string): void {
  if (!arg) {
    game.send(ch, 'Follow whom?\n\r');
    return;
  }
  const victim = findCharInRoom(ch, arg);
  if (!victim) {
    game.send(ch, "They aren't here.\n\r");
    return;
  }
  if (victim === ch) {
    if (!ch.master) {
      game.send(ch, 'You already follow yourself.\n\r');
      return;
    }
    game.stopFollower(ch);
    return;
  }
  if (ch.master === victim) {
    game.send(ch, `You already follow ${victim.name}.\n\r`);
    return;
  }
  if (ch.master) game.stopFollower(ch);
  ch.master = victim;
  ch.leader = undefined;
  game.send(victim, `${ch.name} now follows you.\n\r`);
  game.send(ch, `You now follow ${victim.isNpc ? victim.short : victim.name}.\n\r`);
}

export function doGroup(game: Game, ch: Char, arg: string): void {
  if (!arg) {
    const leader = ch.leader ?? ch;
    const lines = [`${leader.name}'s group:\n\r`];
    for (const p of game.players) {
      if ((p.leader ?? p) !== leader) continue;
      lines.push(
        `[${String(p.level).padStart(2)} ${(p.pc?.cls ?? '').slice(0, 3)}] ${p.name.padEnd(16)} ${String(p.hit).padStart(4)}/${String(p.maxHit).padStart(4)} hp ${String(p.mana).padStart(4)}/${String(p.maxMana).padStart(4)} mana ${String(p.move).padStart(4)}/${String(p.maxMove).padStart(4)} mv ${String(p.exp).padStart(5)} xp\n\r`,
      );
    }
    game.send(ch, lines.join(''));
    return;
  }
  const victim = findCharInRoom(ch, arg);
  if (!victim) {
    game.send(ch, "They aren't here.\n\r");
    return;
  }
  if (ch.master || (ch.leader && ch.leader !== ch)) {
    game.send(ch, 'But you are following someone else!\n\r');
    return;
  }
  if (victim.master !== ch && victim !== ch) {
    game.send(ch, `${victim.name} isn't following you.\n\r`);
    return;
  }
  if (victim.leader === ch && victim !== ch) {
    victim.leader = undefined;
    game.send(ch, `You remove ${victim.name} from your group.\n\r`);
    game.send(victim, `${ch.name} removes you from ${game.his(ch)} group.\n\r`);
    return;
  }
  victim.leader = ch;
  game.send(ch, `${victim.name} joins your group.\n\r`);
  if (victim !== ch) game.send(victim, `You join ${ch.name}'s group.\n\r`);
}
