// Hand-built CollectedRun data for report unit tests (no Vitest run needed).
import type { CollectedModule, CollectedRun, CollectedTest } from '../../src/report/collected.ts';

export function collectedTest(over: Partial<CollectedTest> = {}): CollectedTest {
  return {
    id: over.id ?? `id-${over.name ?? 'test'}`,
    name: 'test',
    fullName: over.name ?? 'test',
    project: null,
    file: '/proj/specs/a.spec.ts',
    line: 10,
    state: 'passed',
    errors: [],
    retries: 0,
    flaky: false,
    durationMs: 12,
    startTime: 1_700_000_000_000,
    rawMeta: {},
    ...over,
  };
}

export function collectedRun(tests: CollectedTest[], over: Partial<CollectedRun> = {}): CollectedRun {
  const byFile = new Map<string, CollectedTest[]>();
  for (const t of tests) byFile.set(t.file, [...(byFile.get(t.file) ?? []), t]);
  const modules: CollectedModule[] = [...byFile].map(([file, ts]) => ({
    file,
    project: null,
    state: ts.some((t) => t.state === 'failed') ? 'failed' : 'passed',
    errors: [],
    durationMs: 20,
    tests: ts,
  }));
  return {
    root: '/proj',
    command: 'vitest run',
    reason: 'failed',
    startedAt: 1_700_000_000_000,
    endedAt: 1_700_000_005_000,
    modules,
    unhandled: [],
    shard: null,
    mergedReports: false,
    vitestVersion: '5.1.1',
    runSeed: 7,
    gitCommit: null,
    gitDirty: null,
    netwrightVersion: '0.1.0',
    ...over,
  };
}

/** Meta with plots: latency spike during an outage from 4 s to 6 s. */
export function plotMeta(t0: number): Record<string, unknown> {
  const lat: [number, number][] = [];
  const rate: [number, number][] = [];
  const kills: [number, number][] = [];
  for (let t = 0; t <= 10_000; t += 100) {
    const out = t >= 4000 && t < 6000;
    lat.push([t, out ? 500 : 40 + (t % 700) / 50]);
    rate.push([t, out ? 0 : 20]);
    kills.push([t, Math.floor(t / 1500)]);
  }
  return {
    seed: 3,
    t0,
    timeseries: [
      { name: 'latency.p99', unit: 'ms', source: 'client-1', points: lat },
      { name: 'snapshotRate', unit: 'Hz', source: 'client-1', points: rate },
      { name: 'kills', unit: 'count', source: 'bot-1', points: kills },
    ],
    network: {
      history: [
        { tMs: 0, change: 'wifi_good' },
        { tMs: 4000, change: { outage: true } },
        { tMs: 6000, change: '3g' },
      ],
    },
    events: [{ t: t0 + 4200, source: 'client-1', event: 'latency_spike' }],
    mud: { bots: { 'bot-1': { kills: 4, deaths: 1 }, 'bot-2': { kills: 0, deaths: 3 } } },
  };
}

/** The `M` moves (polyline pieces) of each drawn series path in report.html, by its data-name. */
export function pathMoves(html: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of html.matchAll(/<path class="nw-series" data-name="([^"]+)"[^>]* d="([^"]*)"/g))
    out.set(m[1], (m[2].match(/M/g) ?? []).length);
  return out;
}
