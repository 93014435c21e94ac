// Equip (50): after picking things up, wear (wield, hold) whatever fits.
import type { Behavior } from '../behavior.ts';

export const equip: Behavior = {
  name: 'equip',
  priority: 50,
  canStart: (s) => !s.world.fighting && s.world.stats.position !== 'sleeping' && s.world.newItems.length > 0,
  async run(ctx) {
    ctx.world.newItems = [];
    await ctx.send('wear all');
  },
};
