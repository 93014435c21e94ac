import { describe, expect, it } from 'vitest';
import { harness } from '../harness.ts';

describe('corrupt', () => {
  it('flips exactly one bit of a copy; the sender buffer is untouched', () => {
    const h = harness([['corrupt', 1]], 'datagram', 2);
    const original = Buffer.from('hello world');
    const sent = Buffer.from(original);
    h.send(sent);
    expect(sent.equals(original)).toBe(true);
    const got = h.out[0].data;
    let bits = 0;
    for (let i = 0; i < got.length; i++) {
      let x = got[i] ^ original[i];
      while (x) {
        bits += x & 1;
        x >>= 1;
      }
    }
    expect(bits).toBe(1);
    expect(h.recorder.counters.corrupted).toBe(1);
  });

  it('stream mode delivers the bytes intact after a retransmission stall', () => {
    const h = harness([['corrupt', { rate: 1, retransmitMs: 40 }]], 'stream');
    h.send('abc');
    h.scheduler.advance(39);
    expect(h.out).toEqual([]);
    h.scheduler.advance(1);
    expect(h.out.map((d) => [d.text, d.t])).toEqual([['abc', 40]]);
  });
});
