// Shop (20): buy the items in `tuning.buy` (once each) from a shopkeeper on the map.
import { type Behavior, type BotState, memo } from '../behavior.ts';
import type { RoomNode } from '../world.ts';

function tried(s: BotState): Set<string> {
  return memo(s, 'shopTried', () => new Set<string>());
}

function shopRoom(s: BotState): RoomNode | undefined {
  const kw = s.tuning.shopKeywords;
  return s.world.findRooms((r) =>
    r.mobs.some(
      (m) =>
        m.flags.includes('shopkeeper') || kw.some((k) => `${m.name} ${m.keyword}`.toLowerCase().includes(k)),
    ),
  )[0];
}

export const shop: Behavior = {
  name: 'shop',
  priority: 20,
  canStart: (s) =>
    !s.world.fighting &&
    s.world.stats.position === 'standing' &&
    s.tuning.buy.some((item) => !tried(s).has(item)) &&
    shopRoom(s) !== undefined,
  async run(ctx) {
    const room = shopRoom(ctx.state);
    if (!room || !(await ctx.walkTo(room.key))) return;
    for (const item of ctx.tuning.buy) {
      if (tried(ctx.state).has(item)) continue;
      tried(ctx.state).add(item);
      await ctx.send(`buy ${item}`);
    }
    if (ctx.world.newItems.length === 0) await ctx.send('inventory');
  },
};
