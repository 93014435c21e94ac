import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/util/clock.ts';
import { deriveSeed, Random } from '../../src/util/random.ts';

describe('Random', () => {
  it('replays the same sequence for the same seed and differs for another', () => {
    const a = new Random(42);
    const b = new Random(42);
    const c = new Random(43);
    const seqA = Array.from({ length: 8 }, () => a.nextUint32());
    expect(Array.from({ length: 8 }, () => b.nextUint32())).toEqual(seqA);
    expect(Array.from({ length: 8 }, () => c.nextUint32())).not.toEqual(seqA);
  });

  it('has uniform mean, normal moments and chance rates within statistical tolerance', () => {
    const r = new Random(7);
    const n = 50_000;
    let sum = 0;
    let hits = 0;
    const normals: number[] = [];
    for (let i = 0; i < n; i++) {
      sum += r.next();
      if (r.chance(0.1)) hits++;
      normals.push(r.normal(50, 10));
    }
    expect(sum / n).toBeCloseTo(0.5, 2);
    expect(hits / n).toBeGreaterThan(0.095);
    expect(hits / n).toBeLessThan(0.105);
    const mean = normals.reduce((s, x) => s + x, 0) / n;
    const sd = Math.sqrt(normals.reduce((s, x) => s + (x - mean) ** 2, 0) / n);
    expect(mean).toBeCloseTo(50, 0);
    expect(sd).toBeGreaterThan(9.8);
    expect(sd).toBeLessThan(10.2);
  });

  it('int stays in range and forks are independent but deterministic', () => {
    const r = new Random(1);
    for (let i = 0; i < 1000; i++) {
      const v = r.int(3, 5);
      expect(v).toBeGreaterThanOrEqual(3);
      expect(v).toBeLessThanOrEqual(5);
    }
    expect(new Random(9).fork('a').next()).toBe(new Random(9).fork('a').next());
    expect(deriveSeed(9, 'a')).not.toBe(deriveSeed(9, 'b'));
  });
});

describe('ManualClock', () => {
  it('moves only when advanced and refuses to go backwards', () => {
    const c = new ManualClock(10);
    expect(c.now()).toBe(10);
    c.advance(5.5);
    expect(c.now()).toBe(15.5);
    expect(() => c.set(1)).toThrow(RangeError);
    expect(() => c.advance(-1)).toThrow(RangeError);
  });
});
