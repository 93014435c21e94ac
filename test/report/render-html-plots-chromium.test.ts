// report.html plots checked in headless Chromium (issue #13): lines break during outages, the figure a
// test failed on is drawn with its threshold, and MUD-server and route-replay tests have plots. Each
// test saves its page and screenshot in its own netwright log directory (netwright-report/logs/...).
import { describe, expect, test } from '../../fixtures/index.ts';
import { replayOffsetSeries, waypointSeries } from '../../src/game/route-series.ts';
import { mudServerSeries } from '../../src/mud/server-series.ts';
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

  test('the figure a test failed on: its series drawn thicker, a red line at the threshold, labelled', async ({
    logDir,
  }) => {
    // 0, 30, ..., 420 ms: the point at 5 s is exactly the 150 ms bound.
    const delay: [number, number][] = Array.from({ length: 15 }, (_, i) => [i * 1000, i * 30]);
    const rate: [number, number][] = Array.from({ length: 15 }, (_, i) => [i * 1000, 20]);
    const run = collectedRun([
      collectedTest({
        name: 'p99 bound',
        state: 'failed',
        errors: [{ name: 'AssertionError', message: 'expected p99 below 150 ms, observed p99 = 420 ms' }],
        rawMeta: {
          netwright: {
            t0: T0,
            timeseries: [
              { name: 'snapshot rate (slowest client)', unit: 'Hz', points: rate },
              { name: 'snapshot delay mean (worst client)', unit: 'ms', points: delay },
            ],
            thresholds: [
              {
                figure: 'p99 latency',
                series: 'delay',
                unit: 'ms',
                op: '<',
                value: 150,
                observed: 420,
                failed: true,
              },
              {
                figure: 'snapshot rate',
                series: 'snapshot rate',
                unit: 'Hz',
                op: '>=',
                value: 15,
                failed: false,
              },
            ],
            mud: { bots: { 'bot-1': { kills: 1, deaths: 2 } } },
          },
        },
      }),
    ]);
    const report = await buildReport(run, { outputDir: logDir });
    // A MUD matcher's bound on the bots' bars.
    report.plots[0].thresholds?.push({
      value: 3,
      label: 'bot-1 kills >= 3 (observed 1) ✗ failed',
      failed: true,
      bar: 'kills',
    });
    const page = await loadInChromium(logDir, 'threshold', renderHtml(report), 1100);
    expect(page.pngSize, `no screenshot at ${page.png}: ${page.stderr}`).toEqual({
      width: 1280,
      height: 1100,
    });
    const dom = page.dom;
    // The failing figure's chart (ms) comes first, its series thicker and marked.
    expect(dom.indexOf('data-unit="ms"')).toBeLessThan(dom.indexOf('data-unit="Hz"'));
    const failed =
      /data-name="snapshot delay mean \(worst client\)"[^>]*stroke-width="3" d="([^"]+)" data-failed="1"/.exec(
        dom,
      );
    expect(failed).not.toBeNull();
    const pts = [...(failed?.[1] ?? '').matchAll(/[ML]([\d.]+) ([\d.]+)/g)].map((m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
    expect(pts).toHaveLength(15);
    // The red line sits exactly at 150 ms: the height of the series point that is 150 ms.
    const line =
      /<line class="nw-threshold failed" data-value="150" x1="[\d.]+" x2="[\d.]+" y1="([\d.]+)"/.exec(dom);
    expect(Number(line?.[1])).toBeCloseTo(pts[5][1], 1);
    expect(dom).toContain('p99 latency &lt; 150 ms (observed 420 ms) ✗ failed');
    // A passing bound is drawn too, grey; the bar bound is a vertical line on the bars.
    expect(dom).toMatch(/<line class="nw-threshold" data-value="15"/);
    expect(dom).toMatch(/<line class="nw-threshold failed" data-value="3" data-bar="kills"/);
    expect(dom).toContain('bot-1 kills &gt;= 3 (observed 1) ✗ failed');
  }, 200_000);

  test('MUD-server and route-replay tests get plots from what their fixtures record', async ({ logDir }) => {
    // What the mudServer fixture records: its events turned into connections and commands per second.
    const ev = (ms: number, event: string) => ({ t: T0 + ms, event });
    const events = [ev(100, 'connect'), ev(2100, 'connect'), ev(7000, 'disconnect'), ev(9500, 'disconnect')];
    for (let ms = 300; ms < 9000; ms += 250) events.push(ev(ms, 'command'));
    // What the route-replay spec records: waypoints per run and the offset between same-seed runs.
    const at = (shift: number) => Array.from({ length: 8 }, (_, i) => T0 + 1500 + i * 1200 + shift);
    const runA = {
      waypointsReached: at(0).map((_, i): [number, number, number] => [i, i * 50, 10]),
      waypointsReachedAt: at(0),
    };
    const runB = {
      waypointsReached: at(0).map((_, i): [number, number, number] => [i, i * 50 + (i % 3), 10]),
      waypointsReachedAt: at(40),
    };
    const run = collectedRun([
      collectedTest({
        name: 'fixture MUD > a new player fights',
        rawMeta: { netwright: { t0: T0, timeseries: mudServerSeries(events, T0, { endMs: T0 + 10_000 }) } },
      }),
      collectedTest({
        name: 'route_replay walks the same path for the same seed',
        rawMeta: {
          netwright: {
            t0: T0,
            timeseries: [
              waypointSeries('run a', runA, T0),
              waypointSeries('run b', runB, T0),
              replayOffsetSeries(runA, runB, T0),
            ],
            thresholds: [
              {
                figure: 'replay offset',
                series: 'replay offset',
                unit: 'units',
                op: '<',
                value: 24,
                observed: 2,
                failed: false,
              },
            ],
          },
        },
      }),
    ]);
    const report = await buildReport(run, { outputDir: logDir });
    const page = await loadInChromium(logDir, 'mud-and-replay', renderHtml(report), 1400);
    expect(page.pngSize, `no screenshot at ${page.png}: ${page.stderr}`).toEqual({
      width: 1280,
      height: 1400,
    });
    const moves = pathMoves(page.dom);
    expect(moves.get('mud-server connections')).toBe(1);
    expect(moves.get('mud-server commands per second')).toBe(1);
    expect(moves.get('run a waypoints reached')).toBe(1);
    expect(moves.get('run b waypoints reached')).toBe(1);
    expect(moves.get('replay offset per waypoint')).toBe(1);
    // One section per test, each with its charts: connections + commands, waypoints + offset.
    const sections = [
      ...page.dom.matchAll(/<section class="nw-test[^"]*" data-test-id="([^"]+)"[\s\S]*?<\/section>/g),
    ];
    expect(sections).toHaveLength(2);
    for (const s of sections) expect(s[0].match(/<svg class="nw-plot"/g)?.length).toBe(2);
    expect(page.dom).toMatch(/<line class="nw-threshold" data-value="24"/);
    expect(page.dom).toContain('replay offset &lt; 24 units (observed 2 units)');
  }, 200_000);
});
