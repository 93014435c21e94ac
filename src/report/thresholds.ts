// The bound a test checked a figure against, drawn on that figure's plot (issue #13): a horizontal line
// at the threshold on the chart of the series it bounds (or a vertical one on the bots' bars), labelled,
// red when the assertion failed on it. Two origins:
//   - netwright's matchers record `meta.thresholds` (fixtures/matchers/threshold.ts) with the series
//     they bound, e.g. toHavePercentileBelow(99, 150) -> p99 latency < 150 ms on the latency series;
//   - a plain assertion on a metric (`expect(c.metrics.baselineMismatches).toBe(0)`) gets one from the
//     failure: the metric the failing line reads and the assertion's numeric expected value.

import { humanize, metricsRead } from './lead.ts';
import type { FailureEntry, PlotData } from './model.ts';
import { clipLine, isRecord, type MetaDropCounts } from './normalize-meta.ts';
import { escapeRegExp } from './reproduce.ts';
import type { ThresholdMeta } from './test-meta.ts';

/** Most thresholds kept per test (the last ones recorded). */
export const MAX_THRESHOLDS = 16;

const OPS = new Set(['<', '<=', '>', '>=', '=']);

function finite(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** One recorded threshold, typed and bounded; undefined (counted invalid) without figure or value. */
export function normalizeThreshold(v: unknown, drops: MetaDropCounts): ThresholdMeta | undefined {
  if (!isRecord(v) || typeof v.figure !== 'string' || finite(v.value) === undefined) {
    drops.invalid++;
    return undefined;
  }
  const out: ThresholdMeta = {
    figure: clipLine(v.figure, 120),
    op: typeof v.op === 'string' && OPS.has(v.op) ? (v.op as ThresholdMeta['op']) : '=',
    value: v.value as number,
    failed: v.failed === true,
  };
  for (const k of ['series', 'unit', 'bar', 'source', 'by'] as const)
    if (typeof v[k] === 'string') out[k] = clipLine(v[k] as string, 200);
  const observed = finite(v.observed);
  if (observed !== undefined) out.observed = observed;
  return out;
}

const round = (x: number): number => Math.round(x * 100) / 100;

/** `p99 latency < 150 ms (observed 420 ms) ✗`. */
export function thresholdLabel(t: ThresholdMeta, unit = t.unit ?? ''): string {
  const u = unit && unit !== 'count' ? ` ${unit}` : '';
  const seen = t.observed !== undefined ? ` (observed ${round(t.observed)}${u})` : '';
  const who = t.source ? `${t.source} ` : '';
  return `${who}${t.figure} ${t.op} ${round(t.value)}${u}${seen}${t.failed ? ' ✗ failed' : ''}`;
}

function matcher(pattern: string | undefined): RegExp | undefined {
  if (!pattern) return undefined;
  try {
    return new RegExp(pattern, 'i');
  } catch {
    return new RegExp(escapeRegExp(pattern), 'i');
  }
}

/**
 * Where each threshold is drawn: on the first plotted series whose name (with its source) matches its
 * `series` pattern (and unit, when given), else on the chart of its unit, else on the bars of its `bar`
 * figure; thresholds with nowhere to go are left out. A failed one sorts first.
 */
export function plotThresholds(
  list: readonly ThresholdMeta[],
  series: PlotData['series'],
  bars: NonNullable<PlotData['bars']>,
): NonNullable<PlotData['thresholds']> {
  const out: NonNullable<PlotData['thresholds']> = [];
  for (const t of list) {
    const re = matcher(t.series);
    const src = t.source?.toLowerCase();
    const candidates = series.filter(
      (s) => (!t.unit || s.unit === t.unit) && re?.test(`${s.source ?? ''} ${s.name}`),
    );
    const hit =
      candidates.find((s) => src && `${s.source ?? ''} ${s.name}`.toLowerCase().includes(src)) ??
      candidates[0];
    const entry: NonNullable<PlotData['thresholds']>[number] = {
      value: t.value,
      label: '',
      failed: t.failed,
    };
    if (hit) {
      entry.unit = hit.unit;
      entry.series = hit.name;
    } else if (t.unit && series.some((s) => s.unit === t.unit)) entry.unit = t.unit;
    else if (t.bar && bars.some((b) => b.name === t.bar)) entry.bar = t.bar;
    else continue;
    entry.label = thresholdLabel(t, entry.unit ?? (entry.bar ? (t.unit ?? '') : ''));
    if (!out.some((o) => o.label === entry.label)) out.push(entry);
  }
  return out.sort((a, b) => Number(b.failed) - Number(a.failed)).slice(0, MAX_THRESHOLDS);
}

/**
 * Bars for recorded thresholds that no plotted series, chart or bar figure can carry but whose observed
 * value is known (toConverge's distance, toHaveNoUnderruns' underruns/min): one bar per figure for its
 * source (else 'worst client'), so the figure a test failed on is still drawn beside its bound. Each
 * such threshold comes back with `bar` set to its figure.
 */
export function thresholdBars(
  list: readonly ThresholdMeta[],
  series: PlotData['series'],
  bars: NonNullable<PlotData['bars']>,
): { bars: NonNullable<PlotData['bars']>; thresholds: ThresholdMeta[] } {
  const extra: NonNullable<PlotData['bars']> = [];
  const thresholds = list.map((t) => {
    const re = matcher(t.series);
    const placed =
      series.some((s) => (!t.unit || s.unit === t.unit) && re?.test(`${s.source ?? ''} ${s.name}`)) ||
      (t.unit !== undefined && series.some((s) => s.unit === t.unit)) ||
      (t.bar !== undefined && bars.some((b) => b.name === t.bar));
    if (placed || t.observed === undefined || extra.length >= 8) return t;
    const entity = t.source ?? 'worst client';
    if (!extra.some((b) => b.entity === entity && b.name === t.figure))
      extra.push({ entity, name: t.figure, value: Math.round(t.observed * 100) / 100 });
    return { ...t, bar: t.figure };
  });
  return { bars: extra, thresholds };
}

/** The bound an assertion's message states: `to be less than` -> '<' (toBe, toEqual: '='). */
function assertionOp(message: string): ThresholdMeta['op'] {
  const m = /(less|greater) than( or equal)?|below|above|at most|at least/i.exec(message)?.[0].toLowerCase();
  if (!m) return '=';
  if (m === 'below') return '<';
  if (m === 'above') return '>';
  if (m === 'at most') return '<=';
  if (m === 'at least') return '>=';
  return `${m.startsWith('less') ? '<' : '>'}${m.endsWith('equal') ? '=' : ''}` as ThresholdMeta['op'];
}

/**
 * The threshold of a failed plain assertion on a metric: the metrics its failing line reads
 * (`metrics.baselineMismatches` -> series 'baseline mismatches') at the assertion's numeric expected value.
 */
export function failureThresholds(core: FailureEntry): ThresholdMeta[] {
  const value = Number(core.error.expected);
  if (core.error.expected === undefined || core.error.expected.trim() === '' || !Number.isFinite(value))
    return [];
  const observed = Number(core.error.actual);
  const op = assertionOp(core.error.message);
  return metricsRead(core).map((m) => {
    const figure = humanize(m);
    const t: ThresholdMeta = {
      figure,
      series: escapeRegExp(figure),
      op,
      value,
      failed: true,
      by: 'assertion',
    };
    if (core.error.actual !== undefined && Number.isFinite(observed)) t.observed = observed;
    return t;
  });
}
