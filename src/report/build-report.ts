// CollectedRun -> Report: totals, failures (fitted to the token budget), compact entries, plot data.
// Evidence (log scans) is asked for through `evidenceFor`, so a caller can cache it per test and
// incremental writes do not rescan logs.

import path from 'node:path';
import { DEFAULT_TOKEN_BUDGET, type FailureDraft, fitFailures } from './budget.ts';
import type { CollectedError, CollectedRun, CollectedTest } from './collected.ts';
import { clip, errorBrief, frames } from './error-brief.ts';
import { changeTMs, gatherEvidence, isOutage, networkLabel, type RawEvidence } from './evidence.ts';
import { keyFigures, sectionTestOf } from './key-figures.ts';
import { failureLead } from './lead.ts';
import {
  type FailureEntry,
  type PlotData,
  REPORT_SCHEMA_VERSION,
  type Report,
  type RunStatus,
  type TestEntry,
  type TestState,
  type Totals,
} from './model.ts';
import {
  breakGaps,
  downsample,
  extractNetwrightMeta,
  isRecord,
  normalizeMeta,
  testT0,
} from './normalize-meta.ts';
import { reproduceForTest } from './reproduce.ts';
import { REPORT_SECTIONS, type ReportSection, type SectionTest } from './sections/index.ts';
import { SourceQuoter } from './source-quote.ts';
import { META_LIMITS, type MetaEvent, type NetwrightTestMeta, type ThresholdMeta } from './test-meta.ts';
import { failureThresholds, MAX_THRESHOLDS, plotThresholds, thresholdBars } from './thresholds.ts';

/** Points per series and markers kept in report.json for the HTML plots. */
export const PLOT_LIMITS = { points: 300, markers: 40, tests: 200, bots: 24 } as const;

export interface BuildOptions {
  /** Absolute output directory (for `run.files`). */
  outputDir: string;
  tokenBudget?: number;
  /** Evidence of a failed test; default scans its logs every time. */
  evidenceFor?: (test: CollectedTest, meta: NetwrightTestMeta) => Promise<RawEvidence>;
  /** ISO time of this write (tests pass a fixed one). */
  now?: number;
  /** Report sections; default REPORT_SECTIONS (src/report/sections). */
  sections?: readonly ReportSection<unknown>[];
  /**
   * Whether the run reached its end; default: its reason is not 'running'. A run stopped by a signal
   * is written with reason 'interrupted' and complete false.
   */
  complete?: boolean;
}

/** Options of the synchronous assembly: evidence already gathered, looked up by test id. */
export interface AssembleOptions extends Omit<BuildOptions, 'evidenceFor'> {
  evidenceOf?: (testId: string) => RawEvidence | null | undefined;
}

/** One test as the builder sees it: reported state and normalised meta (with section anomalies). */
interface TestInput {
  t: CollectedTest;
  /** File relative to the root. */
  file: string;
  state: TestState;
  st: SectionTest;
}

/** Every test of the run, read once. */
function readTests(run: CollectedRun, sections: readonly ReportSection<unknown>[]): TestInput[] {
  const out: TestInput[] = [];
  for (const mod of run.modules) {
    const file = relFile(run.root, mod.file);
    for (const t of mod.tests) {
      const normalized = normalizeMeta(extractNetwrightMeta(t.rawMeta)).meta;
      const state = reportedState(t, run.reason);
      const st: SectionTest = {
        id: t.id,
        fullName: t.fullName,
        file,
        state,
        meta: normalized,
        t0: testT0(normalized),
      };
      st.meta = withSectionAnomalies(st, sections);
      out.push({ t, file, state, st });
    }
  }
  return out;
}

/** Most characters of one section's run-level data in report.json (bigger data is replaced by a note). */
export const SECTION_DATA_MAX_CHARS = 6000;

/** Call a section hook; a section that throws contributes nothing (the report must still be written). */
function safely<T>(fn: (() => T) | undefined, fallback: T): T {
  if (!fn) return fallback;
  try {
    return fn() ?? fallback;
  } catch {
    return fallback;
  }
}

/** The test's meta with the anomalies sections derive (a bot's death) merged into its events. */
function withSectionAnomalies(
  test: SectionTest,
  sections: readonly ReportSection<unknown>[],
): NetwrightTestMeta {
  const extra: MetaEvent[] = [];
  for (const s of sections) extra.push(...safely(s.anomalies && (() => s.anomalies!(test)), []));
  if (!extra.length) return test.meta;
  const events = [...(test.meta.events ?? []), ...extra].sort((a, b) => a.t - b.t);
  return { ...test.meta, events: events.slice(-META_LIMITS.events) };
}

