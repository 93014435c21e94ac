// Movement (ROM move_char): exits, doors, movement cost, followers; recall; open/close.

import { type Char, POS, type Room } from '../../world/entities.ts';
import { DIRECTIONS, type Direction, REVERSE_DIR } from '../../world/types.ts';
import type { Game } from '../game.ts';
import { sendRoomMsdp } from '../msdp-handler.ts';
import { lookRoom } from './look.ts';

const SECTOR_COST: Record<string, number> = {
  inside: 1,
  city: 1,
  field: 2,
  forest: 3,
  hills: 4,
  mountain: 6,
};

export function moveChar(game: Game, ch: Char, dir: Direction): boolean {
  const from = ch.room;
  if (!from) return false;
  const exit = from.exits.get(dir);
  if (!exit) {
    game.send(ch, 'Alas, you cannot go that way.\n\r');
    return false;
  }
  if (exit.closed) {
    game.send(ch, `The ${exit.door?.keywords[0] ?? 'door'} is closed.\n\r`);
    return false;
  }
  if (!ch.isNpc) {
    const cost = Math.floor(
      ((SECTOR_COST[from.def.sector] ?? 2) + (SECTOR_COST[exit.to.def.sector] ?? 2)) / 2,
    );
    if (ch.move < cost) {
      game.send(ch, 'You are too exhausted.\n\r');
      return false;
    }
    ch.move -= cost;
    ch.wait += 1;
  }
  game.toRoom(from, [ch], () => `${who(ch)} leaves ${dir}.\n\r`);
  const dest = game.world.destination(ch, exit.to, game.rng);
  toRoom(game, ch, dest);
  game.toRoom(dest, [ch], () => `${who(ch)} has arrived.\n\r`);
  for (const f of [...from.people]) {
    if (f.master === ch && f.position === POS.standing && !f.fighting) {
      game.send(f, `You follow ${who(ch)}.\n\r`);
      moveChar(game, f, dir);
    }
  }
  return true;
}

function who(ch: Char): string {
  return ch.isNpc ? ch.short.charAt(0).toUpperCase() + ch.short.slice(1) : ch.name;
}

/** Put a PC in a room: MSDP ROOM_VNUM/ROOM go out at once (Mud98), then `look auto`. */
export function toRoom(game: Game, ch: Char, room: Room): void {
  game.world.placeChar(ch, room);
  const s = game.sessionByChar.get(ch);
  if (s) sendRoomMsdp(game, s);
  lookRoom(game, ch);
}

export function doMove(game: Game, ch: Char, dir: Direction): void {
  moveChar(game, ch, dir);
}

export function doRecall(game: Game, ch: Char): void {
  const temple = game.world.room(game.world.roles.recall);
  if (!temple || !ch.room) return;
  game.toRoom(ch.room, [ch], () => `${ch.name} prays for transportation!\n\r`);
  if (ch.room === temple) return;
  if (ch.fighting) {
    if (!game.rng.chance(0.8)) {
      ch.wait += 4;
      game.send(ch, 'You failed!\n\r');
      return;
    }
    const lose = 25;
    ch.exp = Math.max(0, ch.exp - lose);
    game.send(ch, `You recall from combat!  You lose ${lose} exps.\n\r`);
    game.stopFighting(ch, true);
  }
  ch.move = Math.floor(ch.move / 2);
  game.toRoom(ch.room, [ch], () => `${ch.name} disappears.\n\r`);
  toRoom(game, ch, temple);
  game.toRoom(temple, [ch], () => `${ch.name} appears in the room.\n\r`);
}

function findDoor(ch: Char, arg: string): Direction | undefined {
  if (!ch.room || !arg) return undefined;
  const a = arg.toLowerCase();
  const d = DIRECTIONS.find((x) => x === a || x[0] === a);
  if (d) return d;
  for (const [dir, e] of ch.room.exits) if (e.door?.keywords.some((k) => k.startsWith(a))) return dir;
  return undefined;
}

export function doOpenClose(game: Game, ch: Char, arg: string, open: boolean): void {
  if (!arg) {
    game.send(ch, `${open ? 'Open' : 'Close'} what?\n\r`);
    return;
  }
  const dir = findDoor(ch, arg);
  const e = dir ? ch.room?.exits.get(dir) : undefined;
  if (!dir || !e?.door) {
    game.send(ch, 'You see no door there.\n\r');
    return;
  }
  if (open && !e.closed) {
    game.send(ch, "It's already open.\n\r");
    return;
  }
  if (!open && e.closed) {
    game.send(ch, "It's already closed.\n\r");
    return;
  }
  if (open && e.locked) {
    game.send(ch, "It's locked.\n\r");
    return;
  }
  e.closed = !open;
  const back = e.to.exits.get(REVERSE_DIR[dir]);
  if (back && back.to === ch.room) back.closed = !open;
  game.send(ch, 'Ok.\n\r');
  const kw = e.door.keywords[0];
  game.toRoom(ch.room, [ch], () => `${ch.name} ${open ? 'opens' : 'closes'} the ${kw}.\n\r`);
  game.toRoom(e.to, [], () => `The ${kw} ${open ? 'opens' : 'closes'}.\n\r`);
}
