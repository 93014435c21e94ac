// The handful of numbers that say how a test went: shown in the compact test entries of report.json,
// the summary table, Vitest UI annotations and JUnit <property> elements. One source for all of them:
// the `keyFigures` hook of each report section (src/report/sections), in section order.

import { normalizeMeta, testT0 } from './normalize-meta.ts';
import { REPORT_SECTIONS, type ReportSection, type SectionTest } from './sections/index.ts';
import type { NetwrightTestMeta } from './test-meta.ts';

/** Ordered key -> value; keys are stable dotted names with units (`latency.p99Ms`). */
export type KeyFigures = Record<string, number | string>;

/** Prefix of annotation types carrying key figures (JUnit property names). */
export const KEY_FIGURE_ANNOTATION_PREFIX = 'netwright.';

/** Most key figures per test. */
export const MAX_KEY_FIGURES = 24;

function round(v: number): number {
  return Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 100) / 100;
}

/** A SectionTest for hooks that only need the meta. */
export function sectionTestOf(meta: NetwrightTestMeta, over: Partial<SectionTest> = {}): SectionTest {
  return { id: '', fullName: '', file: '', state: '', meta, t0: testT0(meta), ...over };
}

/**
 * Key figures of one test: its seed, then every section's figures in order. Missing data yields no
 * key; numbers are rounded (2 decimals below 100); a section that throws adds nothing.
 */
export function keyFigures(
  meta: NetwrightTestMeta,
  sections: readonly ReportSection<unknown>[] = REPORT_SECTIONS,
  test: SectionTest = sectionTestOf(meta),
): KeyFigures {
  const out: KeyFigures = {};
  const put = (key: string, v: unknown) => {
    if (Object.keys(out).length >= MAX_KEY_FIGURES) return;
    if (typeof v === 'number' && Number.isFinite(v)) out[key] = round(v);
    else if (typeof v === 'string' && v !== '') out[key] = v.slice(0, 80);
  };
  put('seed', meta.seed);
  for (const s of sections) {
    let figures: Record<string, unknown> | undefined;
    try {
      figures = s.keyFigures?.(test);
    } catch {
      figures = undefined;
    }
    for (const [k, v] of Object.entries(figures ?? {})) put(k, v);
  }
  return out;
}

/** Key figures as annotations ({ type: 'netwright.latency.p99Ms', message: '42' }) for UI and JUnit. */
export function keyFigureAnnotations(figures: KeyFigures): { type: string; message: string }[] {
  return Object.entries(figures).map(([k, v]) => ({
    type: KEY_FIGURE_ANNOTATION_PREFIX + k,
    message: String(v),
  }));
}

/** One short line: `seed=42 latency.p99Ms=81 underruns=3`. */
export function formatKeyFigures(figures: KeyFigures, max = 8): string {
  return Object.entries(figures)
    .slice(0, max)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

/**
 * Annotations for a raw `task.meta.netwright` object. Call from inside the test body (annotate throws
 * after it): `for (const a of annotationsForMeta(task.meta.netwright)) await annotate(a.message, a.type)`.
 */
export function annotationsForMeta(raw: unknown): { type: string; message: string }[] {
  return keyFigureAnnotations(keyFigures(normalizeMeta(raw).meta));
}
