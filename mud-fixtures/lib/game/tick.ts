// The game tick (ROM char_update/obj_update/area_update): regen by position, corpse decay, area
// resets, idle link-dead players to the void and out, autosave. Logs a `tick` event.

import { type Char, POS } from '../world/entities.ts';
import type { Game } from './game.ts';
import { savePlayer } from './pfile.ts';

/** Idle ticks before link-dead (and, in quirks mode, silent) mortals go to the void, and are removed. */
export const IDLE_VOID_TICKS = 12;
export const IDLE_QUIT_TICKS = 30;
/** Each player is saved about every AUTOSAVE_TICKS ticks, staggered by position in the player list. */
export const AUTOSAVE_TICKS = 30;

function gain(ch: Char, base: number): number {
  switch (ch.position) {
    case POS.sleeping:
      return Math.floor((base * 3) / 2) * 2;
    case POS.resting:
      return base * 2;
    case POS.fighting:
      return 0;
    default:
      return base;
  }
}

export function regen(ch: Char): void {
  if (ch.position < POS.sleeping) return;
  const con = ch.pc?.stats.con ?? 13;
  ch.hit = Math.min(
    ch.maxHit,
    ch.hit + gain(ch, Math.max(3, Math.floor(con / 3) + Math.floor(ch.level / 2))),
  );
  ch.mana = Math.min(ch.maxMana, ch.mana + gain(ch, 5 + ch.level));
  ch.move = Math.min(ch.maxMove, ch.move + gain(ch, 10 + ch.level));
}

export function tickUpdate(game: Game, pulseStartMs: number): void {
  const tick = Math.floor(game.pulseCount / game.opts.tickPulses);
  for (const [i, ch] of [...game.players].entries()) {
    regen(ch);
    const pc = ch.pc;
    if (!pc) continue;
    pc.idleTicks++;
    pc.playedSec += Math.round((game.opts.tickPulses * game.opts.pulseMs) / 1000);
    const idleApplies = (!game.sessionByChar.has(ch) || game.opts.quirks) && ch.level < 52 && !ch.fighting;
    if (idleApplies && pc.idleTicks >= IDLE_QUIT_TICKS) {
      game.log('idle_quit', { name: ch.name });
      const s = game.sessionByChar.get(ch);
      game.extractPlayer(ch);
      if (s) {
        s.char = undefined;
        game.closeSession(s, 'idle');
      }
    } else if (idleApplies && pc.idleTicks === IDLE_VOID_TICKS) toVoid(game, ch);
    else if ((tick + i) % AUTOSAVE_TICKS === 0) savePlayer(game.opts.playerDir, ch);
  }
  for (const mob of game.world.mobs) if (!mob.fighting) regen(mob);
  for (const room of game.world.allRooms()) {
    for (const o of [...room.contents]) {
      if (o.timer === undefined) continue;
      if (--o.timer > 0) continue;
      room.contents.splice(room.contents.indexOf(o), 1);
      room.contents.push(...o.contains);
      game.toRoom(
        room,
        [],
        () => `${o.short.charAt(0).toUpperCase()}${o.short.slice(1)} crumbles into dust.\n\r`,
      );
    }
  }
  const resets: string[] = [];
  game.world.tickResets(game.rng, (a) => resets.push(a));
  game.log('tick', {
    pulse: game.pulseCount,
    durationMs: Math.round((game.opts.clock.now() - pulseStartMs) * 1000) / 1000,
    players: game.players.length,
    sessions: game.sessions.length,
    resets,
  });
}

/** Mud98 moves idle mortals to the void; any input brings them back (see Game.input). */
function toVoid(game: Game, ch: Char): void {
  const v = game.world.room(game.world.roles.void);
  if (!v || ch.room === v) return;
  game.toRoom(ch.room, [ch], () => `${ch.name} disappears into the void.\n\r`);
  game.send(ch, 'You disappear into the void.\n\r');
  if (ch.pc) ch.pc.voidFrom = ch.room?.vnum;
  game.world.placeChar(ch, v);
  game.log('idle_void', { name: ch.name });
}
