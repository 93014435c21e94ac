// What a report section is: one module that reads the fixture meta of each test and adds its part to
// every output (key figures, plots, failure evidence, a run-level block in report.json, summary.md and
// report.html). Every hook is optional; a section implements only what it has to say.
//
//   task.meta.netwright ─normalizeMeta─▶ SectionTest ─┬─ keyFigures() ─▶ tests[].metrics, UI, JUnit
//                                                     ├─ series()/bars() ─▶ plots (report.html)
//                                                     ├─ anomalies() ─▶ failure evidence + markers
//                                                     ├─ evidence() ─▶ failures[].evidence.blocks
//                                                     └─ collect(all) ─▶ report.sections[id]
//                                                                        ├─ markdown() ─▶ summary.md
//                                                                        └─ html() ─▶ report.html
//
// Adding one: write `src/report/sections/<name>.ts` exporting a `ReportSection`, then add it to the
// list in `src/report/sections/index.ts`. Nothing else changes.

import type { Report } from '../model.ts';
import type { MetaEvent, NetwrightTestMeta } from '../test-meta.ts';

/** One test as a section sees it: its normalised meta and what the run knows about it. */
export interface SectionTest {
  id: string;
  fullName: string;
  /** File relative to the run root. */
  file: string;
  /** 'passed' | 'failed' | 'skipped' | 'interrupted' | 'running' | ... */
  state: string;
  meta: NetwrightTestMeta;
  /** unix ms origin of the test's relative times (`tMs`), when known. */
  t0: number | undefined;
}

/** A time series for the test's plots: `points` are [ms since t0, value]; `null` is a gap (no data). */
export interface SectionSeries {
  name: string;
  /** 'ms', 'Hz', 'count', 'bots'... series of one unit share a chart. */
  unit: string;
  source?: string;
  points: [number, number | null][];
}

/** End-of-test figure per entity (one bar), e.g. a bot's kills. */
export interface SectionBar {
  entity: string;
  name: string;
  value: number;
}

/**
 * Evidence for a failing test, as lines: fight lines, a bot's transcript, a swarm's stall. The budget
 * places `lead` blocks right after process outcomes and `detail` blocks after the log excerpts, and
 * shortens a block by dropping lines from its start (`keep: 'end'`, default) or its end.
 */
export interface EvidenceBlock {
  /** Id of the section that made it. */
  section: string;
  title: string;
  lines: string[];
  rank?: 'lead' | 'detail';
  keep?: 'start' | 'end';
}

/** What a section's run-level hooks see. */
export interface SectionRun {
  tests: SectionTest[];
  /** Absolute output directory of the report (side files a section may read, e.g. a fix-loop log). */
  outputDir: string;
  /** True while the run is still going (incremental writes). */
  running: boolean;
}

export interface ReportSection<TData = unknown> {
  /** Stable id (kebab-case): the key of this section's data under `report.sections`. */
  id: string;
  /** Heading in summary.md and report.html. */
  title: string;
  /**
   * Key figures of one test: stable dotted names with units (`mud.latency.p99Ms`), scalars only; an
   * undefined value (not measured) adds no key.
   */
  keyFigures?(test: SectionTest): Record<string, number | string | undefined> | undefined;
  /** Extra plot series of one test, besides the ones fixtures attached to meta.timeseries. */
  series?(test: SectionTest): SectionSeries[];
  /** End-of-test bars of one test (one group per entity). */
  bars?(test: SectionTest): SectionBar[];
  /** Anomalies this section derives from meta (a bot's death), merged with meta.events. */
  anomalies?(test: SectionTest): MetaEvent[];
  /** Evidence blocks for a failing test, most telling first. */
  evidence?(test: SectionTest): EvidenceBlock[];
  /** Run-level data for `report.sections[id]` (bounded JSON); undefined when there is nothing to say. */
  collect?(run: SectionRun): TData | undefined;
  /** summary.md lines for the collected data (without the heading). */
  markdown?(data: TData, report: Report): string[];
  /** report.html fragment for the collected data (without the heading); escape what you embed. */
  html?(data: TData, report: Report): string;
}

/** Identity helper that keeps a section's data type checked across its hooks. */
export function defineSection<TData>(section: ReportSection<TData>): ReportSection<TData> {
  return section;
}
