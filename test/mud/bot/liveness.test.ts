// The silence watch on real timers (short thresholds): probe, then silent; no probe, then silent later.
import { describe, expect, it } from 'vitest';
import { Liveness } from '../../../src/mud/bot/liveness.ts';

describe('Liveness', () => {
  it('probes after probeAfterMs of quiet and reports silence silentMs after an unanswered probe', async () => {
    const sent = performance.now();
    let probes = 0;
    const silent = new Promise<{ quiet: number; probed: boolean }>((resolve) => {
      const l = new Liveness(
        {
          lastReceiveAt: () => undefined,
          inFlightSince: () => sent,
          probe: () => {
            probes++;
            return true;
          },
          onSilent: (quiet, probed) => resolve({ quiet, probed }),
        },
        { probeAfterMs: 20, silentMs: 40 },
      );
      l.arm();
    });
    const r = await silent;
    expect(probes).toBe(1);
    expect(r.probed).toBe(true);
    expect(r.quiet).toBeGreaterThanOrEqual(59);
  });

  it('stays quiet while answers keep coming, and falls back to maxSilenceMs without a probe', async () => {
    let last = performance.now();
    const feed = setInterval(() => {
      last = performance.now();
    }, 5);
    let silences = 0;
    const l = new Liveness(
      { lastReceiveAt: () => last, inFlightSince: () => 0, probe: () => false, onSilent: () => silences++ },
      { probeAfterMs: 20, silentMs: 20, maxSilenceMs: 60 },
    );
    l.arm();
    await new Promise((r) => setTimeout(r, 150));
    expect(silences).toBe(0);
    clearInterval(feed);
    const t0 = performance.now();
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (silences > 0) {
          clearInterval(check);
          resolve();
        }
      }, 5);
    });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(40);
    l.stop();
  });
});

describe('Liveness.checkNow (a swarm asks an idle bot to check the server)', () => {
  it('probes at once with nothing in flight and reports silence when the probe goes unanswered', async () => {
    let probes = 0;
    const t0 = performance.now();
    const r = await new Promise<{ quiet: number; probed: boolean }>((resolve) => {
      const l = new Liveness(
        {
          lastReceiveAt: () => t0 - 5000, // idle for 5 s: nothing in flight, nothing heard
          inFlightSince: () => undefined,
          probe: () => {
            probes++;
            return true;
          },
          onSilent: (quiet, probed) => resolve({ quiet, probed }),
        },
        { probeAfterMs: 250, silentMs: 40 },
      );
      l.checkNow();
      expect(probes).toBe(1); // at once, not after probeAfterMs
    });
    expect(r.probed).toBe(true);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('an answer ends the check: no silence, no more probes; without a probe it does nothing', async () => {
    let last: number | undefined;
    let probes = 0;
    let silences = 0;
    const l = new Liveness(
      {
        lastReceiveAt: () => last,
        inFlightSince: () => undefined,
        probe: () => {
          probes++;
          setTimeout(() => {
            last = performance.now();
          }, 10);
          return true;
        },
        onSilent: () => silences++,
      },
      { probeAfterMs: 20, silentMs: 40 },
    );
    l.checkNow();
    await new Promise((r) => setTimeout(r, 200));
    expect({ probes, silences }).toEqual({ probes: 1, silences: 0 });
    const none = new Liveness(
      {
        lastReceiveAt: () => undefined,
        inFlightSince: () => undefined,
        probe: () => false,
        onSilent: () => silences++,
      },
      { probeAfterMs: 20, silentMs: 20, maxSilenceMs: 40 },
    );
    none.checkNow();
    await new Promise((r) => setTimeout(r, 120));
    expect(silences).toBe(0);
    l.stop();
    none.stop();
  });
});