const INTERRUPT_NOTE = /abort|interrupt|cancel/i;

/**
 * The state a test is reported with: aborted skips are 'interrupted'. A test Vitest still has as
 * pending is 'running' (started) or 'pending' (queued) while the run goes on, 'interrupted' when the
 * run was cancelled or killed, and 'failed' (a crash: its worker died) when the run ended normally.
 */
export function reportedState(t: CollectedTest, run: CollectedRun['reason']): TestState {
  if (t.state === 'skipped' && t.note && INTERRUPT_NOTE.test(t.note)) return 'interrupted';
  if (t.state !== 'pending') return t.state;
  if (run === 'running') return t.started ? 'running' : 'pending';
  return run === 'interrupted' ? 'interrupted' : 'failed';
}

/** Errors explaining a test that never finished: unhandled errors that name its file. */
function crashErrors(t: CollectedTest, unhandled: CollectedError[]): CollectedError[] {
  const mentions = (e: CollectedError | undefined, depth = 0): boolean =>
    !!e &&
    depth < 4 &&
    (e.VITEST_TEST_PATH === t.file ||
      String(e.message ?? '').includes(t.file) ||
      mentions(e.cause as CollectedError | undefined, depth + 1));
  const related = unhandled.filter((e) => mentions(e));
  return [
    {
      name: 'NetwrightCrash',
      message: `the test did not finish: the worker running ${path.basename(t.file)} stopped while it ran`,
    },
    ...related,
  ];
}

function failureKind(
  errors: CollectedError[],
  meta: NetwrightTestMeta,
  crashed: boolean,
): FailureEntry['kind'] {
  if (crashed) return 'crash';
  const e = errors[0];
  const msg = String(e?.message ?? '');
  if (/timed out/i.test(msg) || (typeof e?.code === 'string' && /_TIMEOUT$/.test(e.code))) return 'timeout';
  if (typeof e?.code === 'string' && /^ERR_(PROCESS|GODOT|GAME_PROCESS|GAME_CLIENT_START)/.test(e.code)) {
    return 'process';
  }
  if ((meta.processes ?? []).some((p) => p.failed)) return 'process';
  if (e && (e.expected !== undefined || e.actual !== undefined || /assert/i.test(String(e.name))))
    return 'assertion';
  return 'error';
}

function relFile(root: string, file: string): string {
  return path.isAbsolute(file) ? path.relative(root, file) || file : file;
}

/** Innermost frame of the test's own file in its errors: where it failed. */
function failedAt(t: CollectedTest, root: string): { line: number; column: number } | null {
  const rel = relFile(root, t.file);
  for (const e of t.errors) {
    const f = frames(e, root).find((fr) => fr.file === rel);
    if (f) return { line: f.line, column: f.column };
  }
  return null;
}

