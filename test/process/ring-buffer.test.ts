import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../../src/process/ring-buffer.ts';

describe('RingBuffer', () => {
  it('keeps the newest items in order and counts what it dropped', () => {
    const ring = new RingBuffer<number>(3);
    for (let i = 1; i <= 10; i++) ring.push(i);
    expect(ring.toArray()).toEqual([8, 9, 10]);
    expect(ring.last(2)).toEqual([9, 10]);
    expect(ring.last(99)).toEqual([8, 9, 10]);
    expect(ring.length).toBe(3);
    expect(ring.dropped).toBe(7);
  });

  it('works below capacity', () => {
    const ring = new RingBuffer<string>(5);
    ring.push('a');
    ring.push('b');
    expect(ring.toArray()).toEqual(['a', 'b']);
    expect(ring.dropped).toBe(0);
  });

  it('evicts oldest items to stay within a weight budget, always keeping the newest', () => {
    const ring = new RingBuffer<string>(100, { maxWeight: 10, weigh: (s) => s.length });
    for (const s of ['aaaa', 'bbbb', 'cc', 'dddddd']) ring.push(s);
    expect(ring.toArray()).toEqual(['cc', 'dddddd']);
    expect(ring.totalWeight).toBe(8);
    expect(ring.dropped).toBe(2);
    ring.push('x'.repeat(50));
    expect(ring.toArray()).toEqual(['x'.repeat(50)]);
    expect(ring.dropped).toBe(4);
  });

  it('rejects a capacity below 1', () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError);
  });
});
