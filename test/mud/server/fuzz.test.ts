import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Char } from '../../../mud-fixtures/lib/world/entities.ts';
import { Random } from '../../../src/util/random.ts';
import { createChar, FakeTransport, makeGame } from './harness.ts';

const WORDS = [
  'north',
  'south',
  'east',
  'west',
  'up',
  'down',
  'look',
  'kill',
  'flee',
  'recall',
  'rest',
  'sleep',
  'wake',
  'stand',
  'get',
  'drop',
  'wear',
  'wield',
  'remove',
  'list',
  'buy',
  'sell',
  'train',
  'practice',
  'follow',
  'group',
  'score',
  'inventory',
  'equipment',
  'open',
  'close',
  'prompt',
  'autoexit',
  'consider',
  'eat',
  'sacrifice',
  'exits',
  'who',
  'say',
  'botreset',
  'help',
  'commands',
  'brief',
  'compact',
  'colour',
  'save',
];
const ARGS = [
  '',
  'monster',
  'all',
  'corpse',
  'all corpse',
  'door',
  'self',
  'cap',
  'sword',
  'hp',
  'str',
  '2.monster',
  "'x y",
  '%h%H%r',
];

describe('fixture MUD under random input', () => {
  it('never throws and keeps its invariants for random command sequences', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...ARGS), fc.nat(3)), {
          maxLength: 120,
        }),
        fc.integer({ min: 1, max: 1000 }),
        (cmds, seed) => {
          const { game } = makeGame({ violencePulses: 2, tickPulses: 20, random: new Random(seed) });
          const { s } = createChar(game, 'Fuzzer');
          for (const [w, a, p] of cmds) {
            if (s.state === 'closed') break;
            game.input(s, `${w} ${a}`.trim());
            for (let i = 0; i < p; i++) game.pulse();
          }
          expect(game.counters.errors).toBe(0);
          const ch = s.char as Char | undefined;
          if (ch && !ch.extracted) {
            expect(ch.room).toBeDefined();
            expect(ch.hit).toBeLessThanOrEqual(ch.maxHit);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('random bytes in the login dialogue never throw', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 20 }), { maxLength: 15 }), (lines) => {
        const { game } = makeGame();
        const t = new FakeTransport();
        const s = game.connect(t, '127.0.0.1');
        for (const l of lines) game.input(s, l);
        expect(game.counters.errors).toBe(0);
      }),
      { numRuns: 100 },
    );
  });
});
