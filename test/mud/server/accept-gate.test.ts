// The quirks accept gate's rule, driven by hand: arrivals and pulses at exact times, so the rule is
// checked without the kernel's listen backlog and SYN retries (which net.test.ts meets over real sockets).
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { AcceptGate, QUEUE_MAX, SYN_RETRY_MS } from '../../../mud-fixtures/lib/net/accept-gate.ts';

class FakeSocket extends EventEmitter {
  destroyed = false;
  readonly id: number;
  constructor(id: number) {
    super();
    this.id = id;
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('close');
  }
}

function gate(quirks = true) {
  let now = 0;
  const started: { id: number; early: string; at: number }[] = [];
  const g = new AcceptGate({
    quirks,
    now: () => now,
    start: (s, early) =>
      started.push({ id: (s as unknown as FakeSocket).id, early: Buffer.concat(early).toString(), at: now }),
  });
  let next = 0;
  return {
    g,
    started,
    ids: () => started.map((x) => x.id),
    arrive: () => {
      const s = new FakeSocket(next++);
      g.offer(s as unknown as Socket);
      return s;
    },
    advance: (ms: number) => {
      now += ms;
    },
    /** Pulses every 250 ms for `ms`. */
    run: (ms: number) => {
      for (let t = 0; t < ms; t += 250) {
        now += 250;
        g.pulse();
      }
    },
  };
}

describe('AcceptGate (quirks accept path)', () => {
  it('starts everyone at once outside quirks mode', () => {
    const t = gate(false);
    for (let i = 0; i < 20; i++) t.arrive();
    expect(t.started).toHaveLength(20);
  });

  it('a simultaneous burst: the first 8 one per pulse; the rest never by waiting, at once after a byte, with it', () => {
    const t = gate();
    const socks = Array.from({ length: 12 }, () => t.arrive());
    expect(t.g.stats.stalled).toBe(12 - QUEUE_MAX);
    t.run(250 * 3);
    expect(t.ids()).toEqual([0, 1, 2]); // one per pulse
    t.run(60_000); // a minute: past every SYN retry
    expect(t.ids()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    socks[10].emit('data', Buffer.from('x'));
    socks[9].emit('data', Buffer.from('yz'));
    t.run(250 * 2);
    expect(t.started.slice(8).map((x) => [x.id, x.early])).toEqual([
      [9, 'yz'],
      [10, 'x'],
    ]);
    expect(t.g.waiting).toBe(2);
  });

  it('an overload slower than a burst gets in on the SYN retry schedule without a byte', () => {
    const t = gate();
    for (let i = 0; i < 12; i++) {
      t.arrive();
      t.advance(100); // 100 ms apart: not one burst, faster than 1 per 250 ms pulse
    }
    t.g.pulse();
    expect(t.started).toHaveLength(1);
    t.run(SYN_RETRY_MS[0] - 500);
    const beforeRetry = t.started.length;
    expect(beforeRetry).toBeLessThan(12);
    t.run(SYN_RETRY_MS[1] + 1000);
    expect(t.started).toHaveLength(12);
    // The late ones started on a retry: at least one more than a second after it arrived.
    expect(Math.max(...t.started.map((x, i) => x.at - i * 100))).toBeGreaterThan(SYN_RETRY_MS[0]);
  });

  it('a stagger slower than the pulse greets everyone, never stalls', () => {
    const t = gate();
    for (let i = 0; i < 20; i++) {
      t.arrive();
      t.advance(50);
      t.run(250);
    }
    expect(t.started).toHaveLength(20);
    expect(t.g.stats.stalled).toBe(0);
  });

  it('bounds what a waiting client sends, and forgets a client that leaves', () => {
    const t = gate();
    const socks = Array.from({ length: 10 }, () => t.arrive());
    socks[9].emit('data', Buffer.alloc(9000, 97));
    expect(t.g.stats.earlyDropped).toBe(9000);
    socks[8].destroy();
    expect(t.g.waiting).toBe(9);
    t.g.destroyAll();
    expect(socks.every((s) => s.destroyed)).toBe(true);
    expect(t.g.waiting).toBe(0);
  });
});
