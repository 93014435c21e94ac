// Survive (100): flee when health drops below `fleeBelowPercent` in a fight; recall when still low.
import type { Behavior } from '../behavior.ts';

export const survive: Behavior = {
  name: 'survive',
  priority: 100,
  canStart: (s) => s.world.fighting && s.world.hpPercent < s.tuning.fleeBelowPercent,
  async run(ctx) {
    // ROM's flee picks a random exit and can fail ("PANIC! You couldn't escape!"): try a few times.
    // Tripped or bashed to the ground ("... trips you and you go down!"), ROM refuses it ("Nah... You
    // feel too relaxed..."): stand up first (on Mud98 a bot at 4 of 20 hp sent flee 20 times so).
    for (let i = 0; i < 4 && ctx.world.fighting; i++) {
      const r = await ctx.send('flee');
      if (r.events.some((e) => e.kind === 'refusal' && e.reason === 'position' && /relaxed/.test(e.text)))
        await ctx.send('stand');
    }
    const { recallBelowPercent } = ctx.tuning;
    if (recallBelowPercent > 0 && ctx.world.hpPercent < recallBelowPercent) await ctx.send('recall');
  },
};
