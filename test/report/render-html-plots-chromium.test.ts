// report.html plots checked in headless Chromium (issue #13): lines break during outages. Each test
// saves its page and screenshot in its own netwright log directory (netwright-report/logs/...).
import { describe, expect, test } from '../../fixtures/index.ts';
import { buildReport } from '../../src/report/build-report.ts';
import { renderHtml } from '../../src/report/render-html.ts';
import { hasChromium, loadInChromium } from './chromium.ts';
import { collectedRun, collectedTest, pathMoves } from './synthetic.ts';

const T0 = 1_700_000_000_000;

describe.skipIf(!hasChromium)('report.html plots in headless Chromium', () => {
  test('a series without samples during an outage is drawn as two pieces, not across', async ({ logDir }) => {
    // Link latency every 500 ms, nothing delivered during the 2 s outage from 4 s to 6 s; the game's
    // delay series marks the outage itself (null); a steady series beside them stays one piece.
    const latency: [number, number][] = [];
    const delay: [number, number | null][] = [];
    const steady: [number, number][] = [];
    for (let t = 0; t <= 10_000; t += 500) {
      const out = t >= 4000 && t <= 6000;
      if (!out) latency.push([t, 40 + (t % 1500) / 100]);
      delay.push([t, out ? null : 60]);
      steady.push([t, 20]);
    }
    const run = collectedRun([
      collectedTest({
        name: 'outage gap',
        rawMeta: {
          netwright: {
            t0: T0,
            timeseries: [
              { name: 'net c1 down latency', unit: 'ms', source: 'c1', points: latency },
              { name: 'snapshot delay mean', unit: 'ms', points: delay },
              { name: 'steady', unit: 'ms', points: steady },
            ],
            network: {
              history: [
                { tMs: 0, change: 'wifi_good' },
                { tMs: 4000, change: { outage: true } },
                { tMs: 6000, change: 'wifi_good' },
              ],
            },
          },
        },
      }),
    ]);
    const page = await loadInChromium(
      logDir,
      'gaps',
      renderHtml(await buildReport(run, { outputDir: logDir })),
      900,
    );
    expect(page.pngSize, `no screenshot at ${page.png}: ${page.stderr}`).toEqual({
      width: 1280,
      height: 900,
    });
    expect(page.pngBytes).toBeGreaterThan(10_000);
    const moves = pathMoves(page.dom);
    expect(moves.get('c1 net c1 down latency') ?? moves.get('net c1 down latency')).toBe(2);
    expect(moves.get('snapshot delay mean')).toBe(2);
    expect(moves.get('steady')).toBe(1);
    // No point of the broken line lies inside the outage band.
    const band = /<g class="nw-seg outage"><rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/.exec(page.dom);
    expect(band).not.toBeNull();
    const [x0, w] = [Number(band?.[1]), Number(band?.[2])];
    const d = /data-name="snapshot delay mean"[^>]* d="([^"]+)"/.exec(page.dom)?.[1] ?? '';
    const xs = [...d.matchAll(/[ML]([\d.]+) /g)].map((m) => Number(m[1]));
    expect(xs.length).toBe(16);
    expect(xs.filter((x) => x > x0 + 1 && x < x0 + w - 1)).toEqual([]);
  }, 200_000);
});
