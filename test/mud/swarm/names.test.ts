import { describe, expect, it } from 'vitest';
import {
  indexLetters,
  loginFor,
  namePatternProblem,
  partIndices,
  swarmBotName,
} from '../../../src/mud/swarm/index.ts';

describe('swarm names', () => {
  it('turns an index into letters, bijective base 26', () => {
    expect([0, 1, 25, 26, 27, 701, 702].map(indexLetters)).toEqual(['a', 'b', 'z', 'aa', 'ab', 'zz', 'aaa']);
    expect(() => indexLetters(-1)).toThrow(RangeError);
  });

  it('names bots from a pattern, letters only, capitalised', () => {
    expect(swarmBotName('Bot', 0)).toBe('Bota');
    expect(swarmBotName('Bot', 27)).toBe('Botab');
    expect(swarmBotName('{letters}bot', 2)).toBe('Cbot');
    const names = new Set(Array.from({ length: 5000 }, (_, i) => swarmBotName('Bot', i)));
    expect(names.size).toBe(5000);
    for (const n of names) expect(n).toMatch(/^[A-Z][a-z]+$/);
  });

  it('refuses patterns with digits or too long for ROM', () => {
    expect(namePatternProblem('Bot')).toBeUndefined();
    expect(namePatternProblem('Bot1')).toMatch(/letters only/);
    expect(namePatternProblem('{letters}')).toMatch(/at least one letter/);
    expect(namePatternProblem('Abcdefghijk')).toMatch(/at most 9/);
  });

  it('splits a population into disjoint parts that cover it', () => {
    const parts = [0, 1, 2].map((index) => partIndices(10, { index, count: 3 }));
    expect(parts.map((p) => p.length)).toEqual([4, 3, 3]);
    expect(parts.flat().sort((a, b) => a - b)).toEqual([...Array(10).keys()]);
  });

  it('takes logins from credentials, or fails with a coded error when they run out', () => {
    const creds = [{ name: 'Ann', password: 'secret1' }];
    expect(loginFor(0, { credentials: creds, password: 'x' })).toEqual(creds[0]);
    expect(() => loginFor(1, { credentials: creds, password: 'x' })).toThrow(
      expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }),
    );
    expect(loginFor(3, { name: 'Bot', password: 'pw123' })).toEqual({ name: 'Botd', password: 'pw123' });
  });
});
