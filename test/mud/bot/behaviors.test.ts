// canStart of each default behaviour on a hand-built state (no sockets).
import { describe, expect, it } from 'vitest';
import { type BotState, DEFAULT_TUNING } from '../../../src/mud/bot/behavior.ts';
import {
  combat,
  equip,
  explore,
  exploreGoal,
  heal,
  idle,
  loot,
  shop,
  survive,
  train,
  wantsToFight,
} from '../../../src/mud/bot/behaviors/index.ts';
import type { RoomSeen } from '../../../src/mud/bot/bot-events.ts';
import type { FightRecord } from '../../../src/mud/bot/fight-tracker.ts';
import { WorldModel } from '../../../src/mud/bot/world.ts';

const room = (
  vnum: number,
  title: string,
  exits: [string, number][],
  mobs: RoomSeen['mobs'] = [],
): RoomSeen => ({
  vnum,
  title,
  exits: exits.map(([dir, v]) => ({ dir: dir as 'north', vnum: v, flags: [] })),
  mobs,
  objs: [],
  flags: [],
  source: 'bot',
  lines: [],
});
const mob = (name: string, level: number, flags: string[] = []) => ({
  name,
  keyword: name.split(' ')[0],
  level,
  flags: ['npc', ...flags],
});

function state(w = new WorldModel(), tuning = {}): BotState {
  w.apply(
    { kind: 'stats', source: 'score', stats: { hp: 20, maxHp: 20, level: 1, move: 100, maxMove: 100 } },
    0,
  );
  return {
    world: w,
    tuning: { ...DEFAULT_TUNING, ...tuning },
    now: 100_000,
    fight: undefined,
    lastFight: undefined,
    memory: {},
    scoreAt: 0,
    scoreStale: false,
  };
}

describe('default behaviours', () => {
  it('Survive flees only when fighting and hurt; Heal rests out of combat until restUntilPercent', () => {
    const s = state();
    s.world.apply({ kind: 'hit', by: 'them', who: 'the rat', verb: 'mauls', tier: 6 }, 0);
    s.world.apply({ kind: 'stats', source: 'prompt', stats: { hp: 4 } }, 0);
    expect(survive.canStart(s)).toBe(true);
    expect(heal.canStart(s)).toBe(false);
    s.world.endFight();
    expect(survive.canStart(s)).toBe(false);
    expect(heal.canStart(s)).toBe(true);
    s.world.apply({ kind: 'position', position: 'sleeping' }, 0);
    s.world.apply({ kind: 'stats', source: 'prompt', stats: { hp: 17 } }, 0); // 85 %: above restBelow, below restUntil
    expect(heal.canStart(s)).toBe(true);
    s.world.apply({ kind: 'stats', source: 'prompt', stats: { hp: 20 } }, 0);
    expect(heal.canStart(s)).toBe(false);
  });

  it('Combat attacks level-fit mobs only, never the ones on the avoid list, and not one it fled from', () => {
    const s = state();
    s.world.apply(
      {
        kind: 'room',
        room: room(
          3712,
          'The Cage Room',
          [['north', 3713]],
          [mob('adept cleric', 30), mob('monster fierce', 3)],
        ),
      },
      0,
    );
    expect(combat.canStart(s)).toBe(false);
    s.world.apply(
      { kind: 'room', room: room(3713, 'A Cage', [['south', 3712]], [mob('monster wimpy', 1)]) },
      0,
    );
    expect(combat.canStart(s)).toBe(true);
    const wimpy = s.world.current!.mobs[0];
    s.memory.combatEngaged = { key: '#3713|monster', level: 1, before: undefined };
    s.lastFight = { outcome: 'fled' } as FightRecord;
    expect(wantsToFight(s, wimpy, '#3713')).toBe(false);
    expect(combat.canStart(s)).toBe(false);
    s.world.stats.level = 2;
    expect(wantsToFight(s, wimpy, '#3713')).toBe(true);
  });

  it('Loot after a kill here, Equip after picking something up, Idle always', () => {
    const s = state();
    s.world.apply({ kind: 'room', room: room(1, 'Cage', []) }, 0);
    expect(loot.canStart(s)).toBe(false);
    s.world.apply({ kind: 'kill', victim: 'the rat' }, 0);
    expect(loot.canStart(s)).toBe(true);
    expect(equip.canStart(s)).toBe(false);
    s.world.apply({ kind: 'got', item: 'a dagger' }, 0);
    expect(equip.canStart(s)).toBe(true);
    expect(idle.canStart(s)).toBe(true);
  });

  it('Explore: alive targets first, then unexplored exits within the roam range, then respawn checks', () => {
    const s = state();
    s.world.apply(
      {
        kind: 'room',
        room: room(3700, 'Entrance', [
          ['north', 3757],
          ['down', 3001],
        ]),
      },
      0,
    );
    expect(exploreGoal(s)).toEqual({ path: ['north'], why: 'unexplored exit' }); // 3001 is outside 3700-3799
    s.world.moveSent('north');
    s.world.apply(
      { kind: 'room', room: room(3757, 'Hall', [['south', 3700]], [mob('monster wimpy', 1)]) },
      0,
    );
    s.world.moveSent('south');
    s.world.apply(
      {
        kind: 'room',
        room: room(3700, 'Entrance', [
          ['north', 3757],
          ['down', 3001],
        ]),
      },
      0,
    );
    expect(exploreGoal(s)?.why).toMatch(/^hunt monster wimpy/);
    expect(explore.canStart(s)).toBe(true);
    s.tuning.roamVnums = null;
    s.world.sightings.clear();
    expect(exploreGoal(s)).toEqual({ path: ['down'], why: 'unexplored exit' });
  });

  it('Train and Shop start once the trainer / shopkeeper is on the map and there is something to do', () => {
    const s = state(new WorldModel(), { buy: ['bread'] });
    s.world.apply(
      { kind: 'room', room: room(3758, 'Yard', [], [mob('sergeant trainer', 20, ['train'])]) },
      0,
    );
    expect(train.canStart(s)).toBe(false); // trains unknown
    s.world.apply({ kind: 'stats', source: 'score', stats: { trains: 3, practices: 0 } }, 0);
    expect(train.canStart(s)).toBe(true);
    expect(shop.canStart(s)).toBe(false);
    s.world.apply({ kind: 'room', room: room(3718, 'Store', [], [mob('quartermaster shopkeeper', 20)]) }, 0);
    expect(shop.canStart(s)).toBe(true);
  });
});

