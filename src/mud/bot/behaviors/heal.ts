// Heal (70): out of combat and hurt (or out of breath), sleep (or rest) until health is back up, then
// stand. ROM regenerates on the tick and says nothing, so the bot prods for a prompt every `pollMs`.
// ROM regenerates a sleeper twice as fast as a rester, and a dead player comes back resting: with
// `sleepToHeal` the bot goes to sleep from resting or sitting too, not only from standing.
import type { Behavior, BotState } from '../behavior.ts';
import { WOUNDED } from '../world.ts';

function lying(s: BotState): boolean {
  const p = s.world.stats.position;
  return p === 'sleeping' || p === 'resting' || p === 'sitting';
}

function needsRest(s: BotState): boolean {
  const w = s.world;
  if (w.hpPercent < s.tuning.restBelowPercent || w.movePercent < 15) return true;
  return lying(s) && (w.hpPercent < s.tuning.restUntilPercent || w.movePercent < 60);
}

export const heal: Behavior = {
  name: 'heal',
  priority: 70,
  // Stunned or worse, there is nothing to do but wait (ROM: "You are hurt far too bad for that.").
  canStart: (s) => !s.world.fighting && !WOUNDED.has(s.world.stats.position) && needsRest(s),
  async run(ctx) {
    const sleep = ctx.tuning.sleepToHeal;
    if (sleep ? ctx.world.stats.position !== 'sleeping' : !lying(ctx.state))
      await ctx.send(sleep ? 'sleep' : 'rest');
    while (!ctx.world.fighting && needsRest(ctx.state)) {
      await ctx.wait(ctx.tuning.pollMs);
      await ctx.send('');
    }
    if (!ctx.world.fighting && lying(ctx.state)) await ctx.send('stand');
  },
};
