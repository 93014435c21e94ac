// kill, flee, consider.

import { type Char, POS } from '../../world/entities.ts';
import { DIRECTIONS } from '../../world/types.ts';
import { multiHit } from '../combat.ts';
import type { Game } from '../game.ts';
import { findCharInRoom } from './find.ts';
import { moveChar } from './move.ts';

export function doKill(game: Game, ch: Char, arg: string): void {
  if (!arg) {
    game.send(ch, 'Kill whom?\n\r');
    return;
  }
  const victim = findCharInRoom(ch, arg);
  if (!victim) {
    game.send(ch, "They aren't here.\n\r");
    return;
  }
  if (victim === ch) {
    game.send(ch, 'You hit yourself.  Ouch!\n\r');
    return;
  }
  if (!victim.isNpc) {
    game.send(ch, 'You must MURDER a player.\n\r');
    return;
  }
  if (ch.room?.def.flags.includes('safe')) {
    game.send(ch, 'Not in this room.\n\r');
    return;
  }
  if (ch.position === POS.fighting) {
    game.send(ch, 'You do the best you can!\n\r');
    return;
  }
  ch.wait += game.opts.violencePulses;
  multiHit(game, ch, victim);
}

export function doFlee(game: Game, ch: Char): void {
  const victim = ch.fighting;
  if (!victim) {
    if (ch.position === POS.fighting) ch.position = POS.standing;
    game.send(ch, "You aren't fighting anyone.\n\r");
    return;
  }
  const room = ch.room;
  if (!room) return;
  for (let attempt = 0; attempt < 6; attempt++) {
    const dir = DIRECTIONS[game.rng.int(0, 5)];
    const e = room.exits.get(dir);
    if (!e || e.closed) continue;
    game.stopFighting(ch, true);
    if (!moveChar(game, ch, dir)) {
      ch.fighting = victim;
      ch.position = POS.fighting;
      continue;
    }
    ch.position = POS.standing;
    game.send(ch, 'You flee from combat!\n\r');
    if (!ch.isNpc) {
      game.send(ch, 'You lost 10 exp.\n\r');
      ch.exp = Math.max(0, ch.exp - 10);
    }
    game.toRoom(room, [ch], () => `${ch.name} has fled!\n\r`);
    return;
  }
  game.send(ch, "PANIC! You couldn't escape!\n\r");
}

export function doConsider(game: Game, ch: Char, arg: string): void {
  const victim = findCharInRoom(ch, arg);
  if (!victim) {
    game.send(ch, "They're not here.\n\r");
    return;
  }
  const diff = victim.level - ch.level;
  const name = victim.isNpc ? victim.short : victim.name;
  const msg =
    diff <= -10
      ? `You can kill ${name} naked and weaponless.`
      : diff <= -5
        ? `${name} is no match for you.`
        : diff <= -2
          ? `${name} looks like an easy kill.`
          : diff <= 1
            ? 'The perfect match!'
            : diff <= 4
              ? `${name} says 'Do you feel lucky, punk?'.`
              : diff <= 9
                ? `${name} laughs at you mercilessly.`
                : 'Death will thank you for your gift.';
  game.send(ch, `${msg.charAt(0).toUpperCase()}${msg.slice(1)}\n\r`);
}
