// The reporter across watch re-runs, driven directly with stand-ins for Vitest's task objects:
// each run starts clean, timers stop, nothing accumulates, and the TTY line is drawn in place.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { TestCase, TestModule, Vitest } from 'vitest/node';
import { NetwrightReporter } from '../../reporters/index.ts';
import { hasErrorCode, type NetwrightConfigError } from '../../src/errors.ts';

function fakeCase(id: string, name: string, state: 'passed' | 'failed', file: string): TestCase {
  const mod = { moduleId: file };
  return {
    id,
    name,
    fullName: name,
    project: { name: '' },
    module: mod,
    location: { line: 3, column: 1 },
    result: () =>
      state === 'failed' ? { state, errors: [{ message: `${name} failed` }] } : { state, errors: undefined },
    diagnostic: () => ({ retryCount: 0, flaky: false, duration: 4, startTime: 1 }),
    meta: () => ({ netwright: { seed: 1 } }),
  } as unknown as TestCase;
}

function fakeModule(file: string, cases: TestCase[]): TestModule {
  return {
    id: file,
    moduleId: file,
    project: { name: '' },
    state: () => 'passed',
    errors: () => [],
    diagnostic: () => ({ duration: 5 }),
    children: { allTests: () => cases[Symbol.iterator]() },
  } as unknown as TestModule;
}

class TtyCapture extends Writable {
  isTTY = true;
  columns = 80;
  text = '';
  override _write(chunk: Buffer, _enc: string, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

describe('NetwrightReporter in watch mode', () => {
  it('resets per run and does not leak listeners or timers', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'nw-watch-'));
    const stream = new TtyCapture();
    const reporter = new NetwrightReporter({ outputDir: 'out', progress: 'tty', progressStream: stream });
    reporter.onInit({ config: { root, watch: true }, version: '5.1.1' } as unknown as Vitest);
    const exitListeners = process.listenerCount('exit');
    const stdoutWrite = process.stdout.write;
    const printed: string[] = [];
    process.stdout.write = ((s: string) => {
      printed.push(String(s));
      return true;
    }) as typeof process.stdout.write;
    try {
      for (let runNo = 1; runNo <= 3; runNo++) {
        if (runNo > 1) reporter.onWatcherRerun();
        await reporter.onTestRunStart([]);
        const file = path.join(root, 'a.spec.ts');
        const cases = [
          fakeCase(`a${runNo}`, `ok ${runNo}`, 'passed', file),
          fakeCase(`b${runNo}`, `bad ${runNo}`, 'failed', file),
        ];
        const mod = fakeModule(file, cases);
        await reporter.onTestModuleCollected(mod);
        for (const c of cases) {
          reporter.onTestCaseReady(c);
          reporter.onTestCaseResult(c);
        }
        await reporter.onTestModuleEnd(mod);
        await reporter.onTestRunEnd([mod], [], 'failed');
        const r = reporter.lastReport!;
        expect(r.tests.map((t) => t.name)).toEqual([`bad ${runNo}`, `ok ${runNo}`]);
        expect(r.totals).toMatchObject({ tests: 2, passed: 1, failed: 1 });
        expect(r.failures[0].error.message).toBe(`bad ${runNo} failed`);
        expect(r.complete).toBe(true);
      }
    } finally {
      process.stdout.write = stdoutWrite;
    }
    expect(reporter.runs).toBe(3);
    // Watch mode prints REPORT_JSON after each run, and adds no exit hook.
    expect(printed.filter((l) => l.startsWith('REPORT_JSON:'))).toHaveLength(3);
    expect(process.listenerCount('exit')).toBe(exitListeners);
    const internals = reporter as unknown as {
      timer: unknown;
      modules: Map<string, unknown>;
      evidence: Map<string, unknown>;
    };
    expect(internals.timer).toBeUndefined();
    expect(internals.modules.size).toBe(1);
    expect(internals.evidence.size).toBe(1);
    // TTY progress: redrawn in place with \r and a line clear, never wider than the terminal.
    expect(stream.text).toContain('\r\u001b[2Knetwright ▸ 2/2 tests · 1 failed · 00:00');
    for (const seg of stream.text.split(/\r\u001b\[2K|\n/)) expect(seg.length).toBeLessThanOrEqual(80);
  });

  it('in run mode announces REPORT_JSON once, at exit, even after several runs', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'nw-runmode-'));
    const reporter = new NetwrightReporter({ outputDir: 'out', progress: 'off' });
    reporter.onInit({ config: { root, watch: false }, version: '5.1.1' } as unknown as Vitest);
    const before = process.listenerCount('exit');
    for (let i = 0; i < 3; i++) {
      await reporter.onTestRunStart([]);
      await reporter.onTestRunEnd([], [], 'passed');
    }
    expect(process.listenerCount('exit')).toBe(before + 1);
    const hook = (reporter as unknown as { exitHook: () => void }).exitHook;
    process.off('exit', hook);
    expect(reporter.lastReport?.status).toBe('passed');
    expect(reporter.lastReportPath).toBe(path.join(root, 'out', 'report.json'));
  });
});

describe('NetwrightReporter options', () => {
  it('reports every bad option at once with ERR_CONFIG_INVALID', () => {
    let err: unknown;
    try {
      new NetwrightReporter({
        tokenBudget: -1,
        progress: 'loud' as 'tty',
        outputDir: '',
        progressIntervalMs: Number.NaN,
      });
    } catch (e) {
      err = e;
    }
    expect(hasErrorCode(err, 'ERR_CONFIG_INVALID')).toBe(true);
    expect((err as NetwrightConfigError).problems).toHaveLength(4);
    expect(() => new NetwrightReporter({ tokenBudget: 2000, progress: 'off' })).not.toThrow();
  });
});

describe('quiet progress lines (CI / not a TTY)', () => {
  it('prints a line per interval while one long test runs, and stops after the run', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'nw-lines-'));
    const stream = new TtyCapture();
    stream.isTTY = false;
    const reporter = new NetwrightReporter({
      outputDir: 'out',
      progress: 'lines',
      progressIntervalMs: 100,
      progressStream: stream,
    });
    reporter.onInit({ config: { root, watch: true }, version: '5.1.1' } as unknown as Vitest);
    const stdoutWrite = process.stdout.write;
    process.stdout.write = (() => true) as typeof process.stdout.write;
    try {
      await reporter.onTestRunStart([]);
      const c = fakeCase('soak', 'soak 10 min', 'passed', path.join(root, 's.spec.ts'));
      reporter.onTestCaseReady(c);
      const count = () => stream.text.split('\n').filter((l) => l.startsWith('netwright ▸ 0/')).length;
      const until = Date.now() + 30_000;
      while (count() < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      expect(count()).toBeGreaterThanOrEqual(2);
      expect(stream.text).not.toContain('\r');
      await reporter.onTestRunEnd([], [], 'passed');
      const after = stream.text.length;
      await new Promise((r) => setTimeout(r, 350));
      expect(stream.text.length).toBe(after);
    } finally {
      process.stdout.write = stdoutWrite;
    }
  });
});
