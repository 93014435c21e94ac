import { describe, expect, it } from 'vitest';
import { buildReport, reportedState } from '../../src/report/build-report.ts';
import { schemaErrors } from '../reporters/run-vitest.ts';
import { collectedRun, collectedTest, plotMeta } from './synthetic.ts';

describe('reportedState', () => {
  it('maps aborted skips and unfinished tests', () => {
    const aborted = collectedTest({ state: 'skipped', note: 'The test run was aborted by the user.' });
    expect(reportedState(aborted, 'interrupted')).toBe('interrupted');
    expect(reportedState(collectedTest({ state: 'skipped', note: 'needs godot' }), 'passed')).toBe('skipped');
    // While the run goes on a pending test is running (started) or queued, never 'interrupted'.
    expect(reportedState(collectedTest({ state: 'pending' }), 'running')).toBe('pending');
    expect(reportedState(collectedTest({ state: 'pending', started: true }), 'running')).toBe('running');
    expect(reportedState(collectedTest({ state: 'pending' }), 'interrupted')).toBe('interrupted');
    expect(reportedState(collectedTest({ state: 'pending' }), 'failed')).toBe('failed');
  });
});

describe('buildReport', () => {
  it('builds a schema-valid report with failures first and plots', async () => {
    const run = collectedRun([
      collectedTest({ name: 'ok', rawMeta: { netwright: { seed: 1, runSeed: 7 } } }),
      collectedTest({
        name: 'bad',
        state: 'failed',
        line: null,
        errors: [
          {
            name: 'AssertionError',
            message: '\u001b[31mexpected 3 to be 4\u001b[39m',
            expected: '4',
            actual: '3',
            stack:
              'AssertionError: x\n    at /proj/specs/a.spec.ts:22:7\n    at /proj/node_modules/vitest/x.js:1:1',
          },
          { message: 'second' },
        ],
        rawMeta: { netwright: plotMeta(1_700_000_000_000) },
      }),
      collectedTest({
        name: 'flaky',
        flaky: true,
        retries: 2,
        errors: [
          {
            name: 'AssertionError',
            message: 'client-3: 5 snapshots/s, expected >= 20\nmore detail',
            stack: 'AssertionError: x\n    at /proj/specs/connect.spec.ts:40:5',
          },
        ],
      }),
      collectedTest({ name: 'skipped', state: 'skipped' }),
    ]);
    const r = await buildReport(run, { outputDir: '/out', tokenBudget: 2000 });
    expect(schemaErrors(r)).toEqual([]);
    expect(r.status).toBe('failed');
    expect(r.totals).toMatchObject({ tests: 4, passed: 2, failed: 1, skipped: 1, flaky: 1, interrupted: 0 });
    const f = r.failures[0];
    expect(f.location).toBe('specs/a.spec.ts:22');
    expect(f.line).toBe(22);
    expect(f.error).toMatchObject({
      message: 'expected 3 to be 4',
      expected: '4',
      actual: '3',
      stack: ['specs/a.spec.ts:22:7'],
    });
    expect(f.moreErrors).toBe(1);
    expect(f.seed).toBe(3);
    expect(f.reproduce.env).toEqual({ NETWRIGHT_SEED: '7' });
    expect(f.evidence.anomalies[0]).toMatchObject({ tMs: 4200, event: 'latency_spike' });
    expect(r.tests[0]).toMatchObject({ name: 'bad', failure: 0 });
    // A test that passed on a retry says why its earlier attempt failed, in one line, and is no failure.
    expect(r.tests.find((t) => t.name === 'flaky')).toMatchObject({
      flaky: true,
      failure: null,
      note: 'flaky: passed on retry 2; an earlier attempt failed: client-3: 5 snapshots/s, expected >= 20 at specs/connect.spec.ts:40:5',
    });
    expect(r.failures).toHaveLength(1);
    expect(r.run.files).toEqual({
      json: '/out/report.json',
      summary: '/out/summary.md',
      html: '/out/report.html',
      plots: '/out/plots.json',
    });
    expect(r.run.seed).toBe(7);
    expect(r.plots).toHaveLength(1);
    expect(r.plots[0].network.map((n) => n.outage)).toEqual([false, true, false]);
    expect(JSON.stringify(r.failures, null, 2).length / 4).toBeLessThanOrEqual(2000);
  });

  it('says running while the run goes on, and interrupted once it was stopped', async () => {
    const tests = [
      collectedTest({ name: 'done' }),
      collectedTest({ name: 'soak', state: 'pending', started: true }),
      collectedTest({ name: 'queued', state: 'pending' }),
    ];
    const r = await buildReport(collectedRun(tests, { reason: 'running' }), { outputDir: '/out' });
    expect(schemaErrors(r)).toEqual([]);
    expect(r).toMatchObject({ status: 'running', interrupted: false, complete: false });
    expect(r.totals).toMatchObject({ passed: 1, running: 1, pending: 1, interrupted: 0 });
    expect(r.tests.map((t) => [t.name, t.state])).toEqual([
      ['soak', 'running'],
      ['queued', 'pending'],
      ['done', 'passed'],
    ]);
    const stopped = await buildReport(collectedRun(tests, { reason: 'interrupted' }), {
      outputDir: '/out',
      complete: false,
    });
    expect(stopped).toMatchObject({ status: 'interrupted', interrupted: true, complete: false });
    expect(stopped.totals).toMatchObject({ passed: 1, running: 0, pending: 0, interrupted: 2 });
    expect(stopped.tests[0].note).toMatch(/cancelled or killed/);
  });

  it('reports a test whose worker died as a crash, with the unhandled error that names its file', async () => {
    const t = collectedTest({ name: 'dies', state: 'pending', file: '/proj/specs/b.spec.ts' });
    const run = collectedRun([t], {
      reason: 'failed',
      unhandled: [
        {
          message: '[vitest-pool]: Worker forks emitted error.',
          cause: {
            message: 'Worker exited unexpectedly with signal SIGKILL while running /proj/specs/b.spec.ts',
          },
        },
      ],
    });
    const r = await buildReport(run, { outputDir: '/out' });
    expect(schemaErrors(r)).toEqual([]);
    expect(r.failures[0].kind).toBe('crash');
    expect(r.failures[0].error.message).toContain(
      'Caused by: Worker exited unexpectedly with signal SIGKILL',
    );
    expect(r.tests[0].note).toMatch(/^crashed/);
    expect(r.errors[0].kind).toBe('unhandled');
  });

  it('survives junk meta', async () => {
    const run = collectedRun([
      collectedTest({
        name: 'junk',
        state: 'failed',
        rawMeta: { netwright: { seed: 'x', processes: 'no', events: [1, {}] } },
      }),
    ]);
    const r = await buildReport(run, { outputDir: '/out' });
    expect(schemaErrors(r)).toEqual([]);
    expect(r.failures[0].seed).toBeNull();
  });
});