function plotFor(
  t: Pick<CollectedTest, 'id' | 'fullName'>,
  st: SectionTest,
  sections: readonly ReportSection<unknown>[],
  failed: boolean,
): PlotData | null {
  const meta = st.meta;
  const t0 = testT0(meta);
  const netT0 = typeof meta.network?.t0 === 'number' ? meta.network.t0 : undefined;
  const series = (meta.timeseries ?? []).map((s) => {
    // Points are ms since the series' own origin: its `t0`, or the network's for the network's
    // series ('net <link> ...'); shift them onto the test's t0 so every chart shares one axis.
    const origin = s.t0 ?? (s.name.startsWith('net ') ? netT0 : undefined);
    const shift = origin !== undefined && t0 !== undefined ? origin - t0 : 0;
    const pts = shift ? s.points.map(([t, v]): [number, number | null] => [t + shift, v]) : s.points;
    const out: PlotData['series'][number] = {
      name: s.name,
      unit: s.unit,
      points: downsample(breakGaps(pts), PLOT_LIMITS.points),
    };
    if (s.source) out.source = s.source;
    return out;
  });
  const bars: NonNullable<PlotData['bars']> = [];
  for (const sec of sections) {
    for (const s of safely(sec.series && (() => sec.series!(st)), [])) {
      const out: PlotData['series'][number] = {
        name: s.name,
        unit: s.unit,
        points: downsample(breakGaps(s.points), PLOT_LIMITS.points),
      };
      if (s.source) out.source = s.source;
      series.push(out);
    }
    bars.push(...safely(sec.bars && (() => sec.bars!(st)), []));
  }
  // A bound with no figure plotted for it gets a bar of its observed value (see thresholdBars).
  const placed = thresholdBars(meta.thresholds ?? [], series, bars);
  bars.push(...placed.bars);
  const history = meta.network?.history ?? [];
  if (!series.length && !history.length && !bars.length) return null;
  const network = history.slice(0, 200).map((h) => {
    const label = networkLabel(h);
    const seg: PlotData['network'][number] = {
      tMs: changeTMs(h, testT0(meta)),
      label,
      outage: isOutage(label, h.change),
    };
    if (typeof h.link === 'string') seg.link = h.link;
    return seg;
  });
  const events = t0 === undefined ? [] : (meta.events ?? []);
  const markers = events
    .slice(0, PLOT_LIMITS.markers)
    .map((e) => ({ tMs: Math.round(e.t - (t0 ?? 0)), label: `${e.source}: ${e.event}` }));
  const plot: PlotData = {
    testId: t.id,
    title: t.fullName,
    failed,
    series: series.slice(0, META_LIMITS.series),
    network,
    markers,
  };
  if (bars.length) plot.bars = bars.slice(0, PLOT_LIMITS.bots * 4);
  const thresholds = plotThresholds(placed.thresholds, plot.series, plot.bars ?? []);
  if (thresholds.length) plot.thresholds = thresholds;
  if (events.length > markers.length) plot.markersOmitted = events.length - markers.length;
  return plot;
}

/**
 * The plot data of one raw `task.meta.netwright` object, as report.html draws it for that test
 * (the Vitest UI plot attachment); null when the meta has nothing to plot.
 */
export function plotForMeta(
  raw: unknown,
  test: { id: string; title: string; failed: boolean },
  sections: readonly ReportSection<unknown>[] = REPORT_SECTIONS,
): PlotData | null {
  const st = sectionTestOf(normalizeMeta(raw).meta, { id: test.id, fullName: test.title });
  return plotFor({ id: test.id, fullName: test.title }, st, sections, test.failed);
}

/** Build the report of a (possibly unfinished) run: gathers the failures' evidence, then assembles. */
export async function buildReport(run: CollectedRun, opts: BuildOptions): Promise<Report> {
  const sections = opts.sections ?? REPORT_SECTIONS;
  const inputs = readTests(run, sections);
  const evidence = new Map<string, RawEvidence | null>();
  for (const { t, state, st } of inputs) {
    if (state !== 'failed') continue;
    try {
      evidence.set(t.id, await (opts.evidenceFor ? opts.evidenceFor(t, st.meta) : gatherEvidence(st.meta)));
    } catch {
      evidence.set(t.id, null);
    }
  }
  const { evidenceFor: _, ...rest } = opts;
  return assembleReport(run, { ...rest, evidenceOf: (id) => evidence.get(id) }, inputs);
}

/**
 * The report of a run from evidence gathered before (synchronous, so it can be written from an `exit`
 * handler when the run is stopped by a signal). Failures without evidence get their core only.
 */