describe('Heal run', () => {
  // Test double: a context that records what Heal sends and ends the wait loop by healing at once.
  async function sent(position: 'standing' | 'resting' | 'sitting' | 'sleeping', sleepToHeal = true) {
    const s = state(new WorldModel(), { sleepToHeal });
    s.world.apply({ kind: 'stats', source: 'prompt', stats: { hp: 5 } }, 0);
    s.world.apply({ kind: 'position', position }, 0);
    const out: string[] = [];
    const ctx = {
      state: s,
      world: s.world,
      tuning: s.tuning,
      send: async (cmd: string) => {
        out.push(cmd);
        if (cmd === 'sleep') s.world.apply({ kind: 'position', position: 'sleeping' }, 0);
        if (cmd === 'rest') s.world.apply({ kind: 'position', position: 'resting' }, 0);
        if (cmd === 'stand') s.world.apply({ kind: 'position', position: 'standing' }, 0);
      },
      wait: async () => s.world.apply({ kind: 'stats', source: 'prompt', stats: { hp: 20 } }, 0),
    };
    expect(heal.canStart(s)).toBe(true);
    await heal.run(ctx as never);
    return out;
  }

  it('sleeps from standing, and from resting or sitting (a dead ROM player comes back resting; sleep regenerates twice as fast)', async () => {
    expect(await sent('standing')).toEqual(['sleep', '', 'stand']);
    expect(await sent('resting')).toEqual(['sleep', '', 'stand']);
    expect(await sent('sitting')).toEqual(['sleep', '', 'stand']);
    expect(await sent('sleeping')).toEqual(['', 'stand']);
  });

  it('without sleepToHeal rests from standing and stays put when already resting or sitting', async () => {
    expect(await sent('standing', false)).toEqual(['rest', '', 'stand']);
    expect(await sent('resting', false)).toEqual(['', 'stand']);
    expect(await sent('sitting', false)).toEqual(['', 'stand']);
  });
});

describe('Survive run', () => {
  it('stands up when tripped to the ground before fleeing again (ROM: "Nah... You feel too relaxed...")', async () => {
    // Mud98, the big creature: "the big creature trips you and you go down!" at 4 of 20 hp; every flee
    // after it was refused "Nah... You feel too relaxed..." (20 flees in 5 s) until the daze wore off.
    const s = state();
    s.world.apply({ kind: 'stats', source: 'prompt', stats: { hp: 4 } }, 0);
    s.world.apply({ kind: 'fighting' }, 0);
    let down = true;
    const out: string[] = [];
    const ctx = {
      state: s,
      world: s.world,
      tuning: s.tuning,
      send: async (cmd: string) => {
        out.push(cmd);
        if (cmd === 'stand') down = false;
        if (cmd === 'flee' && down)
          return {
            events: [{ kind: 'refusal', reason: 'position', text: 'Nah... You feel too relaxed...' }],
          };
        if (cmd === 'flee') s.world.apply({ kind: 'fled' }, 0);
        return { events: [] };
      },
    };
    expect(s.world.fighting).toBe(true);
    expect(survive.canStart(s)).toBe(true);
    await survive.run(ctx as never);
    expect(out).toEqual(['flee', 'stand', 'flee']);
    expect(s.world.fighting).toBe(false);
  });
});
