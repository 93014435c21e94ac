// MUD School combat as it is on real Mud98 (measured by hand on a Mud98 built from source, 127.0.0.1):
// - the four cages hold level-1, 8 hp monsters: north the aggressive monster, west the wimpy
//   aggressive monster, south the wimpy monster, east the monster; the blob waits below 3709;
// - an aggressive monster attacks with even odds each pulse (6 of 20 in the entry pulse, 6 one pulse
//   later, 6 two later, 2 later still); the wimpy aggressive one never attacks an awake player;
// - 24 new level-1 warriors vs the aggressive monster: 3-19 rounds (median 9), the warrior hit 39 %,
//   the monster 45 %, the monster tried to disarm in 25 of 243 rounds and always failed.
// Seeded game runs (no sockets, manual pulses): exact and independent of machine load.
import { describe, expect, it } from 'vitest';
import { Random } from '../../../src/util/random.ts';
import { createChar, makeGame, pulses } from './harness.ts';

const TO_CAGE_ROOM = ['north', 'north', 'west', 'north', 'north', 'west', 'down'];

function inCageRoom(seed: number, name = 'Student') {
  const run = makeGame({ random: new Random(seed), violencePulses: 2 });
  const { s, t } = createChar(run.game, name);
  for (const d of TO_CAGE_ROOM) {
    run.game.input(s, d);
    pulses(run.game, 2);
  }
  t.take();
  return { ...run, s, t };
}

describe('MUD School cages follow Mud98', () => {
  it('each cage holds a level-1, 8 hp monster; the blob waits in the Blob Cage below 3709', () => {
    const { game } = inCageRoom(1);
    const cage = (vnum: number) => {
      const mob = game.world.roomFor('Student', vnum, game.rng)?.people.find((p) => p.isNpc);
      return `${mob?.short} L${mob?.level} ${mob?.maxHit}hp`;
    };
    expect(game.world.roomFor('Student', 3712, game.rng)?.exits.get('north')?.to.vnum).toBe(3713);
    expect({ north: cage(3713), west: cage(3714), south: cage(3715), east: cage(3716) }).toEqual({
      north: 'the aggressive monster L1 8hp',
      west: 'the wimpy aggressive monster L1 8hp',
      south: 'the wimpy monster L1 8hp',
      east: 'the monster L1 8hp',
    });
    const blobRoom = game.world.roomFor('Student', 3710, game.rng);
    expect(blobRoom?.def.name).toBe('The Blob Cage');
    expect(blobRoom?.people.map((p) => `${p.short} L${p.level}`)).toEqual(['the blob L5']);
    expect(game.world.room(3709)?.exits.get('down')?.to.vnum).toBe(3710);
  });

  it('the way to the cages is one-way, as on Mud98: 3703 leads north to 3709, 3709 has no way back', () => {
    // Mud98's school.are: #3703 D0 -> 3709; #3709 has only D3 (3711) and D5 (3710); below are the
    // cages and no exit back up to 3757's trainer and practice master (a bot must train first).
    const { game } = inCageRoom(1);
    expect(game.world.room(3703)?.exits.get('north')?.to.vnum).toBe(3709);
    expect([...(game.world.room(3709)?.exits.keys() ?? [])].sort()).toEqual(['down', 'west']);
  });

  it('the aggressive monster attacks with even odds each pulse, not always on entry', () => {
    const firstAttackPulse: number[] = [];
    for (let seed = 1; seed <= 60; seed++) {
      const { game, s, t } = inCageRoom(seed);
      game.input(s, 'north'); // instant pacing: the move runs now; the next pulse may bring the attack
      t.take();
      let n = 0;
      while (n < 20 && !s.char?.fighting) {
        game.pulse();
        n++;
      }
      firstAttackPulse.push(n);
    }
    const onEntry = firstAttackPulse.filter((n) => n === 1).length;
    expect(onEntry).toBeGreaterThan(18); // ~30 of 60 expected
    expect(onEntry).toBeLessThan(42);
    expect(Math.max(...firstAttackPulse)).toBeGreaterThanOrEqual(3);
    expect(Math.max(...firstAttackPulse)).toBeLessThan(20);
  });

  it('the wimpy aggressive monster leaves an awake player alone and attacks a sleeping one', () => {
    const { game, s, t } = inCageRoom(3);
    game.input(s, 'west');
    pulses(game, 40);
    expect(s.char?.fighting).toBeUndefined();
    expect(t.take()).not.toMatch(/claw/);
    game.input(s, 'sleep');
    for (let i = 0; i < 40 && !s.char?.fighting; i++) game.pulse();
    expect(s.char?.fighting?.short).toBe('the wimpy aggressive monster');
  });

  it('a new warrior needs Mud98 numbers of rounds to kill the aggressive monster, which tries to disarm', () => {
    const rounds: number[] = [];
    let swings = 0;
    let misses = 0;
    let theirSwings = 0;
    let theirMisses = 0;
    let disarms = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const { game, s, t, events } = inCageRoom(seed, 'Fighter');
      game.input(s, 'north');
      game.input(s, 'kill monster');
      for (let i = 0; i < 400 && !events.some((e) => e.event === 'kill' || e.event === 'death'); i++)
        game.pulse();
      const log = t.take();
      const mine = log.match(/^Your slash /gm)?.length ?? 0;
      rounds.push(mine);
      swings += mine;
      misses += log.match(/^Your slash misses/gm)?.length ?? 0;
      theirSwings += log.match(/aggressive monster's claw/g)?.length ?? 0;
      theirMisses += log.match(/aggressive monster's claw misses you/g)?.length ?? 0;
      disarms += log.match(/tries to disarm you, but fails\./g)?.length ?? 0;
      expect(log).not.toMatch(/DISARMS you/);
    }
    rounds.sort((a, b) => a - b);
    expect(rounds[0]).toBeLessThanOrEqual(4);
    expect(rounds[rounds.length - 1]).toBeGreaterThanOrEqual(13);
    const median = rounds[rounds.length >> 1];
    expect(median).toBeGreaterThanOrEqual(6);
    expect(median).toBeLessThanOrEqual(12);
    expect(1 - misses / swings).toBeGreaterThan(0.3);
    expect(1 - misses / swings).toBeLessThan(0.5);
    expect(1 - theirMisses / theirSwings).toBeGreaterThan(0.35);
    expect(1 - theirMisses / theirSwings).toBeLessThan(0.56);
    expect(disarms / theirSwings).toBeGreaterThan(0.05);
    expect(disarms / theirSwings).toBeLessThan(0.18);
  });
});
