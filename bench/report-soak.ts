// report.json for a 30-minute soak: synthetic meta of the size a real soak attaches (per-second series
// for every client, a network change every 30 s, anomalies at their cap, MUD bots with transcripts),
// built and written like the reporter does, for a passing and a failing run. Prints what an agent
// reads first (report.json up to `tests`), the whole report.json, and plots.json, in tokens (~chars/4),
// next to what report.json weighed with the plots inline (schema 2).
//   node bench/report-soak.ts [minutes=30] [clients=8] [tokenBudget=8000]

import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildReport } from '../src/report/build-report.ts';
import type { CollectedRun } from '../src/report/collected.ts';
import { writeReport } from '../src/report/write-report.ts';

const minutes = Number(process.argv[2] ?? 30);
const clients = Number(process.argv[3] ?? 8);
const tokenBudget = Number(process.argv[4] ?? 8000);
const T0 = 1_700_000_000_000;
const seconds = minutes * 60;

/** Seeded LCG: the same numbers every run. */
let state = 42;
const rand = () => {
  state = (state * 1_664_525 + 1_013_904_223) >>> 0;
  return state / 2 ** 32;
};

function soakMeta(): Record<string, unknown> {
  const timeseries: unknown[] = [];
  for (let c = 1; c <= clients; c++) {
    for (const [name, unit, base] of [
      ['delay.p99', 'ms', 60],
      ['snapshotRate', 'Hz', 30],
      ['underruns', 'count', 0],
    ] as const) {
      const points: [number, number | null][] = [];
      for (let s = 0; s < seconds; s++) {
        const outage = s % 300 >= 280 && s % 300 < 285;
        points.push([s * 1000, outage ? null : base + rand() * (base || 3)]);
      }
      timeseries.push({ name, unit, source: `client-${c}`, points });
    }
  }
  const history = Array.from({ length: Math.ceil(seconds / 30) }, (_, i) => ({
    tMs: i * 30_000,
    change: i % 10 === 9 ? { outage: true } : ['wifi_good', '4g', '3g'][i % 3],
  }));
  const events = Array.from({ length: 2000 }, (_, i) => ({
    t: T0 + Math.floor(rand() * seconds * 1000),
    source: `client-${1 + (i % clients)}`,
    event: i % 3 ? 'underrun' : 'latency_spike',
  })).sort((a, b) => a.t - b.t);
  const bots = Array.from({ length: 4 }, (_, b) => ({
    name: `Bot${b}`,
    commands: seconds * 2,
    kills: 40,
    deaths: 1,
    flees: 2,
    latencyMs: {
      count: seconds * 2,
      min: 2,
      max: 400,
      mean: 20,
      p50: 12,
      p90: 40,
      p95: 60,
      p99: 120,
      p999: 300,
    },
    transcript: Array.from({ length: 300 }, (_, i) => ({
      t: T0 + i * 6000,
      dir: i % 2 ? 'in' : 'out',
      text: `line ${i}`,
    })),
    fights: Array.from({ length: 20 }, (_, i) => ({
      target: 'monster',
      outcome: i === 19 ? 'died' : 'won',
      rounds: 5,
      hitsGiven: 4,
      hitsTaken: 2,
      condition: 'is DEAD!!',
      lines: Array.from({ length: 40 }, (_, k) => `round ${k}`),
      t: T0 + i * 60_000,
    })),
    latencySeries: Array.from({ length: 600 }, (_, i) => [T0 + i * 3000, 10 + rand() * 30]),
  }));
  return { seed: 1, t0: T0, timeseries, network: { t0: T0, history }, events, mud: { bots } };
}

function run(failed: boolean): CollectedRun {
  return {
    root: '/proj',
    command: 'vitest run specs/soak',
    reason: failed ? 'failed' : 'passed',
    startedAt: T0,
    endedAt: T0 + seconds * 1000,
    unhandled: [],
    shard: null,
    mergedReports: false,
    vitestVersion: '5.1.1',
    runSeed: 1,
    gitCommit: null,
    gitDirty: null,
    netwrightVersion: null,
    modules: [
      {
        file: '/proj/specs/soak.spec.ts',
        project: null,
        state: failed ? 'failed' : 'passed',
        errors: [],
        durationMs: seconds * 1000,
        tests: [
          {
            id: 'soak',
            name: `${minutes}-minute soak`,
            fullName: `soak > ${minutes}-minute soak`,
            project: null,
            file: '/proj/specs/soak.spec.ts',
            line: 12,
            state: failed ? 'failed' : 'passed',
            errors: failed ? [{ name: 'AssertionError', message: 'client-3: 412 underrun(s) > 20' }] : [],
            retries: 0,
            flaky: false,
            durationMs: seconds * 1000,
            startTime: T0,
            rawMeta: { netwright: soakMeta() },
          },
        ],
      },
    ],
  };
}

const tokens = (chars: number) => Math.round(chars / 4);
console.log(`report of a ${minutes}-minute soak, ${clients} clients, token budget ${tokenBudget}`);
console.log('run      first section (to tests[])  report.json  plots.json  report.json with plots inline');
let over = false;
for (const failed of [false, true]) {
  const dir = mkdtempSync(path.join(tmpdir(), 'nw-bench-soak-'));
  try {
    const report = await buildReport(run(failed), { outputDir: dir, tokenBudget });
    const file = writeReport(report);
    const text = readFileSync(file, 'utf8');
    const first = text.indexOf('\n  "tests": [');
    const inline = JSON.stringify(report, null, 2).length;
    const row = [
      failed ? 'failing' : 'passing',
      `${tokens(first)} tok`.padStart(27),
      `${tokens(text.length)} tok`.padStart(12),
      `${tokens(statSync(path.join(dir, 'plots.json')).size)} tok`.padStart(11),
      `${tokens(inline)} tok`.padStart(31),
    ];
    console.log(row.join(' '));
    if (tokens(first) > tokenBudget) over = true;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(
  over
    ? `OVER: the first section exceeds ${tokenBudget} tokens`
    : `first section under ${tokenBudget} tokens`,
);
process.exitCode = over ? 1 : 0;
