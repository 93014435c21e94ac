// Idle (10): nothing else to do. Refresh `score` when it is stale (a level was gained, or
// `scoreEveryMs` passed), else wait `pollMs` and prod for a prompt (which also keeps the silence
// watch going).
import type { Behavior } from '../behavior.ts';

export const idle: Behavior = {
  name: 'idle',
  priority: 10,
  canStart: () => true,
  async run(ctx) {
    const s = ctx.state;
    const sleeping = ctx.world.stats.position === 'sleeping';
    if (
      !sleeping &&
      (s.scoreAt === undefined || s.scoreStale || s.now - s.scoreAt >= ctx.tuning.scoreEveryMs)
    ) {
      await ctx.send('score');
      return;
    }
    await ctx.wait(ctx.tuning.pollMs);
    await ctx.send('');
  },
};
