// Train/Practice (45): spend training sessions at the trainer (`train <stat>`) and practice sessions
// at the practice master (`practice <skill>`), once their rooms are on the map. Above explore (40):
// on Mud98 the way from the trainer to the cages is one-way (3703 north to 3709), so a bot that
// explored on first never came back to train (measured: 11.6 min to level 2, 3 trains unspent).
import { type Behavior, type BotState, memo } from '../behavior.ts';
import type { RoomNode } from '../world.ts';

function hasMob(room: RoomNode, flag: string, keywords: readonly string[]): boolean {
  return room.mobs.some(
    // The whole line too: Mud98's trainer is "An adept of Furey is here, training young students."
    (m) =>
      m.flags.includes(flag) ||
      keywords.some((k) => `${m.name} ${m.keyword} ${m.line ?? ''}`.toLowerCase().includes(k)),
  );
}

function mem(s: BotState): { noTrainer: Set<string>; noPractice: Set<string>; learned: Set<string> } {
  return memo(s, 'train', () => ({
    noTrainer: new Set<string>(),
    noPractice: new Set<string>(),
    learned: new Set<string>(),
  }));
}

/** The skill to practise: tuning, else the wielded weapon's kind (ROM weapon names). */
function skillOf(s: BotState): string | undefined {
  if (s.tuning.practiceSkill) return s.tuning.practiceSkill;
  const wielded = Object.entries(s.world.equipment).find(([slot]) => slot.includes('wield'))?.[1] ?? '';
  return ['sword', 'dagger', 'staff', 'mace', 'axe', 'flail', 'whip', 'polearm'].find((w) =>
    wielded.includes(w),
  );
}

function trainerRoom(s: BotState): RoomNode | undefined {
  if (!(s.world.stats.trains! > 0)) return undefined;
  const m = mem(s);
  return s.world.findRooms((r) => !m.noTrainer.has(r.key) && hasMob(r, 'train', s.tuning.trainerKeywords))[0];
}

function practiceRoom(s: BotState): RoomNode | undefined {
  const skill = skillOf(s);
  if (!(s.world.stats.practices! > 0) || !skill || mem(s).learned.has(skill)) return undefined;
  const m = mem(s);
  return s.world.findRooms(
    (r) => !m.noPractice.has(r.key) && hasMob(r, 'practice', s.tuning.practiceKeywords),
  )[0];
}

export const train: Behavior = {
  name: 'train',
  priority: 45,
  canStart: (s) =>
    !s.world.fighting &&
    s.world.stats.position === 'standing' &&
    (trainerRoom(s) !== undefined || practiceRoom(s) !== undefined),
  async run(ctx) {
    const s = ctx.state;
    const m = mem(s);
    const t = trainerRoom(s);
    if (t) {
      if (!(await ctx.walkTo(t.key))) return;
      while ((ctx.world.stats.trains ?? 0) > 0) {
        const r = await ctx.send(`train ${ctx.tuning.trainStat}`);
        if (r.events.some((e) => e.kind === 'refusal' && e.reason === 'cant')) m.noTrainer.add(t.key);
        if (!r.events.some((e) => e.kind === 'trained')) break;
        ctx.world.stats.trains = (ctx.world.stats.trains ?? 1) - 1;
      }
      return;
    }
    const p = practiceRoom(s);
    const skill = skillOf(s);
    if (!p || !skill || !(await ctx.walkTo(p.key))) return;
    while ((ctx.world.stats.practices ?? 0) > 0) {
      const r = await ctx.send(`practice ${skill}`);
      if (r.events.some((e) => e.kind === 'refusal' && e.reason === 'cant')) m.noPractice.add(p.key);
      const done = r.events.find((e) => e.kind === 'practiced');
      if (!done) break;
      ctx.world.stats.practices = (ctx.world.stats.practices ?? 1) - 1;
      if (done.kind === 'practiced' && done.learned) {
        m.learned.add(skill);
        break;
      }
    }
  },
};
