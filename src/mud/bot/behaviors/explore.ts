// Explore (40): grow the map and go where the targets are. In order: a target seen alive elsewhere;
// an exit not yet taken (within the roam range; nearest the home room first, see WorldModel.frontier); a room where a target was killed
// `respawnCheckMs` ago (it may be back); back into the roam range when outside it (after a death).

import type { Behavior } from '../behavior.ts';
import { type BotState, isTarget, roamRange } from '../behavior.ts';
import type { MudDirection } from '../bot-events.ts';
import type { RoomNode } from '../world.ts';
import { wantsToFight } from './combat.ts';

/** Where to go next, as directions from the current room, and why. */
export function exploreGoal(s: BotState): { path: MudDirection[]; why: string } | undefined {
  const w = s.world;
  const here = w.current;
  if (!here) return undefined;
  const range = roamRange(s.tuning, w.home?.vnum);
  const inRange = (r: { vnum?: number } | undefined) =>
    !range || r?.vnum === undefined || (r.vnum >= range[0] && r.vnum <= range[1]);
  const level = w.stats.level;
  const wanted = (m: Parameters<typeof isTarget>[0]) => isTarget(m, s.tuning, level);
  const sightings = w
    .whereSeen(wanted, s.now - s.tuning.respawnCheckMs)
    .filter((x) => x.room !== here.key && inRange(w.rooms.get(x.room)) && wantsToFight(s, x.mob, x.room));
  const nearest = (list: typeof sightings, why: (x: (typeof sightings)[number]) => string) => {
    let best: { path: MudDirection[]; why: string } | undefined;
    for (const x of list) {
      const path = w.path(x.room);
      if (path && path.length > 0 && (!best || path.length < best.path.length)) best = { path, why: why(x) };
    }
    return best;
  };
  const alive = nearest(
    sightings.filter((x) => x.killedAt === undefined),
    (x) => `hunt ${x.mob.name} at ${x.room}`,
  );
  if (alive) return alive;
  const allow = (room: RoomNode, exit: { vnum?: number }) =>
    inRange(room) && (exit.vnum === undefined || inRange({ vnum: exit.vnum }));
  const frontier = w.frontier(allow);
  if (frontier) return { path: frontier, why: 'unexplored exit' };
  // A room checked recently is not worth another trip yet.
  const respawn = nearest(
    sightings.filter((x) => {
      const r = w.rooms.get(x.room);
      return x.killedAt !== undefined && r !== undefined && r.seenAt < s.now - s.tuning.respawnCheckMs;
    }),
    (x) => `respawn check ${x.mob.name} at ${x.room}`,
  );
  if (respawn) return respawn;
  if (!inRange(here)) {
    const back = w.findRooms((r) => inRange(r) && r.vnum !== undefined)[0];
    const path = back && w.path(back.key);
    if (path && path.length > 0) return { path, why: `back to ${back.key}` };
    const out = w.frontier();
    if (out) return { path: out, why: 'looking for the way back' };
  }
  return undefined;
}

export const explore: Behavior = {
  name: 'explore',
  priority: 40,
  canStart: (s) =>
    !s.world.fighting &&
    s.world.stats.position === 'standing' &&
    s.world.movePercent > 15 &&
    (s.world.current?.exitsKnown === false || exploreGoal(s) !== undefined),
  async run(ctx) {
    const here = ctx.world.current;
    // Lost (no exits known for where we are: an unexpected move, a misread title): look first.
    if (here && !here.exitsKnown) {
      await ctx.send('look');
      if (!ctx.world.current?.exitsKnown) return;
    }
    const goal = exploreGoal(ctx.state);
    if (!goal) return;
    ctx.note(`explore: ${goal.why} (${goal.path.join(' ')})`);
    await ctx.walk(goal.path);
  },
};
