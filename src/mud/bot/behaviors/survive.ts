// Survive (100): flee when health drops below `fleeBelowPercent` in a fight; recall when still low.
import type { Behavior } from '../behavior.ts';

export const survive: Behavior = {
  name: 'survive',
  priority: 100,
  canStart: (s) => s.world.fighting && s.world.hpPercent < s.tuning.fleeBelowPercent,
  async run(ctx) {
    // ROM's flee picks a random exit and can fail ("PANIC! You couldn't escape!"): try a few times.
    for (let i = 0; i < 4 && ctx.world.fighting; i++) await ctx.send('flee');
    const { recallBelowPercent } = ctx.tuning;
    if (recallBelowPercent > 0 && ctx.world.hpPercent < recallBelowPercent) await ctx.send('recall');
  },
};
