// Runs Vitest on test/fixture-projects/report-basic and checks report.json, summary.md and
// report.html field by field, the schema, the REPORT_JSON last line, the repro command and JUnit.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/model.ts';
import {
  childEnv,
  lastLine,
  plotsFileErrors,
  readReport,
  runVitest,
  schemaErrors,
  tempDir,
  type VitestRun,
} from './run-vitest.ts';

describe('NetwrightReporter on report-basic (passing + failing)', () => {
  let out: string;
  let run: VitestRun;
  let report: Report;

  beforeAll(async () => {
    out = tempDir('basic');
    run = await runVitest('report-basic', [], { NW_OUT: out, NETWRIGHT_SEED: '99' });
    report = readReport(out);
  }, 120_000);

  it('exits 1 and prints REPORT_JSON:<abs path> as the last stdout line', () => {
    expect(run.exitCode).toBe(1);
    expect(lastLine(run.stdout)).toBe(`REPORT_JSON:${path.join(out, 'report.json')}`);
  });

  it('writes a report valid against schema/report.schema.json, its plots in plots.json', () => {
    const raw = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'));
    expect(schemaErrors(raw)).toEqual([]);
    expect(raw.plots).toEqual({
      file: path.join(out, 'plots.json'),
      tests: expect.any(Number),
      note: expect.any(String),
    });
    const side = JSON.parse(readFileSync(path.join(out, 'plots.json'), 'utf8'));
    expect(plotsFileErrors(side)).toEqual([]);
    expect(side.plots.length).toBe(raw.plots.tests);
    expect(report.plots).toEqual(side.plots);
    expect(report.schemaVersion).toBe(3);
    expect(report.tool).toBe('netwright');
  });

  it('records run info', () => {
    expect(report.status).toBe('failed');
    expect(report.interrupted).toBe(false);
    expect(report.complete).toBe(true);
    expect(report.run.command).toMatch(/^vitest run/);
    expect(report.run.seed).toBe(99);
    expect(report.run.seeds).toEqual([99, 42]); // 42: a test seed without a run seed
    expect(report.run.gitCommit).toMatch(/^[0-9a-f]{40}$/);
    expect(report.run.versions.node).toBe(process.version);
    expect(report.run.versions.vitest).toMatch(/^\d+\.\d+\.\d+/);
    expect(report.run.versions.godot).toBe('3.2.3.stable');
    expect(Date.parse(report.run.startedAt)).toBeGreaterThan(0);
    expect(report.run.durationMs).toBeGreaterThan(0);
    expect(report.run.shard).toBeNull();
    expect(report.run.mergedReports).toBe(false);
    expect(report.run.files.html).toBe(path.join(out, 'report.html'));
  });

  it('counts totals, flaky included', () => {
    expect(report.totals).toEqual({
      tests: 7,
      passed: 4,
      failed: 2,
      skipped: 1,
      interrupted: 0,
      running: 0,
      pending: 0,
      flaky: 1,
      moduleErrors: 0,
      unhandledErrors: 0,
    });
  });

  it('lists failures first with location, ANSI-free assertion and evidence', () => {
    expect(report.failures.map((f) => f.fullName)).toEqual([
      'netcode > snapshot rate stays above 18 Hz',
      'throws a plain error',
    ]);
    const f = report.failures[0];
    expect(f.file).toBe('fail.fixture-test.ts');
    expect(f.line).toBe(5);
    expect(f.location).toMatch(/^fail\.fixture-test\.ts:\d+$/);
    // The spec source around the failing expect: its file:line and 3-5 lines, the failing one included.
    expect(f.quote?.file).toBe('fail.fixture-test.ts');
    expect(`${f.quote?.file}:${f.quote?.line}`).toBe(f.location);
    expect(f.quote?.lines.length).toBeGreaterThanOrEqual(3);
    expect(f.quote?.lines.length).toBeLessThanOrEqual(5);
    expect(f.quote?.lines[f.quote.line - f.quote.fromLine]).toContain('expect(');
    expect(f.kind).toBe('process');
    expect(f.error.name).toBe('AssertionError');
    expect(f.error.expected).toContain('"snapshotRateHz": 20');
    expect(f.error.actual).toContain('"snapshotRateHz": 16.5');
    expect(f.error.diff).toContain('- Expected');
    expect(JSON.stringify(f)).not.toMatch(/\u001b\[/);
    expect(f.seed).toBe(777);
    expect(f.evidence.processes[0]).toMatchObject({
      name: 'server',
      failed: true,
      exitCode: 1,
      reason: 'fatal-pattern',
    });
    expect(f.evidence.anomalies.map((a) => [a.tMs, a.event])).toEqual([
      [4100, 'underrun'],
      [4500, 'latency_spike'],
    ]);
    expect(f.evidence.network?.timeline.map((s) => s.label)).toEqual(['wifi_good', 'outage 2s', '3g']);
    expect(f.evidence.network?.stats.join('\n')).toContain('loss=2.6%');
    const match = f.evidence.excerpts.find((e) => e.kind === 'match');
    expect(match?.matchedLines).toEqual([250]);
    expect(match?.lines).toContain("SCRIPT ERROR: Invalid get index 'pos' (on base: 'Nil') at line 250");
    expect(f.evidence.excerpts.find((e) => e.kind === 'process-tail')?.lines).toContain(
      '[stderr] warn: jitter buffer underrun',
    );
    expect(f.logs[0].path).toMatch(/server\.stdout\.log$/);
    expect(f.omitted.see[0].totalLines).toBe(500);
    expect(f.omitted.see[0].notShown[0]).toEqual([1, 246]);
    const plain = report.failures[1];
    expect(plain.error.message).toBe('boom: server did not answer');
    expect(plain.kind).toBe('error');
  });

  it('gives a repro command that runs exactly that test with the seed, as written', async () => {
    const f = report.failures[0];
    expect(f.reproduce.env).toEqual({ NETWRIGHT_SEED: '99' });
    expect(f.reproduce.command).toMatch(
      /^NETWRIGHT_SEED=99 (pnpm exec vitest|npx -y pnpm@[\d.]+ exec vitest) run fail\.fixture-test\.ts -t '\^netcode > snapshot rate stays above 18 Hz\$'$/,
    );
    // Run it with sh from the root, as an agent would.
    const out2 = tempDir('repro');
    const re = await execa('sh', ['-c', f.reproduce.command], {
      cwd: report.run.root,
      env: childEnv({ NW_OUT: out2 }),
      extendEnv: false,
      reject: false,
      timeout: 120_000,
    });
    expect(re.exitCode, String(re.stderr).slice(-1500)).toBe(1);
    const r2 = readReport(out2);
    expect(r2.tests.filter((t) => t.state !== 'skipped').map((t) => t.fullName)).toEqual([f.fullName]);
    expect(r2.failures[0].seed).toBe(777);
  }, 120_000);

  it('has compact entries for every test with key metrics', () => {
    expect(report.tests).toHaveLength(7);
    expect(report.tests[0].state).toBe('failed');
    const converge = report.tests.find((t) => t.fullName === 'movement > clients converge');
    expect(converge).toMatchObject({
      state: 'passed',
      seed: 1234,
      failure: null,
      file: 'pass.fixture-test.ts',
    });
    expect(converge?.metrics).toMatchObject({
      seed: 1234,
      'latency.p99Ms': 580,
      'snapshotRate.minHz': 16.5,
      underruns: 8,
      'mud.kills': 3,
      'mud.deaths': 3,
      'network.last': '3g',
    });
    const flaky = report.tests.find((t) => t.name === 'flaky until retried');
    expect(flaky).toMatchObject({ flaky: true, retries: 1, failure: null });
    // Vitest keeps the failed attempt's error on a test that passed on retry; the entry says it.
    expect(flaky?.note).toMatch(
      /^flaky: passed on retry 1; an earlier attempt failed: expected 1 to be greater than 1 at pass\.fixture-test\.ts:19:\d+$/,
    );
    expect(report.tests.find((t) => t.name === 'skipped one')?.state).toBe('skipped');
    expect(
      report.tests.find((t) => t.fullName === 'netcode > snapshot rate stays above 18 Hz')?.failure,
    ).toBe(0);
  });

  it('keeps the failures section within the token budget', () => {
    expect(JSON.stringify(report.failures, null, 2).length / 4).toBeLessThanOrEqual(
      report.budget.tokenBudget,
    );
    expect(report.budget.tokenBudget).toBe(8000);
    expect(report.budget.tokensUsed).toBeGreaterThan(100);
  });

  it('carries plot data for tests with series or network history', () => {
    const p = report.plots.find((x) => x.title === 'movement > clients converge');
    expect(p?.series.map((s) => `${s.source} ${s.name} ${s.unit}`)).toEqual([
      'client-1 latency.p50 ms',
      'client-1 latency.p99 ms',
      'client-1 snapshotRate Hz',
      'client-1 underruns count',
    ]);
    expect(p?.network.map((n) => [n.tMs, n.outage])).toEqual([
      [0, false],
      [4000, true],
      [6000, false],
    ]);
    expect(p?.markers.map((m) => m.tMs)).toEqual([4100, 4500]);
  });

  it('writes summary.md with failures, repro and the tests table', () => {
    const md = readFileSync(path.join(out, 'summary.md'), 'utf8');
    expect(md).toMatch(/^# netwright report ❌ failed/);
    expect(md).toContain('**7 tests:** 4 passed · 2 failed · 1 skipped · 1 flaky');
    expect(md).toContain('### 1. netcode > snapshot rate stays above 18 Hz');
    expect(md).toContain(`- **reproduce:** \`${report.failures[0].reproduce.command}\``);
    expect(md).toContain('t+4000 ms: outage 2s');
    expect(md).toContain('| flaky | flaky until retried |');
    expect(md).toMatch(
      /## Flaky \(passed on a retry\)\n\n- flaky until retried: flaky: passed on retry 1; an earlier attempt failed: expected 1 to be greater than 1/,
    );
    expect(md).not.toMatch(/\u001b\[/);
  });

  it('writes a self-contained report.html with SVG plots', () => {
    const html = readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\//);
    expect((html.match(/<svg class="nw-plot"/g) ?? []).length).toBeGreaterThanOrEqual(6);
    expect(html).toContain('class="nw-seg outage"');
  });

  it('prints quiet progress lines in CI (stderr)', () => {
    expect(run.stderr).toMatch(/netwright ▸ 7\/7 tests · 2 failed · \d\d:\d\d/);
    expect(run.stderr).not.toContain('\r');
  });
});

describe('JUnit carries key figures as properties', () => {
  it('turns annotate() key figures into <property> elements', async () => {
    const out = tempDir('junit');
    const junit = path.join(out, 'junit.xml');
    const r = await runVitest('report-basic', ['pass.fixture-test.ts'], { NW_OUT: out, NW_JUNIT: junit });
    expect(r.exitCode).toBe(0);
    const xml = readFileSync(junit, 'utf8');
    const tc = xml.slice(xml.indexOf('name="annotated with key figures"'));
    const block = tc.slice(0, tc.indexOf('</testcase>'));
    expect(block).toContain('<property name="netwright.seed" value="42"');
    expect(block).toContain('<property name="netwright.latency.p99Ms" value="580"');
    expect(block).toContain('<property name="netwright.underruns" value="8"');
    expect(block).toContain('<property name="netwright.network.last" value="3g"');
    // The UI plot is one short property here; its SVG body stays out of the XML.
    expect(block).toMatch(/<property name="netwright.plot" value="\d+ series, \d+ network change/);
    expect(block).not.toContain('<svg');
  });

  it('the netwright reporter adds key figures, the plot and the failure line to finished tests', async () => {
    const out = tempDir('junit-nw');
    const junit = path.join(out, 'junit.xml');
    const r = await runVitest('report-basic', ['fail.fixture-test.ts'], { NW_OUT: out, NW_JUNIT: junit });
    expect(r.exitCode).toBe(1);
    const xml = readFileSync(junit, 'utf8');
    const tc = xml.slice(xml.indexOf('name="netcode &gt; snapshot rate stays above 18 Hz"'));
    const block = tc.slice(0, tc.indexOf('</testcase>'));
    expect(block).toContain('<property name="netwright.seed" value="777"');
    expect(block).toMatch(/<property name="netwright.plot" value="\d+ series, \d+ network change/);
    expect(block).toMatch(/<property name="netwright.failure" value="AssertionError: expected \{/);
    // The failure annotation also quotes the failing spec line with its file:line (#13).
    const failure = /<property name="netwright.failure" value="([^"]*)"/.exec(block)?.[1] ?? '';
    expect(failure).toMatch(/at fail\.fixture-test\.ts:\d+/);
    expect(failure).toMatch(/&gt; +\d+ \| .*expect\(/);
    expect(block).toContain('<property name="netwright.reproduce"');
    expect(block).not.toContain('<svg');
  });
});