describe('real fixture shapes (src/impair Network.toMeta, src/game summaries)', () => {
  const dir = (over: Record<string, unknown> = {}) => ({
    packetsIn: 1000,
    bytesIn: 50_000,
    packetsOut: 950,
    bytesOut: 47_000,
    dropped: { loss: 50 },
    droppedTotal: 50,
    duplicated: 0,
    corrupted: 0,
    retransmitted: 0,
    reordered: 3,
    held: 0,
    latencyMs: { count: 950, min: 40, max: 90, mean: 52, p50: 50, p90: 60, p95: 70, p99: 85, p999: 90 },
    achievedKbps: 120,
    lossRate: 0.05,
    duplicateRate: 0,
    configured: [{ type: 'latency', latencyMs: 50 }],
    ...over,
  });

  it('aligns network changes on t0 by wall time and reads DirectionStats', async () => {
    const t0 = 1_700_000_000_000;
    const meta = {
      t0,
      game: {
        servers: { server: { tickMs: { p99: 4.2 }, snapshotsSent: 10 } },
        clients: {
          'client-1': { delayMs: { p50: 31, p99: 92 }, snapshotRateHz: 19.5, underruns: 2, reconnects: 1 },
        },
      },
      network: {
        backend: 'embedded',
        t0: t0 + 500,
        config: { latencyMs: 50 },
        history: [
          {
            tMs: 0,
            wallMs: t0 + 500,
            direction: 'both',
            source: 'profile',
            label: 'wifi_good',
            change: { profile: 'wifi_good' },
          },
          {
            tMs: 3000,
            wallMs: t0 + 3500,
            direction: 'both',
            source: 'timeline',
            label: 'outage 2000ms',
            change: { outage: 2000 },
          },
        ],
        stats: { links: { 'client-1': { up: dir(), down: dir({ lossRate: 0.1 }), protocol: 'udp' } } },
      },
    };
    const run = collectedRun([
      collectedTest({
        name: 'x',
        state: 'failed',
        errors: [{ message: 'no' }],
        rawMeta: { netwright: meta },
      }),
    ]);
    const r = await buildReport(run, { outputDir: '/out' });
    expect(schemaErrors(r)).toEqual([]);
    const net = r.failures[0].evidence.network;
    expect(net?.timeline).toEqual([
      { tMs: 500, label: 'wifi_good', direction: 'both' },
      { tMs: 3500, label: 'outage 2000ms', direction: 'both' },
    ]);
    expect(net?.stats[0]).toBe(
      'client-1 up: packets=1000 delivered=950 dropped=50 reordered=3 loss=5.0% latency p50=50ms p99=85ms kbps=120 configured=[{"type":"latency","latencyMs":50}]',
    );
    expect(net?.stats[1]).toContain('loss=10.0%');
    expect(r.plots[0].network.map((s) => [s.tMs, s.outage])).toEqual([
      [500, false],
      [3500, true],
    ]);
    expect(r.tests[0].metrics).toMatchObject({
      'latency.p50Ms': 31,
      'latency.p99Ms': 92,
      'snapshotRate.minHz': 19.5,
      underruns: 2,
      reconnects: 1,
      'server.tick.p99Ms': 4.2,
      'network.last': 'outage 2000ms',
    });
  });
});

