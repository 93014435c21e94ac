// Combat (80): attack a target in the room (see isTarget) when healthy enough, and stay with a fight
// until it ends. Combat rounds come by themselves; the bot only prods with an empty line when the
// server has been quiet for a while, so a fight that ended unseen is noticed. A mob the bot fled from
// (or died to) is left alone until the bot has gained a level.
import type { Behavior, BotState } from '../behavior.ts';
import { isTarget, memo } from '../behavior.ts';
import type { MobSeen } from '../bot-events.ts';

/** Keywords the server refused to let us attack (players, protected mobs), per bot. */
function refused(s: BotState): Set<string> {
  return memo(s, 'combatRefused', () => new Set<string>());
}

interface Engaged {
  key: string;
  level: number;
  /** The last finished fight when this one started: a different one ending means this one did. */
  before: unknown;
}

/** room|keyword -> the bot's level when it lost to that mob there. */
function losses(s: BotState): Map<string, number> {
  const lost = memo(s, 'combatLosses', () => new Map<string, number>());
  const e = s.memory.combatEngaged as Engaged | undefined;
  const f = s.lastFight;
  if (e && f && f !== e.before) {
    if (f.outcome === 'fled' || f.outcome === 'died') lost.set(e.key, e.level);
    s.memory.combatEngaged = undefined;
  }
  return lost;
}

/** Should the bot attack `mob` in room `roomKey`? (isTarget, not refused, not lost to at this level.) */
export function wantsToFight(s: BotState, mob: MobSeen, roomKey: string): boolean {
  if (refused(s).has(mob.keyword) || !isTarget(mob, s.tuning, s.world.stats.level)) return false;
  const lostAt = losses(s).get(`${roomKey}|${mob.keyword}`);
  return lostAt === undefined || (s.world.stats.level ?? 1) > lostAt;
}

/** The first mob in the room worth attacking, if any. */
export function targetInRoom(s: BotState): MobSeen | undefined {
  const room = s.world.current;
  if (!room) return undefined;
  return room.mobs.find((m) => wantsToFight(s, m, room.key));
}

export const combat: Behavior = {
  name: 'combat',
  priority: 80,
  canStart: (s) =>
    s.world.fighting ||
    (s.world.stats.position === 'standing' &&
      s.world.hpPercent >= s.tuning.engageAbovePercent &&
      targetInRoom(s) !== undefined),
  async run(ctx) {
    if (!ctx.world.fighting) {
      const mob = targetInRoom(ctx.state);
      const here = ctx.world.current;
      if (!mob || !here) return;
      ctx.state.memory.combatEngaged = {
        key: `${here.key}|${mob.keyword}`,
        level: ctx.world.stats.level ?? 1,
        before: ctx.state.lastFight,
      } satisfies Engaged;
      const r = await ctx.send(`kill ${mob.keyword}`);
      const room = ctx.world.current;
      if (r.events.some((e) => e.kind === 'not-here') && room) {
        room.mobs = room.mobs.filter((m) => m !== mob); // gone since we looked
        return;
      }
      if (r.events.some((e) => e.kind === 'refusal')) {
        refused(ctx.state).add(mob.keyword);
        return;
      }
    }
    while (ctx.world.fighting) {
      const over = await ctx.waitFor(() => !ctx.world.fighting, 8000);
      if (!over) await ctx.send('');
    }
  },
};
