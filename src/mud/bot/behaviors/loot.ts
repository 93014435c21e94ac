// Loot (60): after a kill, take what the corpse holds.
import type { Behavior } from '../behavior.ts';

export const loot: Behavior = {
  name: 'loot',
  priority: 60,
  canStart: (s) =>
    !s.world.fighting &&
    s.world.stats.position !== 'sleeping' &&
    s.world.lootRoom !== undefined &&
    s.world.lootRoom === s.world.current?.key,
  async run(ctx) {
    ctx.world.lootRoom = undefined; // once per kill, whatever the corpse holds
    await ctx.send('get all corpse');
  },
};
