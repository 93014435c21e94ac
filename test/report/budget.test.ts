import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FailureDraft, fitFailures, notShownRanges } from '../../src/report/budget.ts';
import type { RawEvidence } from '../../src/report/evidence.ts';
import type { FailureEntry } from '../../src/report/model.ts';

function core(i: number, messageChars = 80): FailureEntry {
  return {
    id: `t${i}`,
    name: `test ${i}`,
    fullName: `suite > test ${i}`,
    project: null,
    file: 'specs/a.spec.ts',
    line: i + 1,
    location: `specs/a.spec.ts:${i + 1}`,
    quote: {
      file: 'specs/a.spec.ts',
      line: i + 2,
      fromLine: i + 1,
      lines: ['  const x = await f();', '  expect(x).toBe(3);', '});'],
    },
    kind: 'assertion',
    error: { name: 'AssertionError', message: 'm'.repeat(messageChars), stack: ['specs/a.spec.ts:3:4'] },
    moreErrors: 0,
    seed: i,
    retries: 0,
    durationMs: 5,
    reproduce: { command: `pnpm vitest run specs/a.spec.ts -t '^suite > test ${i}$'`, env: {} },
    lead: { saw: ['m'], open: [] },
    logs: [{ source: 'server stdout', path: `/logs/${i}/server.log` }],
    evidence: { processes: [], anomalies: [], network: null, excerpts: [], blocks: [] },
    omitted: { chars: 0, items: 0, logLines: 0, see: [] },
  };
}

function raw(i: number, lineChars: number, windows: number, anomalies: number): RawEvidence {
  const path = `/logs/${i}/server.log`;
  const mk = (from: number, len: number) => ({
    fromLine: from,
    toLine: from + len - 1,
    lines: Array.from({ length: len }, (_, k) => `line ${from + k} ${'x'.repeat(lineChars)}`),
    matchedLines: [from + Math.floor(len / 2)],
  });
  return {
    processes: [
      { name: 'server', exitCode: 1, signal: null, reason: 'crashed', failed: true, durationMs: 100 },
    ],
    anomalies: Array.from({ length: anomalies }, (_, k) => ({
      tMs: k,
      t: 1e12 + k,
      source: 'client-1',
      event: `e${k % 3}`,
    })),
    network: {
      config: { latencyMs: 50 },
      timeline: [{ tMs: 0, label: 'wifi' }],
      stats: ['client-1 up: packets=1'],
    },
    logs: [
      {
        source: 'server stdout',
        path,
        failedProcess: true,
        scan: {
          path,
          bytes: 1e9,
          lines: 10_000_000,
          matches: windows,
          windows: Array.from({ length: windows }, (_, k) => mk(100 + k * 1000, 7)),
          windowsDropped: 0,
          tail: mk(9_999_981, 20),
          clippedLines: 0,
        },
      },
    ],
    tails: [],
    logsNotScanned: 0,
  };
}

