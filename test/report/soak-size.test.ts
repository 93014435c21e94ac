// Size for any run length (issue #13): report.json, the part an agent reads, stays under the token
// budget for a 30-minute soak of 16 clients, about the size of a 1-minute one; the plot data grows with
// the run and goes to plots.json. A synthetic soak: per-second game series, 500 ms network series for
// 16 links both ways, 1000 network changes, 2000 anomalies, one passing and one failing test.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TOKEN_BUDGET, estimateTokens } from '../../src/report/budget.ts';
import { buildReport } from '../../src/report/build-report.ts';
import { writeReport } from '../../src/report/write-report.ts';
import { tempDir } from '../reporters/run-vitest.ts';
import { collectedRun, collectedTest } from './synthetic.ts';

const T0 = 1_700_000_000_000;

function soakMeta(minutes: number): Record<string, unknown> {
  const ms = minutes * 60_000;
  const every = (step: number, f: (t: number) => number): [number, number][] => {
    const out: [number, number][] = [];
    for (let t = 0; t < ms; t += step) out.push([t, f(t)]);
    return out;
  };
  const timeseries: Record<string, unknown>[] = [
    { name: 'snapshot rate (slowest client)', unit: 'Hz', points: every(1000, (t) => 20 - (t % 7)) },
    { name: 'snapshot delay mean (worst client)', unit: 'ms', points: every(1000, (t) => 40 + (t % 13)) },
    { name: 'underruns per second (all clients)', unit: 'count', points: every(1000, (t) => t % 3) },
  ];
  for (let l = 1; l <= 16; l++)
    for (const dir of ['up', 'down'])
      timeseries.push({
        name: `net client-${l} ${dir} latency`,
        unit: 'ms',
        source: `client-${l}`,
        points: every(500, (t) => 30 + (t % 11)),
      });
  const history = Array.from({ length: 1000 }, (_, i) => ({
    tMs: Math.round((i * ms) / 1000),
    wallMs: T0 + Math.round((i * ms) / 1000),
    direction: 'both',
    source: 'timeline',
    label: i % 10 === 0 ? 'outage' : i % 2 ? 'lte' : '3g',
    change: i % 10 === 0 ? { outage: 2000 } : { profile: i % 2 ? 'lte' : '3g' },
  }));
  const events = Array.from({ length: 2000 }, (_, i) => ({
    t: T0 + Math.round((i * ms) / 2000),
    level: 'warn',
    source: `client-${(i % 16) + 1}`,
    event: i % 2 ? 'underrun' : 'snapshot_gap',
    gapMs: 200 + (i % 50),
  }));
  const clients = Array.from({ length: 16 }, (_, i) => ({
    name: `client-${i + 1}`,
    snapshots: minutes * 1200,
    snapshotRateHz: 19.5,
    underruns: minutes * 3,
    delayMs: {
      count: minutes * 1200,
      min: 20,
      max: 140,
      mean: 45,
      p50: 42,
      p90: 70,
      p95: 90,
      p99: 120,
      p999: 138,
    },
  }));
  return {
    seed: 11,
    t0: T0,
    timeseries,
    events,
    game: { clients },
    network: {
      backend: 'embedded',
      seed: 11,
      t0: T0,
      config: { latency: 30 },
      history,
      stats: { links: {} },
    },
  };
}

async function reportJsonTokens(minutes: number): Promise<{ json: number; plots: number; failures: number }> {
  const out = tempDir(`soak-${minutes}`);
  const ms = minutes * 60_000;
  const tests = [
    collectedTest({ name: 'soak holds 20 Hz', durationMs: ms, rawMeta: { netwright: soakMeta(minutes) } }),
    collectedTest({
      name: 'soak keeps p99 under 100 ms',
      state: 'failed',
      durationMs: ms,
      errors: [
        { name: 'AssertionError', message: 'p99 latency 120 ms > 100 ms', expected: '100', actual: '120' },
      ],
      rawMeta: { netwright: soakMeta(minutes) },
    }),
  ];
  const report = await buildReport(collectedRun(tests, { endedAt: T0 + ms }), {
    outputDir: out,
    now: T0 + ms,
  });
  writeReport(report, { html: false, summary: false });
  const json = readFileSync(path.join(out, 'report.json'), 'utf8');
  const parsed = JSON.parse(json) as { failures: unknown[] };
  return {
    json: estimateTokens(json),
    plots: estimateTokens(readFileSync(path.join(out, 'plots.json'), 'utf8')),
    failures: estimateTokens(JSON.stringify(parsed.failures, null, 2)),
  };
}

describe('report.json size for any run length', () => {
  it('a 30-minute soak: report.json under the budget and within 10% of a 1-minute run; plots go to plots.json', async () => {
    const short = await reportJsonTokens(1);
    const soak = await reportJsonTokens(30);
    expect(soak.failures).toBeLessThanOrEqual(DEFAULT_TOKEN_BUDGET);
    // Everything an agent reads (failures, tests with key figures, run info): budget plus a bounded rest.
    expect(soak.json, JSON.stringify(soak)).toBeLessThanOrEqual(DEFAULT_TOKEN_BUDGET + 4000);
    expect(
      Math.abs(soak.json - short.json) / short.json,
      JSON.stringify({ short, soak }),
    ).toBeLessThanOrEqual(0.1);
    // The plot data is where the run length shows, and it is bounded too (downsampled per series).
    expect(soak.plots).toBeGreaterThan(soak.json);
  }, 60_000);
});
