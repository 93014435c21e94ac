// Reporter runs that do not end normally or are split: crashes, huge logs, a killed run, shards.
import { existsSync, readFileSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/model.ts';
import {
  childEnv,
  lastLine,
  projectRoot,
  readReport,
  runVitest,
  schemaErrors,
  startVitest,
  tempDir,
  vitestBin,
  waitFor,
} from './run-vitest.ts';

function tryRead(out: string): Report | undefined {
  try {
    return readReport(out);
  } catch {
    return undefined;
  }
}

describe('crashing tests (report-crash)', () => {
  it('reports import errors, unhandled errors, process.exit and a killed worker', async () => {
    const out = tempDir('crash');
    const run = await runVitest('report-crash', [], { NW_OUT: out });
    expect(run.exitCode).toBe(1);
    expect(lastLine(run.stdout)).toBe(`REPORT_JSON:${path.join(out, 'report.json')}`);
    const r = readReport(out);
    expect(schemaErrors(r)).toEqual([]);
    expect(r.status).toBe('failed');
    expect(r.totals).toMatchObject({ tests: 4, passed: 1, failed: 3, moduleErrors: 1, unhandledErrors: 2 });
    const timeout = r.failures.find((f) => f.name === 'waits for a snapshot that never comes');
    expect(timeout?.kind).toBe('timeout');
    expect(timeout?.error.message).toMatch(/timed out in 300ms/);
    expect(timeout?.location).toMatch(/^timeout\.fixture-test\.ts:\d+$/);
    const moduleError = r.errors.find((e) => e.kind === 'module');
    expect(moduleError).toMatchObject({ file: 'broken.fixture-test.ts' });
    expect(moduleError?.error.message).toBe('import-time crash: cannot load game config');
    expect(moduleError?.error.stack[0]).toMatch(/^broken\.fixture-test\.ts:3:\d+$/);
    const rejection = r.errors.find((e) => e.error.message.includes('dangling socket'));
    expect(rejection).toMatchObject({ kind: 'unhandled', file: 'unhandled.fixture-test.ts' });
    const killed = r.failures.find((f) => f.name === 'worker dies (SIGKILL)');
    expect(killed?.kind).toBe('crash');
    expect(killed?.error.message).toContain('Worker exited unexpectedly with signal SIGKILL');
    const exit = r.failures.find((f) => f.name === 'calls process.exit');
    expect(exit?.error.message).toContain('process.exit unexpectedly called with "3"');
    const md = readFileSync(path.join(out, 'summary.md'), 'utf8');
    expect(md).toContain('## Errors outside tests');
    expect(md).toContain('`broken.fixture-test.ts`: Error: import-time crash');
  });
});

describe('huge logs (report-huge)', () => {
  it('keeps the failures section within the budget and says what was cut and where', async () => {
    const out = tempDir('huge');
    const run = await runVitest('report-huge', [], { NW_OUT: out, NW_BUDGET: '3000', NW_HUGE_MB: '20' });
    expect(run.exitCode).toBe(1);
    const r = readReport(out);
    expect(schemaErrors(r)).toEqual([]);
    expect(r.totals.failed).toBe(26);
    const chars = JSON.stringify(r.failures, null, 2).length;
    expect(chars / 4).toBeLessThanOrEqual(3000);
    expect(r.budget).toMatchObject({ tokenBudget: 3000 });
    expect(r.budget.failuresStubbed + r.budget.failuresOmitted).toBeGreaterThan(0);
    expect(r.failures.length + r.budget.failuresOmitted).toBe(26);
    const f = r.failures[0];
    expect(f.name).toBe('server under load (huge log)');
    const match = f.evidence.excerpts.find((e) => e.kind === 'match');
    expect(match?.lines).toContain('ERROR: snapshot queue overflow (policy drop-oldest) dropped=1');
    const tail = f.evidence.excerpts.find((e) => e.kind === 'tail');
    expect(tail?.lines).toContain('FATAL: server crashed with SIGSEGV');
    // The 3 MB last line is clipped, not loaded into the report.
    expect(Math.max(...(tail?.lines ?? []).map((l) => l.length))).toBeLessThan(1000);
    const see = f.omitted.see[0];
    expect(see.path).toMatch(/server\.stdout\.log$/);
    expect(see.bytes).toBeGreaterThan(20 * 1024 * 1024);
    expect(see.totalLines).toBeGreaterThan(150_000);
    expect(f.omitted.logLines).toBeGreaterThan(150_000);
    expect(f.omitted.items).toBeGreaterThan(0);
    // Distinct anomaly kinds come before repeats; the rest is counted.
    expect(f.evidence.anomalies.length).toBeGreaterThan(0);
    expect(f.evidence.anomalies.length).toBeLessThan(300);
    // Stubs are short but still say where and how to reproduce.
    const stub = r.failures.find((x) => x.evidence.excerpts.length === 0 && x.name.startsWith('bot '));
    expect(stub?.reproduce.command).toContain('-t');
    // Every failed test is still in the compact list.
    expect(r.tests.filter((t) => t.state === 'failed')).toHaveLength(26);
    expect(readFileSync(path.join(out, 'summary.md'), 'utf8')).toMatch(
      /not detailed to stay within 3000 tokens/,
    );
  }, 120_000);
});

describe('cancelled run (--bail=1)', () => {
  it('reports the tests that never ran as interrupted', async () => {
    const out = tempDir('bail');
    const run = await runVitest('report-huge', ['--bail=1', '--maxWorkers=1'], {
      NW_OUT: out,
      NW_HUGE_MB: '1',
    });
    expect(run.exitCode).toBe(1);
    const r = readReport(out);
    expect(schemaErrors(r)).toEqual([]);
    expect(r).toMatchObject({ status: 'interrupted', interrupted: true, complete: true });
    expect(r.totals.failed).toBeGreaterThanOrEqual(1);
    expect(r.totals.interrupted).toBeGreaterThan(0);
    expect(r.totals.failed + r.totals.interrupted).toBe(26);
    expect(r.tests.find((t) => t.state === 'interrupted')?.note).toMatch(/cancelled|aborted/);
  }, 120_000);
});

describe('interrupted run (report-slow, SIGTERM after the first module)', () => {
  it('leaves a valid report that says it was interrupted', async () => {
    const out = tempDir('slow');
    const child = startVitest('report-slow', ['run'], { NW_OUT: out });
    const soakState = () => tryRead(out)?.tests.find((t) => t.name === 'slow soak')?.state;
    await waitFor(
      () => {
        const r = tryRead(out);
        return !!r && r.totals.passed === 1 && ![undefined, 'pending'].includes(soakState());
      },
      90_000,
      'the incremental report with the first module done and the soak started',
    );
    // While it runs, the report says so (it used to say 'interrupted').
    const live = readReport(out);
    expect(schemaErrors(live)).toEqual([]);
    expect(live).toMatchObject({ status: 'running', complete: false, interrupted: false });
    expect(live.tests.find((t) => t.name === 'slow soak')?.state).toBe('running');
    expect(live.totals).toMatchObject({ passed: 1, running: 1, interrupted: 0 });
    child.kill('SIGTERM');
    const res = await child;
    expect(res.exitCode === 0).toBe(false);
    const r = readReport(out);
    expect(schemaErrors(r)).toEqual([]);
    expect(r.interrupted).toBe(true);
    expect(r.complete).toBe(false);
    expect(r.status).toBe('interrupted');
    expect(r.tests.find((t) => t.name === 'fast one')).toMatchObject({ state: 'passed', seed: 11 });
    expect(r.tests.find((t) => t.name === 'slow soak')?.state).toBe('interrupted');
    expect(r.totals).toMatchObject({ passed: 1, interrupted: 1 });
    expect(readFileSync(path.join(out, 'summary.md'), 'utf8')).toContain(
      'incomplete: the run did not finish',
    );
    expect(readFileSync(path.join(out, 'report.html'), 'utf8')).toContain('fast one');
    expect(String(res.stdout)).not.toContain('REPORT_JSON:');
  }, 120_000);
});

describe('sharded run merged from blobs', () => {
  it('gives the same report from --merge-reports as from one run', async () => {
    const direct = tempDir('direct');
    await runVitest('report-basic', [], { NW_OUT: direct, NETWRIGHT_SEED: '99' });
    const out = tempDir('merged');
    const blobs = path.join(out, 'blobs');
    for (const i of [1, 2]) {
      const s = await runVitest(
        'report-basic',
        [`--shard=${i}/2`, '--reporter=blob', `--outputFile=${path.join(blobs, `blob-${i}.json`)}`],
        { NW_OUT: out, NETWRIGHT_SEED: '99' },
      );
      expect(s.stderr).not.toContain('REPORT_JSON');
    }
    // A shard run with the reporter itself records which shard it was.
    const shardOut = tempDir('shard');
    await runVitest('report-basic', ['--shard=2/2'], { NW_OUT: shardOut, NETWRIGHT_SEED: '99' });
    expect(readReport(shardOut).run.shard).toEqual({ index: 2, count: 2 });
    const merged = await runVitest('report-basic', [`--merge-reports=${blobs}`], {
      NW_OUT: out,
      NETWRIGHT_SEED: '99',
    });
    expect(merged.exitCode).toBe(1);
    expect(lastLine(merged.stdout)).toBe(`REPORT_JSON:${path.join(out, 'report.json')}`);
    const a = readReport(direct);
    const b = readReport(out);
    expect(schemaErrors(b)).toEqual([]);
    expect(b.run.mergedReports).toBe(true);
    expect(b.totals).toEqual(a.totals);
    const shape = (r: Report) =>
      r.failures.map((f) => ({
        fullName: f.fullName,
        location: f.location,
        kind: f.kind,
        error: f.error,
        seed: f.seed,
        reproduce: f.reproduce,
        anomalies: f.evidence.anomalies.map((x) => [x.tMs, x.event]),
        network: f.evidence.network?.timeline,
        excerpts: f.evidence.excerpts.map((e) => [e.kind, e.fromLine, e.toLine, e.lines.length]),
      }));
    expect(shape(b)).toEqual(shape(a));
    const metrics = (r: Report) =>
      Object.fromEntries(r.tests.map((t) => [t.fullName, [t.state, t.flaky, t.metrics]]));
    expect(metrics(b)).toEqual(metrics(a));
  }, 180_000);
});

describe('watch mode (vitest --watch)', () => {
  it('writes a fresh report per re-run', async () => {
    const out = tempDir('watch');
    const child = startVitest('report-basic', ['--watch'], { NW_OUT: out, CI: '' });
    let stdout = '';
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    try {
      const count = () => stdout.split('\n').filter((l) => l.startsWith('REPORT_JSON:')).length;
      await waitFor(() => count() === 1, 90_000, 'the first REPORT_JSON line');
      const first = readReport(out);
      expect(first.totals.tests).toBe(7);
      const file = path.join(import.meta.dirname, '../fixture-projects/report-basic/pass.fixture-test.ts');
      const now = new Date();
      utimesSync(file, now, now);
      await waitFor(() => count() === 2, 90_000, 'the second REPORT_JSON line');
      const second = readReport(out);
      // The re-run covers the changed file only; nothing from the first run is carried over twice.
      expect(second.complete).toBe(true);
      expect(second.tests.map((t) => t.file)).toEqual(second.tests.map(() => 'pass.fixture-test.ts'));
      expect(new Set(second.tests.map((t) => t.id)).size).toBe(second.tests.length);
      expect(second.totals).toMatchObject({ tests: 5, passed: 4, skipped: 1, failed: 0 });
      expect(Date.parse(second.writtenAt)).toBeGreaterThanOrEqual(Date.parse(first.writtenAt));
    } finally {
      child.kill('SIGTERM');
      await child;
    }
  }, 200_000);
});

describe.skipIf(!existsSync('/usr/bin/script'))('console progress on a TTY', () => {
  it('draws the one-line display in place when stderr is a terminal and CI is unset', async () => {
    const out = tempDir('tty');
    const typescript = path.join(out, 'tty.out');
    const cmd = `${vitestBin} run --root ${projectRoot('report-slow')} a-fast`;
    const env = childEnv({ NW_OUT: out, NW_PROGRESS: 'auto' });
    delete env.CI;
    await execa('/usr/bin/script', ['-qec', cmd, typescript], {
      env,
      extendEnv: false,
      reject: false,
      timeout: 90_000,
    });
    const text = readFileSync(typescript, 'utf8');
    expect(text).toContain('\r\u001b[2Knetwright ▸ 1/1 tests · 0 failed · 00:');
    expect(readReport(out).totals.passed).toBe(1);
  }, 120_000);
});
