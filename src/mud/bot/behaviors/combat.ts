// Combat (80): attack a target in the room (see isTarget) when healthy enough, and stay with a fight
// until it ends. Combat rounds come by themselves; the bot only prods with an empty line when the
// server has been quiet for a while, so a fight that ended unseen is noticed.
import type { Behavior, BotState } from '../behavior.ts';
import { isTarget, memo } from '../behavior.ts';
import type { MobSeen } from '../bot-events.ts';

/** Keywords the server refused to let us attack (players, protected mobs), per bot. */
function refused(s: BotState): Set<string> {
  return memo(s, 'combatRefused', () => new Set<string>());
}

/** The first mob in the room worth attacking, if any. */
export function targetInRoom(s: BotState): MobSeen | undefined {
  const room = s.world.current;
  if (!room) return undefined;
  const no = refused(s);
  return room.mobs.find((m) => !no.has(m.keyword) && isTarget(m, s.tuning, s.world.stats.level));
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
      if (!mob) return;
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
