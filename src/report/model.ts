// The shape of report.json (published as schema/report.schema.json). Ordered for a reader with little
// time: run, totals, failures (with evidence, within a token budget), then one compact line per test.
// Plot data for the HTML page goes to a side file, plots.json, which report.json names at its end, so
// what an agent reads stays small however long the run. In memory (`Report`) the plots are inline;
// `ReportJson` is what report.json holds. Bump REPORT_SCHEMA_VERSION on any incompatible change.

import type { KeyFigures } from './key-figures.ts';
import type { LogWindow } from './log-scan.ts';
import type { EvidenceBlock } from './sections/section.ts';

export type { EvidenceBlock } from './sections/section.ts';

/**
 * 2: status 'running' and test states 'running'/'pending' while a run goes on (1 said 'interrupted'),
 * totals.running/pending, report.sections, evidence.blocks, plot gaps (null values).
 */
/** 3: plots moved to plots.json (`plots` is a reference to it), run.files.plots, markersOmitted. */
export const REPORT_SCHEMA_VERSION = 3;

export type RunStatus = 'passed' | 'failed' | 'interrupted' | 'running';
/** 'running' / 'pending' (queued) only appear while the run goes on (incremental writes). */
export type TestState = 'passed' | 'failed' | 'skipped' | 'interrupted' | 'running' | 'pending';

export interface RunInfo {
  /** The command line that started the run (`vitest run --project specs`). */
  command: string;
  /** Working directory / Vitest root. */
  root: string;
  /** The run seed (NETWRIGHT_SEED=<seed> replays the run), null when tests used several. */
  seed: number | null;
  /** Distinct run seeds seen (from the plugin and test meta). */
  seeds: number[];
  gitCommit: string | null;
  gitDirty: boolean | null;
  versions: { node: string; vitest: string | null; godot: string | null; netwright: string | null };
  /** ISO time the run started. */
  startedAt: string;
  durationMs: number;
  /** `--shard=index/count`, null when not sharded. */
  shard: { index: number; count: number } | null;
  /** True when built from `--merge-reports` blobs. */
  mergedReports: boolean;
  /** Paths of the files of this report. */
  files: { json: string; summary: string; html: string; plots: string };
  /** Process id of the Vitest main process that wrote it: with status 'running', a dead pid = killed run. */
  pid: number | null;
}

export interface Totals {
  tests: number;
  passed: number;
  failed: number;
  skipped: number;
  /** Aborted (cancelled run) or never finished (run killed). */
  interrupted: number;
  /** Started and not finished yet (only while the run goes on). */
  running: number;
  /** Collected, not started yet (only while the run goes on). */
  pending: number;
  /** Passed after at least one retry. */
  flaky: number;
  /** Test modules that failed outside any test (import error, crash in beforeAll). */
  moduleErrors: number;
  /** Errors outside tests (unhandled rejections, worker crashes). */
  unhandledErrors: number;
}

export interface ErrorBrief {
  name: string;
  message: string;
  /** Assertion sides, ANSI-free, clipped. */
  expected?: string;
  actual?: string;
  diff?: string;
  /** `file:line:col` frames, innermost first, node_modules removed. */
  stack: string[];
  /** NetwrightError code when the error carried one. */
  code?: string;
}

/** Spec source around the line where a test failed. */
export interface SourceQuote {
  /** File relative to the root. */
  file: string;
  /** The failing line (1-based) and column, when known. */
  line: number;
  column?: number;
  /** Line number of `lines[0]`. */
  fromLine: number;
  lines: string[];
}

/** One process as seen by a failing test. */
export interface ProcessBrief {
  name: string;
  exitCode: number | null;
  signal: string | null;
  reason: string | null;
  failed: boolean;
  durationMs: number | null;
  error?: string;
}

/** A failure's lead: short lines on what went wrong, and source files to open (relative to the root). */
export interface FailureLead {
  saw: string[];
  open: string[];
}

/** Metric anomaly or notable event, time relative to the test start when known. */
export interface AnomalyEntry {
  /** ms since the test's t0 (null when no t0 was attached). */
  tMs: number | null;
  /** unix ms. */
  t: number;
  source: string;
  event: string;
  detail?: string;
}

export interface NetworkEvidence {
  /** Configuration in force at the end of the test. */
  config: unknown;
  /** Timeline of changes: ms since t0 and what changed. */
  timeline: { tMs: number; label: string; link?: string; direction?: string }[];
  /** Short per-link lines: `client-1 up: 1200 pkts, 31 dropped (2.6%)`. */
  stats: string[];
}

/** Part of a log shown in the report. */
export interface LogExcerpt extends LogWindow {
  path: string;
  /** Process and stream the log belongs to ('server stderr'). */
  source: string;
  /** 'match': around relevant lines; 'moment': where the log reaches an anomaly's time; tails. */
  kind: 'match' | 'moment' | 'tail' | 'process-tail';
}

/** What the budget cut from a failure and where to find it. */
export interface Omitted {
  /** Characters of evidence left out. */
  chars: number;
  /** Excerpts, anomalies or timeline entries left out. */
  items: number;
  /** Log lines not shown. */
  logLines: number;
  /** Where the rest is: each log with its size and the line ranges not shown (first 10). */
  see: { path: string; totalLines: number; bytes: number; notShown: [number, number][] }[];
}

