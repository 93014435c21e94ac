// The figure a test failed on, plotted with its threshold (issue #13): thresholds recorded by matchers
// and the bound of a plain failing assertion on a metric, resolved onto the plotted series and drawn.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReport, plotForMeta } from '../../src/report/build-report.ts';
import { normalizeMeta } from '../../src/report/normalize-meta.ts';
import { renderHtml, testPlotSvg } from '../../src/report/render-html.ts';
import { plotThresholds } from '../../src/report/thresholds.ts';
import { collectedRun, collectedTest } from './synthetic.ts';

const T0 = 1_700_000_000_000;
const ramp = (to: number): [number, number][] =>
  Array.from({ length: 11 }, (_, i) => [i * 1000, (to * i) / 10]);

describe('thresholds in meta', () => {
  it('are kept typed and bounded; bad ones are counted', () => {
    const { meta, drops } = normalizeMeta({
      thresholds: [
        {
          figure: 'p99 latency',
          series: 'latency',
          unit: 'ms',
          op: '<',
          value: 150,
          observed: 420,
          failed: true,
        },
        { figure: 'x', value: 'nope' },
        { figure: 'y', op: '~', value: 1 },
      ],
    });
    expect(meta.thresholds).toEqual([
      {
        figure: 'p99 latency',
        series: 'latency',
        unit: 'ms',
        op: '<',
        value: 150,
        observed: 420,
        failed: true,
      },
      { figure: 'y', op: '=', value: 1, failed: false },
    ]);
    expect(drops.invalid).toBe(1);
  });

  it('resolve onto the matching series (source first), the unit chart, or the bars', () => {
    const series = [
      { name: 'bot-1 command latency', unit: 'ms', source: 'bot-1', points: ramp(100) },
      { name: 'bot-2 command latency', unit: 'ms', source: 'bot-2', points: ramp(300) },
      { name: 'snapshot rate', unit: 'Hz', points: ramp(20) },
    ];
    const bars = [{ entity: 'bot-1', name: 'kills', value: 1 }];
    const out = plotThresholds(
      [
        {
          figure: 'p99 latency',
          series: 'latency',
          unit: 'ms',
          op: '<',
          value: 150,
          source: 'bot-2',
          failed: true,
        },
        { figure: 'snapshot rate', series: 'no such', unit: 'Hz', op: '>=', value: 15, failed: false },
        { figure: 'kills', bar: 'kills', series: 'kills', op: '>=', value: 3, observed: 1, failed: true },
        { figure: 'xp', bar: 'xp', op: '>=', value: 3, failed: true },
      ],
      series,
      bars,
    );
    expect(out).toEqual([
      {
        value: 150,
        failed: true,
        unit: 'ms',
        series: 'bot-2 command latency',
        label: 'bot-2 p99 latency < 150 ms ✗ failed',
      },
      { value: 3, failed: true, bar: 'kills', label: 'kills >= 3 (observed 1) ✗ failed' },
      { value: 15, failed: false, unit: 'Hz', label: 'snapshot rate >= 15 Hz' },
    ]);
  });
});

describe('report.html shows the figure a test failed on with its threshold', () => {
  it('a threshold recorded by a matcher: a red line at the bound on that series, which is drawn thicker', async () => {
    const run = collectedRun([
      collectedTest({
        name: 'p99 bound',
        state: 'failed',
        errors: [{ name: 'AssertionError', message: 'expected p99 below 150 ms, observed p99 = 420 ms' }],
        rawMeta: {
          netwright: {
            t0: T0,
            timeseries: [
              { name: 'snapshot delay mean (worst client)', unit: 'ms', points: ramp(420) },
              { name: 'snapshot rate (slowest client)', unit: 'Hz', points: ramp(20) },
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
                by: 'toHavePercentileBelow',
              },
            ],
          },
        },
      }),
    ]);
    const report = await buildReport(run, { outputDir: '/tmp/nw-thr' });
    expect(report.plots[0].thresholds).toEqual([
      {
        value: 150,
        failed: true,
        unit: 'ms',
        series: 'snapshot delay mean (worst client)',
        label: 'p99 latency < 150 ms (observed 420 ms) ✗ failed',
      },
    ]);
    const html = renderHtml(report);
    expect(html).toMatch(/<line class="nw-threshold failed" data-value="150"/);
    expect(html).toContain('p99 latency &#60; 150 ms (observed 420 ms) ✗ failed');
    expect(html).toMatch(
      /data-name="snapshot delay mean \(worst client\)"[^>]*stroke-width="3"[^>]*data-failed="1"/,
    );
    // The chart of the failing figure (ms) comes before the other (Hz).
    expect(html.indexOf('data-unit="ms"')).toBeLessThan(html.indexOf('data-unit="Hz"'));
  });

  it('a plain failing assertion on a metric: the bound is its expected value, on the series of that metric', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'nw-thr-'));
    mkdirSync(path.join(root, 'specs'));
    const file = path.join(root, 'specs', 'b.spec.ts');
    writeFileSync(
      file,
      [
        "import { expect, test } from 'netwright';",
        "test('walk', async ({ clients }) => {",
        '  const [c] = await clients(1);',
        '  expect(c.metrics.baselineMismatches).toBe(0);',
        '});',
        '',
      ].join('\n'),
    );
    const run = collectedRun(
      [
        collectedTest({
          name: 'walk',
          file,
          line: 2,
          state: 'failed',
          errors: [
            {
              name: 'AssertionError',
              message: 'expected 3 to be +0 // Object.is equality',
              expected: '0',
              actual: '3',
              stack: `AssertionError: expected 3 to be +0 // Object.is equality\n    at ${file}:4:40`,
            },
          ],
          rawMeta: {
            netwright: {
              t0: T0,
              timeseries: [
                { name: 'baseline mismatches (all clients)', unit: 'count', points: ramp(3) },
                { name: 'underruns per second (all clients)', unit: 'count', points: ramp(1) },
              ],
            },
          },
        }),
      ],
      { root },
    );
    const report = await buildReport(run, { outputDir: root });
    expect(report.failures[0].lead.saw).toContain('failing metric: baseline mismatches');
    expect(report.plots[0].thresholds).toEqual([
      {
        value: 0,
        failed: true,
        unit: 'count',
        series: 'baseline mismatches (all clients)',
        label: 'baseline mismatches = 0 (observed 3) ✗ failed',
      },
    ]);
    expect(renderHtml(report)).toMatch(/<line class="nw-threshold failed" data-value="0"/);
  });
});

describe('a bound with no plotted figure (#13)', () => {
  it('gets a bar of its observed value with the threshold line on it; report.html draws both', () => {
    const meta = {
      t0: T0,
      timeseries: [{ name: 'snapshot rate (slowest client)', unit: 'Hz', points: ramp(20) }],
      thresholds: [
        {
          figure: 'distance to the convergence point',
          unit: 'world units',
          op: '<=',
          value: 64,
          observed: 500,
          failed: true,
          by: 'toConverge',
        },
      ],
    };
    const plot = plotForMeta(meta, { id: 't', title: 'converges', failed: true });
    expect(plot?.bars).toEqual([
      { entity: 'worst client', name: 'distance to the convergence point', value: 500 },
    ]);
    expect(plot?.thresholds).toMatchObject([
      { value: 64, failed: true, bar: 'distance to the convergence point' },
    ]);
    const svg = testPlotSvg(plot!);
    expect(svg).toContain('data-bar="distance to the convergence point"');
    expect(svg).toContain(
      'distance to the convergence point &#60;= 64 world units (observed 500 world units) ✗ failed',
    );
  });
});
