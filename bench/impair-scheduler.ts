// How late do callbacks fire? Node setTimeout alone vs the PreciseScheduler (setTimeout to ~2 ms
// before due, then setImmediate polling), for packet-like loads: N callbacks at R per second, each
// due 50 ms after it was scheduled. 'budget25' is the PreciseScheduler polling at most 25 % of the
// time. Prints lateness (fire time - due) p50/p99/max in ms.
// Run: node bench/impair-scheduler.ts
import os from 'node:os';
import { PreciseScheduler } from '../src/impair/scheduler.ts';
import { LatencyHistogram } from '../src/metrics/histogram.ts';

const DELAY_MS = 50;
/** Callbacks of the last run that fired before their due time. */
let early = 0;

async function run(
  kind: 'setTimeout' | 'precise' | 'budget25',
  pps: number,
  durationMs: number,
): Promise<LatencyHistogram> {
  const hist = new LatencyHistogram();
  early = 0;
  const sched = new PreciseScheduler(kind === 'budget25' ? { maxSpinShare: 0.25 } : {});
  let scheduled = 0;
  let fired = 0;
  const total = Math.round((pps * durationMs) / 1000);
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      const should = Math.min(total, Math.floor(((now - start) * pps) / 1000));
      while (scheduled < should) {
        scheduled++;
        const due = performance.now() + DELAY_MS;
        const fire = () => {
          const late = performance.now() - due;
          if (late < 0) early++;
          hist.record(Math.max(0, late));
          if (++fired === total) resolve();
        };
        if (kind !== 'setTimeout') sched.at(due, fire);
        else setTimeout(fire, DELAY_MS);
      }
      if (scheduled < total) setImmediate(tick);
    };
    tick();
  });
  sched.close();
  return hist;
}

export async function benchScheduler(): Promise<void> {
  const rows: string[] = [];
  for (const pps of [1000, 5000, 10_000]) {
    for (const kind of ['setTimeout', 'precise', 'budget25'] as const) {
      const h = await run(kind, pps, 2000);
      const s = h.summary();
      rows.push(
        `${String(pps).padStart(6)} pps  ${kind.padEnd(10)}  p50 ${s.p50.toFixed(3).padStart(7)}  p99 ${s.p99.toFixed(3).padStart(7)}  max ${s.max.toFixed(3).padStart(7)}  early ${String(early).padStart(5)}  (n=${s.count})`,
      );
    }
  }
  console.log(
    `scheduler lateness (ms after due; 50 ms delays; lower is better; loadavg ${os.loadavg()[0].toFixed(1)})`,
  );
  for (const r of rows) console.log(`  ${r}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchScheduler();
