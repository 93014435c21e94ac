// The default behaviours, one module each, in priority order. Add your own beside them:
//   mudBot({ behaviors: [...defaultBehaviors(), myBehavior] })
import type { Behavior } from '../behavior.ts';
import { combat } from './combat.ts';
import { equip } from './equip.ts';
import { explore } from './explore.ts';
import { heal } from './heal.ts';
import { idle } from './idle.ts';
import { loot } from './loot.ts';
import { shop } from './shop.ts';
import { survive } from './survive.ts';
import { train } from './train.ts';

export { targetInRoom, wantsToFight } from './combat.ts';
export { exploreGoal } from './explore.ts';
export { combat, equip, explore, heal, idle, loot, shop, survive, train };

/** Survive 100, Combat 80, Heal 70, Loot 60, Equip 50, Train 45, Explore 40, Shop 20, Idle 10. */
export function defaultBehaviors(): Behavior[] {
  return [survive, combat, heal, loot, equip, train, explore, shop, idle];
}
