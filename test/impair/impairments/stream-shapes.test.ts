import { describe, expect, it } from 'vitest';
import { harness } from '../harness.ts';

describe('stream-shaped impairments', () => {
  it('slicer halves chunks like Toxiproxy (8 bytes, average 3: 4+4, then 2+2+2+2), delayUs apart', () => {
    const h = harness([['slicer', { averageSize: 3, delayUs: 2000 }]], 'stream');
    h.send('abcdefgh');
    // Toxiproxy also waits delayUs after the last piece before it takes the next chunk.
    h.send('xy');
    h.scheduler.advance(100);
    expect(h.out.map((d) => [d.text, d.t])).toEqual([
      ['ab', 0],
      ['cd', 2],
      ['ef', 4],
      ['gh', 6],
      ['xy', 8],
    ]);
  });

  it('slicer with variation keeps every byte in order', () => {
    const h = harness([['slicer', { averageSize: 10, sizeVariation: 5 }]], 'stream', 3);
    const text = 'x'.repeat(5).concat(...Array.from({ length: 100 }, (_, i) => String(i)));
    h.send(text);
    h.scheduler.advance(1);
    expect(h.out.map((d) => d.text).join('')).toBe(text);
    // A range stops being split once it is at most averageSize + sizeVariation long.
    expect(h.out.every((d) => d.data.length >= 1 && d.data.length <= 15)).toBe(true);
    expect(h.out.length).toBeGreaterThan(10);
  });

  it('timeout drops data and closes after timeoutMs; 0 never closes', () => {
    const h = harness([['timeout', 100]], 'stream');
    h.send('a');
    h.scheduler.advance(99);
    expect(h.events).toEqual([]);
    h.scheduler.advance(1);
    expect(h.events).toEqual(['close:timeout']);
    expect(h.out).toEqual([]);
    expect(h.recorder.dropped.timeout).toBe(1);
    const z = harness([['timeout', 0]], 'stream');
    z.send('a');
    z.scheduler.advance(1e6);
    expect(z.events).toEqual([]);
  });

  it('resetPeer waits for the first data, drops it and all after, and resets timeoutMs later (Toxiproxy)', () => {
    const h = harness([['resetPeer', 30]], 'stream');
    h.scheduler.advance(1000);
    expect(h.events).toEqual([]);
    h.send('a');
    h.send('b');
    expect(h.out).toEqual([]);
    h.scheduler.advance(29);
    expect(h.events).toEqual([]);
    h.scheduler.advance(1);
    expect(h.events).toEqual(['reset:resetPeer']);
  });

  it('slowClose delays only the FIN', () => {
    const h = harness([['slowClose', 500]], 'stream');
    h.send('a');
    h.chain.end();
    expect(h.out.map((d) => d.kind)).toEqual(['data']);
    h.scheduler.advance(500);
    expect(h.out.map((d) => [d.kind, d.t])).toEqual([
      ['data', 0],
      ['fin', 500],
    ]);
  });

  it('limitData passes exactly N bytes then closes', () => {
    const h = harness([['limitData', 5]], 'stream');
    h.send('abc');
    h.send('defg');
    h.send('h');
    expect(h.out.map((d) => d.text).join('')).toBe('abcde');
    expect(h.events).toEqual(['close:limitData']);
    expect(h.recorder.dropped.limit).toBe(1);
  });

  it('stream-only stages are refused on datagram chains', () => {
    expect(() => harness([['slicer', { averageSize: 3 }]], 'datagram')).toThrow(/TCP links only/);
  });
});