export interface FailureEntry {
  id: string;
  /** Test name and full name (`suite > test`). */
  name: string;
  fullName: string;
  project: string | null;
  /** File relative to the root. */
  file: string;
  line: number | null;
  /** `file:line`, or just the file when the line is unknown. */
  location: string;
  /** The spec source around `location` (3-5 lines), null when it could not be read. */
  quote: SourceQuote | null;
  /**
   * 'assertion' | 'timeout' | 'process' (a game/bot process failed) | 'error' |
   * 'crash' (the test never finished: its worker died) | 'module' (file-level).
   */
  kind: 'assertion' | 'timeout' | 'process' | 'error' | 'crash' | 'module';
  error: ErrorBrief;
  /** Further errors of the same test not shown. */
  moreErrors: number;
  seed: number | null;
  retries: number;
  durationMs: number | null;
  reproduce: { command: string; env: Record<string, string> };
  /** What went wrong in a few words and the files to open (src/report/lead.ts); kept in stubs. */
  lead: FailureLead;
  /** Full logs of this test's processes. */
  logs: { source: string; path: string }[];
  evidence: {
    processes: ProcessBrief[];
    anomalies: AnomalyEntry[];
    network: NetworkEvidence | null;
    excerpts: LogExcerpt[];
    /** Evidence from report sections (a bot's fight lines and transcript...), as titled lines. */
    blocks: EvidenceBlock[];
  };
  omitted: Omitted;
}

/** Compact line for every test (failed ones included, with `failure` = index in failures). */
export interface TestEntry {
  id: string;
  name: string;
  fullName: string;
  file: string;
  line: number | null;
  state: TestState;
  flaky: boolean;
  retries: number;
  durationMs: number | null;
  seed: number | null;
  metrics: KeyFigures;
  /** Index into `failures`, or null. */
  failure: number | null;
  /** Skip note / interruption reason. */
  note?: string;
}

export interface UnhandledErrorEntry {
  /** 'unhandled' (outside tests) or 'module' (a file failed to load / crashed in a hook). */
  kind: 'unhandled' | 'module';
  file: string | null;
  error: ErrorBrief;
}

/** Data behind one test's plots in the HTML page (downsampled). */
export interface PlotData {
  testId: string;
  title: string;
  failed: boolean;
  /** Points are [ms since t0, value]; a null value is a gap (nothing measured then, e.g. an outage). */
  series: { name: string; unit: string; source?: string; points: [number, number | null][] }[];
  /** Network segments: from tMs, label, outage flag. */
  network: { tMs: number; label: string; outage: boolean; link?: string }[];
  /** Markers: anomalies relative to t0 (the first PLOT_LIMITS.markers). */
  markers: { tMs: number; label: string }[];
  /** Anomalies not drawn because markers hit their cap (absent when none were left out). */
  markersOmitted?: number;
  /** End-of-test counts per entity (MUD bot kills/deaths), drawn as grouped bars. */
  bars?: { entity: string; name: string; value: number }[];
  /**
   * Bounds the test checked figures against (src/report/thresholds.ts), failed ones first: a line at
   * `value` on the chart of `unit` (on `series` when it is plotted), or on the bars of figure `bar`.
   */
  thresholds?: {
    value: number;
    label: string;
    failed: boolean;
    unit?: string;
    series?: string;
    bar?: string;
  }[];
}

export interface BudgetInfo {
  /** Token budget of the failures section (tokens ~ chars / 4). */
  tokenBudget: number;
  /** Estimated tokens used by the failures section. */
  tokensUsed: number;
  /** Failures listed only as a stub (name, location, message) for lack of budget. */
  failuresStubbed: number;
  /** Failures not listed at all (see `tests` with state 'failed'). */
  failuresOmitted: number;
}

export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: 'netwright';
  status: RunStatus;
  /** True when the run was cancelled or killed, or some of its tests were. */
  interrupted: boolean;
  /** False while the run goes on (status 'running') and when it was killed; true once it ended normally. */
  complete: boolean;
  /** ISO time of this write. */
  writtenAt: string;
  run: RunInfo;
  totals: Totals;
  /** Errors outside tests (import failures, unhandled errors): at most ~50. */
  errors: UnhandledErrorEntry[];
  failures: FailureEntry[];
  budget: BudgetInfo;
  /** Run-level data of report sections (src/report/sections), keyed by section id; each bounded. */
  sections: Record<string, unknown>;
  tests: TestEntry[];
  /** Plot data; report.json has a `PlotsRef` here instead (see `ReportJson`). */
  plots: PlotData[];
}

/** Where report.json says the plot data is. */
export interface PlotsRef {
  /** Absolute path of plots.json (a `PlotsFile`). */
  file: string;
  /** Tests with plots in it. */
  tests: number;
  note: string;
}

/** report.json as written: the report with its plots replaced by a reference to plots.json. */
export type ReportJson = Omit<Report, 'plots'> & { plots: PlotsRef };

/** plots.json: the plot data of one report.json. */
export interface PlotsFile {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  /** The report.json these plots belong to. */
  report: string;
  plots: PlotData[];
}
