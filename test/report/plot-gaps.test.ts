// Outages in the plots: a series without samples for a while (or with null samples) is drawn as a
// broken line, never as zeros or a straight line across the outage.
import { describe, expect, it } from 'vitest';
import { buildReport, plotForMeta } from '../../src/report/build-report.ts';
import { breakGaps } from '../../src/report/normalize-meta.ts';
import { renderHtml } from '../../src/report/render-html.ts';
import { collectedRun, collectedTest, pathMoves } from './synthetic.ts';

/** Latency every 500 ms for 10 s, nothing delivered from 4 s to 6 s (an outage). */
function holeySeries(): [number, number][] {
  const pts: [number, number][] = [];
  for (let t = 0; t <= 10_000; t += 500) if (t < 4000 || t > 6000) pts.push([t, 40 + (t % 1500) / 100]);
  return pts;
}

describe('breakGaps', () => {
  it('inserts a null where samples stop for more than 2.5 median intervals', () => {
    const out = breakGaps(holeySeries());
    const nulls = out.filter(([, v]) => v === null);
    expect(nulls).toEqual([[5000, null]]);
    expect(out.length).toBe(holeySeries().length + 1);
  });

  it('leaves regular, jittered and short series alone', () => {
    const regular: [number, number][] = Array.from({ length: 50 }, (_, i) => [i * 1000 + (i % 3) * 90, i]);
    expect(breakGaps(regular)).toEqual(regular);
    // One missing sample (2 x the interval) is not an outage.
    const oneMissing = regular.filter((_, i) => i !== 10);
    expect(breakGaps(oneMissing)).toEqual(oneMissing);
    const two: [number, number][] = [
      [0, 1],
      [10_000, 2],
    ];
    expect(breakGaps(two)).toEqual(two);
  });

  it('does not add a second break next to a gap already marked by null', () => {
    const pts: [number, number | null][] = [
      [0, 1],
      [1000, 1],
      [2000, 1],
      [3000, null],
      [9000, 1],
      [10_000, 1],
    ];
    expect(breakGaps(pts)).toEqual(pts);
  });
});

describe('plots break during outages', () => {
  it('a series with no samples during an outage gets a gap (null) in its plot data', () => {
    const plot = plotForMeta(
      {
        t0: 1_700_000_000_000,
        timeseries: [{ name: 'net c1 down latency', unit: 'ms', source: 'c1', points: holeySeries() }],
      },
      { id: 'x', title: 'outage', failed: false },
    );
    const pts = plot?.series[0].points ?? [];
    const gap = pts.findIndex(([, v]) => v === null);
    expect(gap).toBeGreaterThan(0);
    expect(pts[gap - 1][0]).toBe(3500);
    expect(pts[gap + 1][0]).toBe(6500);
  });

  it('report.html draws that series as two polyline pieces (two M moves), a regular one as one', async () => {
    const t0 = 1_700_000_000_000;
    const regular: [number, number][] = Array.from({ length: 21 }, (_, i) => [i * 500, 30]);
    const run = collectedRun([
      collectedTest({
        name: 'outage',
        rawMeta: {
          netwright: {
            t0,
            timeseries: [
              { name: 'holey', unit: 'ms', points: holeySeries() },
              { name: 'regular', unit: 'ms', points: regular },
            ],
          },
        },
      }),
    ]);
    const html = renderHtml(await buildReport(run, { outputDir: '/tmp/nw-gaps' }));
    const moves = pathMoves(html);
    expect(moves.get('holey')).toBe(2);
    expect(moves.get('regular')).toBe(1);
  });
});