describe('plot time alignment', () => {
  it("shifts series with their own origin (series t0, or the network's) onto the test's t0", async () => {
    const t0 = 1_700_000_000_000;
    const meta = {
      t0,
      network: { t0: t0 + 2000, history: [{ tMs: 0, wallMs: t0 + 2000, label: 'lan', change: 'lan' }] },
      timeseries: [
        {
          name: 'net client-1 up latency',
          unit: 'ms',
          source: 'client-1',
          points: [
            [0, 5],
            [500, 6],
          ],
        },
        { name: 'bot rtt', unit: 'ms', t0: t0 + 1000, points: [[0, 9]] },
        { name: 'snapshot rate', unit: 'Hz', points: [[1000, 30]] },
      ],
    };
    const r = await buildReport(collectedRun([collectedTest({ name: 'p', rawMeta: { netwright: meta } })]), {
      outputDir: '/out',
    });
    expect(schemaErrors(r)).toEqual([]);
    expect(r.plots[0].series.map((s) => s.points)).toEqual([
      [
        [2000, 5],
        [2500, 6],
      ],
      [[1000, 9]],
      [[1000, 30]],
    ]);
    expect(r.plots[0].network[0].tMs).toBe(2000);
  });
});

describe('failure kinds', () => {
  it('tells timeouts, process failures, assertions and plain errors apart', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ message: 'Test timed out in 300ms.' }, 'timeout'],
      [{ name: 'NetwrightError', message: 'no login prompt', code: 'ERR_MUD_LOGIN_TIMEOUT' }, 'timeout'],
      [{ name: 'NetwrightError', message: 'SCRIPT ERROR', code: 'ERR_GAME_PROCESS_FAILED' }, 'process'],
      [{ name: 'AssertionError', message: 'expected 1 to be 2', expected: '2', actual: '1' }, 'assertion'],
      [{ name: 'TypeError', message: 'x is not a function' }, 'error'],
    ];
    const run = collectedRun(
      cases.map(([err], i) => collectedTest({ id: `k${i}`, name: `k${i}`, state: 'failed', errors: [err] })),
    );
    const r = await buildReport(run, { outputDir: '/out' });
    expect(r.failures.map((f) => f.kind)).toEqual(cases.map(([, k]) => k));
    expect(r.failures[2].error.code).toBe('ERR_GAME_PROCESS_FAILED');
  });
});
