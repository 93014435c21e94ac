// Before/after of one fix attempt: which tests it fixed, which still fail, which it broke, and how
// the key figures moved. Tests are matched by file and full name (ids differ between runs).
import type { Report, TestEntry } from '../report/model.ts';

export interface MetricDelta {
  test: string;
  metric: string;
  before: number;
  after: number;
}

export interface ReportComparison {
  fixed: string[];
  stillFailing: string[];
  newlyFailing: string[];
  /** Numeric key figures that moved by more than 10 % (at most 20). */
  metricDeltas: MetricDelta[];
  failedBefore: number;
  failedAfter: number;
}

/** Stable key of a test across runs. */
export const testKey = (t: Pick<TestEntry, 'file' | 'fullName'>) => `${t.file} > ${t.fullName}`;

const failing = (r: Report) => new Set(r.tests.filter((t) => t.state === 'failed').map(testKey));

/** Failed tests, plus module-level errors counted as failures (a file that no longer loads is worse). */
export function failureCount(r: Report): number {
  return r.totals.failed + r.totals.moduleErrors + r.totals.unhandledErrors;
}

/** Compare `after` to `before`; `scope` limits which tests count (a failing-tests-only re-run). */
export function compareReports(before: Report, after: Report, scope?: Set<string>): ReportComparison {
  const inScope = (k: string) => !scope || scope.has(k);
  const was = failing(before);
  const now = failing(after);
  const ran = new Set(after.tests.filter((t) => t.state !== 'skipped').map(testKey));
  const metricDeltas: MetricDelta[] = [];
  const beforeByKey = new Map(before.tests.map((t) => [testKey(t), t]));
  for (const t of after.tests) {
    const b = beforeByKey.get(testKey(t));
    if (!b) continue;
    for (const [metric, v] of Object.entries(t.metrics)) {
      const old = b.metrics[metric];
      if (typeof v !== 'number' || typeof old !== 'number' || metric === 'seed') continue;
      const base = Math.max(Math.abs(old), 1e-9);
      if (Math.abs(v - old) / base > 0.1 && metricDeltas.length < 20)
        metricDeltas.push({ test: t.fullName, metric, before: old, after: v });
    }
  }
  return {
    fixed: [...was].filter((k) => inScope(k) && ran.has(k) && !now.has(k)),
    stillFailing: [...was].filter((k) => inScope(k) && now.has(k)),
    newlyFailing: [...now].filter((k) => inScope(k) && !was.has(k)),
    metricDeltas,
    failedBefore: [...was].filter(inScope).length,
    failedAfter: [...now].filter(inScope).length + after.totals.moduleErrors + after.totals.unhandledErrors,
  };
}