describe('fitFailures', () => {
  it('keeps everything when it fits and counts nothing as omitted but unseen log lines', () => {
    const { failures, budget } = fitFailures([{ core: core(0), raw: raw(0, 10, 1, 2) }], 8000);
    expect(failures).toHaveLength(1);
    const ev = failures[0].evidence;
    expect(ev.excerpts.map((e) => e.kind)).toEqual(['match', 'tail']);
    expect(ev.anomalies).toHaveLength(2);
    expect(ev.network?.timeline).toEqual([{ tMs: 0, label: 'wifi' }]);
    expect(failures[0].omitted.items).toBe(0);
    expect(failures[0].omitted.logLines).toBe(10_000_000 - 27);
    expect(failures[0].omitted.see[0].notShown).toEqual([
      [1, 99],
      [107, 9_999_980],
    ]);
    expect(budget).toMatchObject({ tokenBudget: 8000, failuresStubbed: 0, failuresOmitted: 0 });
  });

  it('shrinks and cuts evidence to the budget and says how much', () => {
    const { failures, budget } = fitFailures([{ core: core(0), raw: raw(0, 300, 8, 50) }], 1500);
    expect(JSON.stringify(failures, null, 2).length).toBeLessThanOrEqual(6000);
    expect(failures[0].omitted.items).toBeGreaterThan(0);
    expect(failures[0].omitted.chars).toBeGreaterThan(1000);
    expect(failures[0].evidence.excerpts.length).toBeGreaterThan(0);
    expect(budget.tokensUsed).toBeLessThanOrEqual(1500);
  });

  it('lists every failure of a run of four with big cores (a stub at least) before detailing any', () => {
    // Four planted bugs' failures with big cores (long messages and leads, several logs), as in
    // test/report/planted-summary: the 4th was left out (failuresOmitted 1) and with it its line in
    // summary.md's At a glance.
    const big = (i: number): FailureDraft => {
      const c = core(i, 2500);
      c.logs = Array.from({ length: 6 }, (_, k) => ({
        source: `p${k} stderr`,
        path: `/logs/${i}/p${k}.log`,
      }));
      // A lead of four long lines (a MUD fight's, a render jump's): stubs keep it whole.
      c.lead = { saw: ['s', 'a', 'b', 'c'].map((x) => x.repeat(400)), open: ['lib/x.ts'] };
      return {
        core: c,
        raw: { ...raw(i, 80, 3, 20), logs: Array.from({ length: 6 }, () => raw(i, 80, 3, 20).logs[0]) },
      };
    };
    const { failures, budget } = fitFailures([0, 1, 2, 3].map(big), 8000);
    expect(budget.failuresOmitted).toBe(0);
    expect(failures.map((f) => f.name)).toEqual(['test 0', 'test 1', 'test 2', 'test 3']);
    expect(failures[0].evidence.excerpts.length).toBeGreaterThan(0);
    expect(budget.tokensUsed).toBeLessThanOrEqual(8000);
  });

  it('turns later failures into stubs, then only counts them', () => {
    const drafts = Array.from({ length: 60 }, (_, i) => ({ core: core(i, 600), raw: raw(i, 50, 2, 3) }));
    const { failures, budget } = fitFailures(drafts, 4000);
    expect(failures.length + budget.failuresOmitted).toBe(60);
    expect(budget.failuresStubbed).toBeGreaterThan(0);
    expect(budget.failuresOmitted).toBeGreaterThan(0);
    expect(failures[0].evidence.excerpts.length).toBeGreaterThan(0);
    const stub = failures.at(-1)!;
    expect(stub.error.message.length).toBeLessThanOrEqual(320);
    expect(stub.reproduce.command).toContain('-t');
  });

  it('never exceeds the budget, whatever the inputs (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 100, max: 12_000 }),
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 80 }),
        fc.integer({ min: 0, max: 5000 }),
        (n, tokens, lineChars, windows, anomalies, messageChars) => {
          const drafts: FailureDraft[] = Array.from({ length: n }, (_, i) => ({
            core: core(i, messageChars),
            raw: i % 4 === 3 ? null : raw(i, lineChars, windows, anomalies),
          }));
          const { failures, budget } = fitFailures(drafts, tokens);
          const chars = JSON.stringify(failures, null, 2).length;
          // One failure is always kept (cut to a stub) so a report never hides that something failed.
          if (failures.length > 1 || n === 0) expect(chars).toBeLessThanOrEqual(Math.max(400, tokens * 4));
          expect(failures.length + budget.failuresOmitted).toBe(n);
          for (const f of failures) {
            expect(f.omitted.items).toBeGreaterThanOrEqual(0);
            expect(f.omitted.logLines).toBeGreaterThanOrEqual(0);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('notShownRanges', () => {
  it('lists the gaps between shown ranges', () => {
    expect(notShownRanges([], 10)).toEqual([[1, 10]]);
    expect(notShownRanges([[1, 10]], 10)).toEqual([]);
    expect(
      notShownRanges(
        [
          [5, 6],
          [2, 3],
          [6, 8],
        ],
        10,
      ),
    ).toEqual([
      [1, 1],
      [4, 4],
      [9, 10],
    ]);
  });
});

describe('fitFailures accounting', () => {
  it('says which log lines were not shown, also after the exact-size pass', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 300, max: 3000 }),
        fc.integer({ min: 0, max: 600 }),
        (tokens, lineChars) => {
          const { failures, budget } = fitFailures([{ core: core(0), raw: raw(0, lineChars, 6, 5) }], tokens);
          const f = failures[0];
          expect(failures).toHaveLength(1);
          if (budget.failuresStubbed) return; // a stub carries no evidence, only its log paths
          const shown = f.evidence.excerpts.reduce((n, e) => n + (e.toLine - e.fromLine + 1), 0);
          // Shown and not-shown lines of the one log add up to its length (the excerpts do not overlap).
          expect(f.omitted.logLines + shown).toBe(10_000_000);
          const see = f.omitted.see[0];
          expect(see.totalLines).toBe(10_000_000);
          if (see.notShown.length < 10) {
            expect(see.notShown.reduce((n, [a, b]) => n + b - a + 1, 0)).toBe(f.omitted.logLines);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