export function assembleReport(
  run: CollectedRun,
  opts: AssembleOptions,
  inputs: TestInput[] = readTests(run, opts.sections ?? REPORT_SECTIONS),
): Report {
  const ended = opts.complete ?? run.reason !== 'running';
  const sections = opts.sections ?? REPORT_SECTIONS;
  const sectionTests: SectionTest[] = inputs.map((i) => i.st);
  const quoter = new SourceQuoter(run.root);
  const byModule = new Map<string, TestInput[]>();
  for (const i of inputs) byModule.set(i.t.file, [...(byModule.get(i.t.file) ?? []), i]);
  const root = run.root;
  const totals: Totals = {
    tests: 0,
    passed: 0,
    failed: 0,
    skipped: 0,
    interrupted: 0,
    running: 0,
    pending: 0,
    flaky: 0,
    moduleErrors: 0,
    unhandledErrors: run.unhandled.length,
  };
  const tests: TestEntry[] = [];
  const drafts: FailureDraft[] = [];
  const draftIndex: TestEntry[] = [];
  const plots: PlotData[] = [];
  const seeds = new Set<number>();
  const godot = new Set<string>();
  const errors: Report['errors'] = run.unhandled.slice(0, 20).map((e) => ({
    kind: 'unhandled',
    file: typeof e.VITEST_TEST_PATH === 'string' ? relFile(root, e.VITEST_TEST_PATH) : null,
    error: errorBrief(e, root),
  }));
  if (run.runSeed !== null) seeds.add(run.runSeed);

  for (const mod of run.modules) {
    const file = relFile(root, mod.file);
    if (mod.errors.length) {
      totals.moduleErrors++;
      for (const e of mod.errors.slice(0, errors.length < 50 ? 3 : 0))
        errors.push({ kind: 'module', file, error: errorBrief(e, root) });
    }
    for (const { t, state, st } of byModule.get(mod.file) ?? []) {
      const meta = st.meta;
      const crashed = state === 'failed' && t.state === 'pending';
      totals.tests++;
      totals[state]++;
      if (t.flaky && state === 'passed') totals.flaky++;
      const seed = meta.seed ?? null;
      if (meta.runSeed !== undefined) seeds.add(meta.runSeed);
      else if (seed !== null) seeds.add(seed);
      if (meta.versions?.godot) godot.add(meta.versions.godot);
      else if (isRecord(meta.game) && typeof meta.game.engineVersion === 'string')
        godot.add(meta.game.engineVersion);
      const entry: TestEntry = {
        id: t.id,
        name: t.name,
        fullName: t.fullName,
        file,
        line: t.line,
        state,
        flaky: t.flaky && state === 'passed',
        retries: t.retries,
        durationMs: t.durationMs === null ? null : Math.round(t.durationMs),
        seed,
        metrics: keyFigures(meta, sections, st),
        failure: null,
      };
      if (t.note) entry.note = t.note;
      if (entry.flaky && t.errors.length > 0) entry.note = flakyNote(t, root);
      if (crashed) entry.note = 'crashed: its worker stopped before the test finished';
      else if (state === 'interrupted' && t.state === 'pending')
        entry.note = 'did not run to the end: the run was cancelled or killed';
      tests.push(entry);
      const plot = plots.length < PLOT_LIMITS.tests ? plotFor(t, st, sections, state === 'failed') : null;
      if (plot) plots.push(plot);
      if (state !== 'failed') continue;

      const errs = crashed
        ? crashErrors(t, run.unhandled)
        : t.errors.length
          ? t.errors
          : [{ message: 'test failed without an error' }];
      const at = failedAt(t, root);
      const atLine = at?.line ?? null;
      const line = t.line ?? atLine;
      const core: FailureEntry = {
        id: t.id,
        name: t.name,
        fullName: t.fullName,
        project: t.project,
        file,
        line,
        location: line !== null ? `${file}:${atLine ?? line}` : file,
        quote: (atLine ?? line) !== null ? quoter.quote(file, (atLine ?? line)!, at?.column) : null,
        kind: failureKind(errs, meta, crashed),
        error: errorBrief(
          crashed && errs[1]
            ? { ...errs[1], message: `${errs[0].message}; ${String(errs[1].message ?? '')}` }
            : errs[0],
          root,
        ),
        moreErrors: Math.max(0, errs.length - (crashed ? 2 : 1)),
        seed,
        retries: t.retries,
        durationMs: entry.durationMs,
        reproduce: reproduceForTest({
          file,
          fullName: t.fullName,
          project: t.project,
          meta,
          runSeed: run.runSeed,
          launcher: run.launcher,
        }),
        lead: { saw: [], open: [] },
        logs: [],
        evidence: { processes: [], anomalies: [], network: null, excerpts: [], blocks: [] },
        omitted: { chars: 0, items: 0, logLines: 0, see: [] },
      };
      for (const p of meta.processes ?? []) {
        for (const [stream, p2] of Object.entries(p.logPaths ?? {})) {
          if (typeof p2 === 'string') core.logs.push({ source: `${p.name} ${stream}`, path: p2 });
        }
      }
      for (const l of meta.logs ?? []) core.logs.push({ source: l.source, path: l.path });
      core.logs = core.logs.slice(0, 16);
      let raw: RawEvidence | null = opts.evidenceOf?.(t.id) ?? null;
      const blocks = sections.flatMap((sec) => safely(sec.evidence && (() => sec.evidence!(st)), []));
      if (blocks.length) {
        raw = raw
          ? { ...raw, blocks }
          : { processes: [], anomalies: [], network: null, logs: [], tails: [], logsNotScanned: 0, blocks };
      }
      core.lead = failureLead(core, raw, root);
      // A plain assertion on a metric failed (no matcher recorded its bound): draw its expected value.
      if (plot && !plot.thresholds?.some((t) => t.failed)) addThresholds(plot, failureThresholds(core));
      drafts.push({ core, raw });
      draftIndex.push(entry);
    }
  }

  const { failures, budget } = fitFailures(drafts, opts.tokenBudget ?? DEFAULT_TOKEN_BUDGET);
  failures.forEach((f, i) => {
    const e = draftIndex.find((d) => d.id === f.id);
    if (e) e.failure = i;
  });

  const status: RunStatus =
    run.reason === 'running'
      ? 'running'
      : run.reason === 'interrupted'
        ? 'interrupted'
        : totals.failed || totals.moduleErrors || totals.unhandledErrors
          ? 'failed'
          : 'passed';
  const out = opts.outputDir;
  const sectionData: Record<string, unknown> = {};
  for (const sec of sections) {
    const data = safely(
      sec.collect && (() => sec.collect!({ tests: sectionTests, outputDir: out, running: !ended })),
      undefined,
    );
    if (data === undefined) continue;
    const chars = JSON.stringify(data)?.length ?? 0;
    sectionData[sec.id] =
      chars <= SECTION_DATA_MAX_CHARS
        ? data
        : { omitted: `${chars} chars of section data (limit ${SECTION_DATA_MAX_CHARS})` };
  }
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: 'netwright',
    status,
    interrupted: status === 'interrupted' || totals.interrupted > 0,
    complete: ended,
    writtenAt: new Date(opts.now ?? run.endedAt).toISOString(),
    run: {
      command: run.command,
      root,
      seed: run.runSeed ?? (seeds.size === 1 ? [...seeds][0] : null),
      seeds: [...seeds].slice(0, 50),
      gitCommit: run.gitCommit,
      gitDirty: run.gitDirty,
      versions: {
        node: process.version,
        vitest: run.vitestVersion,
        godot: godot.size ? [...godot].join(', ') : null,
        netwright: run.netwrightVersion,
      },
      startedAt: new Date(run.startedAt).toISOString(),
      durationMs: Math.max(0, Math.round(run.endedAt - run.startedAt)),
      shard: run.shard,
      mergedReports: run.mergedReports,
      files: {
        json: path.join(out, 'report.json'),
        summary: path.join(out, 'summary.md'),
        html: path.join(out, 'report.html'),
        plots: path.join(out, 'plots.json'),
      },
      pid: run.pid ?? null,
    },
    totals,
    errors,
    failures,
    budget,
    sections: sectionData,
    tests: [...tests].sort((a, b) => rank(a.state) - rank(b.state)),
    plots,
  };
}

