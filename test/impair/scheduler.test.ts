import { describe, expect, it } from 'vitest';
import { ManualScheduler, PreciseScheduler } from '../../src/impair/scheduler.ts';
import { ManualClock } from '../../src/util/clock.ts';

describe('ManualScheduler', () => {
  it('fires in due order (FIFO on ties) with the clock set to each due time', () => {
    const clock = new ManualClock(0);
    const s = new ManualScheduler(clock);
    const log: string[] = [];
    s.at(30, () => log.push(`c@${clock.now()}`));
    s.at(10, () => log.push(`a@${clock.now()}`));
    s.at(10, () => {
      log.push(`b@${clock.now()}`);
      s.at(12, () => log.push(`d@${clock.now()}`));
    });
    const h = s.at(20, () => log.push('cancelled'));
    h.cancel();
    s.advance(25);
    expect(log).toEqual(['a@10', 'b@10', 'd@12']);
    expect(clock.now()).toBe(25);
    s.advance(5);
    expect(log.at(-1)).toBe('c@30');
  });
});

describe('PreciseScheduler', () => {
  it('never fires early and fires everything', async () => {
    const s = new PreciseScheduler();
    const late: number[] = [];
    const n = 50;
    await new Promise<void>((resolve) => {
      let done = 0;
      for (let i = 0; i < n; i++) {
        const due = performance.now() + (i % 10) * 1.3;
        s.at(due, () => {
          late.push(performance.now() - due);
          if (++done === n) resolve();
        });
      }
    });
    s.close();
    expect(late).toHaveLength(n);
    expect(Math.min(...late)).toBeGreaterThanOrEqual(0);
  });

  it('close cancels everything pending', async () => {
    const s = new PreciseScheduler();
    let fired = false;
    s.at(performance.now() + 5, () => {
      fired = true;
    });
    s.close();
    await new Promise((r) => setTimeout(r, 30));
    expect(fired).toBe(false);
  });

  it('with a zero spin budget it never polls, still fires everything and never early', async () => {
    const s = new PreciseScheduler({ maxSpinShare: 0 });
    const late: number[] = [];
    await new Promise<void>((resolve) => {
      let done = 0;
      for (let i = 0; i < 20; i++) {
        const due = performance.now() + 1 + i * 0.7;
        s.at(due, () => {
          late.push(performance.now() - due);
          if (++done === 20) resolve();
        });
      }
    });
    s.close();
    expect(Math.min(...late)).toBeGreaterThanOrEqual(0);
    expect(s.counters.fired).toBe(20);
    // every wait within spinMs was turned into a timer; the only immediates are for already-due work
    expect(s.counters.throttled).toBeGreaterThan(0);
  });
});
