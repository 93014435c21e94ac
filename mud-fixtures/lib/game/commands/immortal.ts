// Immortal commands the reference notes use: `flag char <name|self> plr [+|-] bot` (level 56) and
// `goto <vnum>` (level 52).

import { type Char, PLR } from '../../world/entities.ts';
import type { Game } from '../game.ts';
import { toRoom } from './move.ts';

const PLR_FLAGS: Record<string, number> = { bot: PLR.bot, autoexit: PLR.autoexit, colour: PLR.colour };

export function doFlag(game: Game, ch: Char, arg: string): void {
  if (ch.level < 56) {
    game.send(ch, 'Huh?\n\r');
    return;
  }
  const words = arg.split(/\s+/).filter(Boolean);
  const [kind, who, field, ...rest] = words;
  if (kind !== 'char' || !who || field !== 'plr' || rest.length === 0) {
    game.send(ch, 'Syntax: flag char <name> plr [+|-] <flag>\n\r');
    return;
  }
  const victim = who === 'self' ? ch : game.findPlayer(who);
  if (!victim?.pc) {
    game.send(ch, "You can't find them.\n\r");
    return;
  }
  let mode: '+' | '-' | '=' = '=';
  if (rest[0] === '+' || rest[0] === '-') mode = rest.shift() as '+' | '-';
  const bits = rest.map((r) => PLR_FLAGS[r]);
  if (!bits.length || bits.some((b) => b === undefined)) {
    game.send(ch, 'Which flags do you wish to change?\n\r');
    return;
  }
  for (const b of bits as number[]) {
    if (mode === '+') victim.pc.actFlags |= b;
    else if (mode === '-') victim.pc.actFlags &= ~b;
    else victim.pc.actFlags ^= b;
  }
  game.send(ch, 'Ok.\n\r');
}

export function doGoto(game: Game, ch: Char, arg: string): void {
  if (ch.level < 52) {
    game.send(ch, 'Huh?\n\r');
    return;
  }
  const room = game.world.roomFor(ch.name, Number(arg), game.rng);
  if (!room) {
    game.send(ch, 'No such location.\n\r');
    return;
  }
  toRoom(game, ch, room);
}