/** Add thresholds to a plot (failed first, no duplicate labels, at most MAX_THRESHOLDS). */
function addThresholds(plot: PlotData, list: ThresholdMeta[]): void {
  const extra = plotThresholds(list, plot.series, plot.bars ?? []);
  if (!extra.length) return;
  const all = [...extra, ...(plot.thresholds ?? [])];
  plot.thresholds = all
    .filter((t, i) => all.findIndex((o) => o.label === t.label) === i)
    .slice(0, MAX_THRESHOLDS);
}

/** Order of tests[]: failures first, then what did not finish, what is still going, passes, skips. */
const RANK: Record<TestState, number> = {
  failed: 0,
  interrupted: 1,
  running: 2,
  pending: 3,
  passed: 4,
  skipped: 5,
};

function rank(s: TestState): number {
  return RANK[s];
}

/** Why a test that passed on a retry failed before: the first failed attempt's error, in one line. */
function flakyNote(t: CollectedTest, root: string): string {
  const first = t.errors[0] ?? { message: 'unknown error' };
  const brief = errorBrief(first, root);
  const where = brief.stack[0] ? ` at ${brief.stack[0]}` : '';
  const line = brief.message.split('\n')[0] ?? '';
  const more = t.errors.length > 1 ? ` (+${t.errors.length - 1} more error(s))` : '';
  return clip(`flaky: passed on retry ${t.retries}; an earlier attempt failed: ${line}${where}${more}`, 300);
}
