// The netwright Vitest reporter: report.json (for LLMs), summary.md (for people), report.html (plots),
// written incrementally as test modules finish, and `REPORT_JSON:<path>` as the last line of the run.
//
//   onInit ─▶ replace any previous report at once with an empty one (status 'running'), so a run
//             stopped in its first second never leaves the last run's 'passed' behind
//   onTestRunStart ─▶ write empty report (status 'running', complete: false)
//   onTestCaseResult ─▶ progress line; failed? start scanning its logs (cached per test)
//   onTestModuleEnd ─▶ rebuild from the modules seen so far, write atomically (a kill leaves this)
//   onTestRunEnd ─▶ rebuild from Vitest's final modules (same path for --merge-reports), write,
//                   print REPORT_JSON:<path> last (at process exit in run mode)
//   exit before the run ended (SIGINT/SIGTERM: Vitest exits at once) ─▶ write it synchronously with
//                   status 'interrupted' and what had finished; SIGKILL leaves the last 'running' one
//
// All hooks run in Vitest's main process and only see serialisable task data.

import { writeSync } from 'node:fs';
import path from 'node:path';
import type {
  Reporter,
  SerializedError,
  TestCase,
  TestModule,
  TestRunEndReason,
  TestSpecification,
  Vitest,
} from 'vitest/node';
import { NetwrightConfigError } from '../src/errors.ts';
import { assembleReport, buildReport } from '../src/report/build-report.ts';
import type {
  CollectedError,
  CollectedModule,
  CollectedRun,
  CollectedTest,
} from '../src/report/collected.ts';
import {
  type DurationHistory,
  estimateRemainingMs,
  readDurations,
  writeDurations,
} from '../src/report/durations.ts';
import { REPRODUCE_MARK } from '../src/report/error-brief.ts';
import { gatherEvidence, type RawEvidence } from '../src/report/evidence.ts';
import { KEY_FIGURE_ANNOTATION_PREFIX } from '../src/report/key-figures.ts';
import { detectLauncher, type Launcher } from '../src/report/launcher.ts';
import { formatLive, livePath, readLiveStatus } from '../src/report/live.ts';
import type { Report } from '../src/report/model.ts';
import { extractNetwrightMeta, normalizeMeta } from '../src/report/normalize-meta.ts';
import { formatProgress, type ProgressMode, progressMode } from '../src/report/progress.ts';
import { reproduceForTest } from '../src/report/reproduce.ts';
import { gitInfo, netwrightVersion } from '../src/report/run-info.ts';
import { REPORT_SECTIONS, type ReportSection } from '../src/report/sections/index.ts';
import { claimReportDir } from '../src/report/stale-marker.ts';
import type { NetwrightTestMeta } from '../src/report/test-meta.ts';
import { failureLine, type UiAnnotation, uiAnnotations } from '../src/report/ui-annotations.ts';
import { writeReport } from '../src/report/write-report.ts';

export interface NetwrightReporterOptions {
  /** Output directory, relative to the Vitest root. Default `netwright-report`. */
  outputDir?: string;
  /** Token budget of the failures section (tokens ~ chars / 4). Default 8000. */
  tokenBudget?: number;
  /** The run seed (the plugin passes it); recorded in run.seed and in repro commands. */
  seed?: number;
  /** 'auto' (default): live line on a TTY, quiet lines in CI / when piped; or force one, or 'off'. */
  progress?: 'auto' | ProgressMode;
  /** Quiet-line mode: at most one line per this many ms. Default 30 000. */
  progressIntervalMs?: number;
  /** Where progress goes. Default process.stderr. */
  progressStream?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Your own report sections, after the built-in ones (see src/report/sections/section.ts). */
  sections?: ReportSection<unknown>[];
}

/** NETWRIGHT_SEED when it is a valid seed (the plugin validates and passes it as `seed` itself). */
function seedFromEnv(): number | null {
  const n = Number(process.env.NETWRIGHT_SEED);
  return process.env.NETWRIGHT_SEED && Number.isInteger(n) && n >= 0 && n <= 0xffffffff ? n : null;
}

/** While tests run, report.json is rewritten at least this often (ms). */
const HEARTBEAT_MS = 5000;

/** Prefix of the last line of a run; agents look for it. */
export const REPORT_JSON_PREFIX = 'REPORT_JSON:';

const ERROR_FIELDS = ['name', 'message', 'stack', 'stacks', 'expected', 'actual', 'diff', 'code', 'type'];

/** Plain copy of an error: Error objects keep message/stack/cause non-enumerable, so copy by name. */
function toCollectedError(e: unknown, depth = 0): CollectedError {
  if (typeof e !== 'object' || e === null) return { message: String(e) };
  const src = e as Record<string, unknown>;
  const out: CollectedError = {};
  for (const k of ERROR_FIELDS) if (src[k] !== undefined) out[k] = src[k];
  for (const k of Object.keys(src)) if (k.startsWith('VITEST_')) out[k] = src[k];
  if (src.cause !== undefined && depth < 4) out.cause = toCollectedError(src.cause, depth + 1);
  return out;
}

function collectTest(tc: TestCase, started: ReadonlySet<string>): CollectedTest {
  const r = tc.result();
  const d = tc.diagnostic();
  const state = r.state;
  const test: CollectedTest = {
    id: tc.id,
    name: tc.name,
    fullName: tc.fullName,
    project: tc.project.name || null,
    file: tc.module.moduleId,
    line: tc.location?.line ?? null,
    state,
    // A test that passed on a retry still carries the errors of its failed attempts (flaky).
    errors: state === 'failed' || d?.flaky ? (r.errors ?? []).map(toCollectedError) : [],
    retries: d?.retryCount ?? 0,
    flaky: d?.flaky ?? false,
    durationMs: d?.duration ?? null,
    startTime: d?.startTime ?? null,
    rawMeta: tc.meta(),
  };
  if (r.state === 'skipped' && r.note) test.note = r.note;
  if (state === 'pending' && started.has(tc.id)) test.started = true;
  return test;
}

function collectModule(m: TestModule, started: ReadonlySet<string>): CollectedModule {
  let duration: number | null = null;
  try {
    duration = m.diagnostic().duration;
  } catch {
    duration = null;
  }
  return {
    file: m.moduleId,
    project: m.project.name || null,
    state: m.state(),
    errors: m.errors().map(toCollectedError),
    durationMs: duration,
    tests: [...m.children.allTests()].map((tc) => collectTest(tc, started)),
  };
}

export class NetwrightReporter implements Reporter {
  private readonly options: NetwrightReporterOptions;
  private vitest: Vitest | undefined;
  private root = process.cwd();
  private outputDir = '';
  private startedAt = Date.now();
  private modules = new Map<string, TestModule>();
  private evidence = new Map<string, Promise<RawEvidence>>();
  /** Evidence already gathered, for the synchronous write at exit. */
  private evidenceDone = new Map<string, RawEvidence>();
  /** Tests that have started in this run (Vitest reports them 'pending' until they finish). */
  private started = new Set<string>();
  /** The current run reached onTestRunEnd (nothing to do at exit then). */
  private runEnded = true;
  private interruptHook: (() => void) | undefined;
  /** Rewrites the report while tests run, so `writtenAt` and running tests stay current. */
  private heartbeat: NodeJS.Timeout | undefined;
  private lastWriteAt = 0;
  private launcher: Launcher | undefined;
  private done = 0;
  private failed = 0;
  private total = 0;
  private current: string | undefined;
  /** Vitest id of `current` (names its live file: src/report/live.ts). */
  private currentId: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastLineAt = 0;
  private lastHtmlAt = 0;
  private writing: Promise<void> = Promise.resolve();
  private writeQueued = false;
  private exitHook: (() => void) | undefined;
  private git: { commit: string | null; dirty: boolean | null } | undefined;
  /** Per-file durations of the last run (durations.json in the report dir), for the ETA. */
  private history: DurationHistory = {};
  /** Test files of this run and those finished (relative to the root). */
  private files = new Set<string>();
  private filesDone = new Set<string>();
  /** Path of the last report written (absolute). */
  lastReportPath: string | undefined;
  /** The last report built (for tests and the plugin). */
  lastReport: Report | undefined;
  /** Runs seen by this instance (watch mode re-runs included). */
  runs = 0;

  constructor(options: NetwrightReporterOptions = {}) {
    const problems: string[] = [];
    const { tokenBudget, progress, progressIntervalMs, outputDir, seed } = options;
    if (tokenBudget !== undefined && !(Number.isFinite(tokenBudget) && tokenBudget >= 100)) {
      problems.push(`tokenBudget must be a number >= 100 (got ${String(tokenBudget)})`);
    }
    if (progress !== undefined && !['auto', 'tty', 'lines', 'off'].includes(progress)) {
      problems.push(`progress must be 'auto', 'tty', 'lines' or 'off' (got ${JSON.stringify(progress)})`);
    }
    if (
      progressIntervalMs !== undefined &&
      !(Number.isFinite(progressIntervalMs) && progressIntervalMs >= 0)
    ) {
      problems.push(`progressIntervalMs must be a number >= 0 (got ${String(progressIntervalMs)})`);
    }
    if (outputDir !== undefined && (typeof outputDir !== 'string' || outputDir === '')) {
      problems.push(`outputDir must be a non-empty path (got ${JSON.stringify(outputDir)})`);
    }
    if (seed !== undefined && !Number.isInteger(seed))
      problems.push(`seed must be an integer (got ${String(seed)})`);
    if (problems.length) {
      throw new NetwrightConfigError('netwright reporter options', problems, 'see reporters/README.md');
    }
    this.options = options;
    this.sections = [...REPORT_SECTIONS, ...(options.sections ?? [])];
  }

  /** Built-in sections, then the user's. */
  private readonly sections: readonly ReportSection<unknown>[];

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
    this.root = vitest.config.root;
    this.outputDir = path.resolve(this.root, this.options.outputDir ?? 'netwright-report');
    // A run starts now: whatever report is there is the previous run's. Replace it before config
    // loading, globalSetup or Godot checks can be interrupted, so nobody reads a stale pass.
    this.runEnded = false;
    claimReportDir(this.outputDir);
    this.history = readDurations(this.outputDir);
    this.installInterruptHook();
    this.writeNow('running');
  }

  /** Write the report of what is known now, synchronously (onInit, exit); never throws. */
  private writeNow(reason: 'running' | 'interrupted'): void {
    try {
      const report = assembleReport(this.collect([...this.modules.values()], [], reason), {
        outputDir: this.outputDir,
        tokenBudget: this.options.tokenBudget,
        sections: this.sections,
        complete: false,
        evidenceOf: (id) => this.evidenceDone.get(id),
      });
      this.lastReportPath = writeReport(report, {}, this.sections);
      this.lastReport = report;
    } catch (err) {
      process.stderr.write(`netwright: could not write the report: ${(err as Error).message}\n`);
    }
  }

  /** On exit before the run ended (SIGINT/SIGTERM), leave a report that says it was interrupted. */
  private installInterruptHook(): void {
    if (this.interruptHook) return;
    this.interruptHook = () => {
      if (!this.runEnded) this.writeNow('interrupted');
    };
    process.once('exit', this.interruptHook);
  }

  /** Forget everything of the previous run (watch mode), stop timers. */
  private reset(): void {
    this.modules.clear();
    this.evidence.clear();
    this.evidenceDone.clear();
    this.started.clear();
    this.files.clear();
    this.filesDone.clear();
    this.done = 0;
    this.failed = 0;
    this.total = 0;
    this.current = undefined;
    this.stopProgress();
    this.startedAt = Date.now();
    this.lastHtmlAt = 0;
  }

  onWatcherRerun(): void {
    this.reset();
  }

  onTestRunStart(specifications: ReadonlyArray<TestSpecification>): Promise<void> {
    this.reset();
    this.runEnded = false;
    this.installInterruptHook();
    this.runs++;
    this.total = 0;
    void specifications;
    this.startProgress();
    this.heartbeat = setInterval(() => void this.scheduleWrite(), HEARTBEAT_MS);
    this.heartbeat.unref();
    return this.scheduleWrite();
  }

  onTestModuleQueued(m: TestModule): void {
    this.modules.set(m.id, m);
    this.files.add(this.rel(m.moduleId));
  }

  private rel(file: string): string {
    return path.relative(this.root, file) || file;
  }

  onTestModuleCollected(m: TestModule): Promise<void> {
    this.modules.set(m.id, m);
    this.files.add(this.rel(m.moduleId));
    this.total = 0;
    for (const mod of this.modules.values()) for (const _ of mod.children.allTests()) this.total++;
    // A run killed from here on still lists this module's tests (as interrupted).
    return this.scheduleWrite();
  }

  onTestCaseReady(tc: TestCase): void {
    this.current = tc.fullName;
    this.currentId = tc.id;
    this.started.add(tc.id);
    // A test that starts shows as running soon; many short tests do not cause a write each.
    if (Date.now() - this.lastWriteAt >= 1000) void this.scheduleWrite();
  }

  onTestCaseResult(tc: TestCase): void {
    this.addKeyFigureAnnotations(tc);
    this.done++;
    const r = tc.result();
    if (r.state === 'failed') {
      this.failed++;
      this.evidenceFor(tc.id, tc.meta());
    }
    this.drawProgress(false);
  }

  /**
   * Fixture data is attached at teardown, when `annotate()` no longer works. So the key figures (and,
   * for a failure, the repro command) are added to the finished task's annotations here, before the
   * JUnit reporter (which writes at the end of the run) and the UI read them. A failure's first error
   * also ends with the repro command, so JUnit's <failure> and the terminal carry it. `task` is
   * Vitest-internal: without it, nothing is added.
   */
  private addKeyFigureAnnotations(tc: TestCase): void {
    const task = (
      tc as unknown as {
        task?: {
          annotations?: UiAnnotation[];
          result?: { errors?: { name?: string; message?: string }[] };
        };
      }
    ).task;
    if (!Array.isArray(task?.annotations)) return;
    const have = new Set(task.annotations.map((a) => a.type));
    const raw = extractNetwrightMeta(tc.meta());
    const meta = normalizeMeta(raw).meta;
    const add = (a: UiAnnotation) => {
      if (have.has(a.type)) return;
      task.annotations!.push(a);
      this.announceAnnotation(tc, a);
    };
    const failed = tc.result().state === 'failed';
    const first = task.result?.errors?.[0];
    const failure = failed ? failureLine(first) : undefined;
    const where = failed
      ? {
          root: this.root,
          file: path.relative(this.root, tc.module.moduleId) || tc.module.moduleId,
          errors: (task.result?.errors ?? []) as CollectedError[],
        }
      : undefined;
    for (const a of uiAnnotations(raw, { id: tc.id, title: tc.fullName, failure, where }, this.sections))
      add(a);
    if (!failed) return;
    const repro = reproduceForTest({
      file: path.relative(this.root, tc.module.moduleId) || tc.module.moduleId,
      fullName: tc.fullName,
      project: tc.project.name || null,
      meta,
      runSeed: this.options.seed ?? seedFromEnv(),
      launcher: this.launcherInfo(),
    });
    add({ type: `${KEY_FIGURE_ANNOTATION_PREFIX}reproduce`, message: repro.command });
    if (first && typeof first.message === 'string' && !first.message.includes(REPRODUCE_MARK)) {
      first.message += `${REPRODUCE_MARK}${repro.command}`;
    }
  }

  /**
   * Tell the other reporters of an annotation added here, as Vitest does for `annotate()`: a Vitest UI
   * open during the run only learns of annotations this way (its end-of-run message does not resend
   * tasks), so without it the plot showed only in a UI opened after the run. Vitest's `report` is
   * internal: without it, only the task gets the annotation.
   */
  private announceAnnotation(tc: TestCase, a: UiAnnotation): void {
    const v = this.vitest as unknown as {
      report?: (name: 'onTestCaseAnnotate', testCase: TestCase, annotation: UiAnnotation) => Promise<void>;
    };
    if (typeof v?.report !== 'function') return;
    try {
      v.report('onTestCaseAnnotate', tc, a).catch(() => undefined);
    } catch {
      // a reporter failing on it must not fail the run
    }
  }

  onTestModuleEnd(m: TestModule): Promise<void> {
    this.modules.set(m.id, m);
    this.files.add(this.rel(m.moduleId));
    this.filesDone.add(this.rel(m.moduleId));
    return this.scheduleWrite();
  }

  async onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
    reason: TestRunEndReason,
  ): Promise<void> {
    this.stopProgress();
    await this.writing;
    const report = await this.build([...testModules], [...unhandledErrors], reason);
    let file: string;
    try {
      file = writeReport(report, {}, this.sections);
    } catch (err) {
      process.stderr.write(
        `netwright: could not write the report to ${this.outputDir}: ${(err as Error).message}\n`,
      );
      this.lastReport = report;
      return;
    }
    this.lastReport = report;
    this.lastReportPath = file;
    this.runEnded = true;
    this.saveDurations(testModules);
    const t = report.totals;
    this.line(
      formatProgress({
        done: t.tests - t.interrupted,
        total: t.tests,
        failed: t.failed,
        elapsedMs: report.run.durationMs,
      }),
    );
    this.announce(file);
  }

  /** This run's per-file durations into durations.json (files that ran to the end only). */
  private saveDurations(modules: ReadonlyArray<TestModule>): void {
    const run: DurationHistory = {};
    for (const m of modules) {
      try {
        const d = m.diagnostic().duration;
        if (m.state() === 'passed' || m.state() === 'failed') run[this.rel(m.moduleId)] = Math.round(d);
      } catch {
        // no duration for this file
      }
    }
    writeDurations(this.outputDir, this.history, run);
  }

  /** Print REPORT_JSON:<path> as the last line: at process exit in run mode, now in watch mode. */
  private announce(file: string): void {
    const text = `${REPORT_JSON_PREFIX}${file}\n`;
    if (this.vitest?.config.watch) {
      process.stdout.write(text);
      return;
    }
    if (this.exitHook) process.off('exit', this.exitHook);
    this.exitHook = () => {
      try {
        writeSync(1, text);
      } catch {
        // stdout closed: nothing to tell.
      }
    };
    process.once('exit', this.exitHook);
  }

  private evidenceFor(id: string, taskMeta: unknown, meta?: NetwrightTestMeta): Promise<RawEvidence> {
    let p = this.evidence.get(id);
    if (!p) {
      p = gatherEvidence(meta ?? normalizeMeta(extractNetwrightMeta(taskMeta)).meta);
      // Started early and awaited later: never let it count as an unhandled rejection meanwhile.
      p.then(
        (raw) => this.evidenceDone.set(id, raw),
        () => undefined,
      );
      this.evidence.set(id, p);
    }
    return p;
  }

  /** Vitest's modules as plain data (the report builder's input). */
  private collect(modules: TestModule[], unhandled: unknown[], reason: CollectedRun['reason']): CollectedRun {
    const config = this.vitest?.config;
    this.git ??= gitInfo(this.root);
    const shard = config?.shard ? { index: config.shard.index, count: config.shard.count } : null;
    return {
      root: this.root,
      command: ['vitest', ...process.argv.slice(2)].join(' '),
      reason,
      startedAt: this.startedAt,
      endedAt: Date.now(),
      modules: modules.map((m) => collectModule(m, this.started)),
      unhandled: unhandled.map(toCollectedError),
      shard,
      mergedReports: Boolean((config as { mergeReports?: unknown } | undefined)?.mergeReports),
      vitestVersion: this.vitest?.version ?? null,
      runSeed: this.options.seed ?? seedFromEnv(),
      gitCommit: this.git.commit,
      gitDirty: this.git.dirty,
      netwrightVersion: netwrightVersion(),
      pid: process.pid,
      launcher: this.launcherInfo(),
    };
  }

  /** How this project runs Vitest (detected once). */
  private launcherInfo(): Launcher {
    if (!this.launcher) this.launcher = detectLauncher(this.root);
    return this.launcher;
  }

  private build(
    modules: TestModule[],
    unhandled: unknown[],
    reason: TestRunEndReason | 'running',
  ): Promise<Report> {
    return buildReport(this.collect(modules, unhandled, reason), {
      outputDir: this.outputDir || path.resolve(this.root, 'netwright-report'),
      tokenBudget: this.options.tokenBudget,
      sections: this.sections,
      evidenceFor: (t, meta) => this.evidenceFor(t.id, t.rawMeta, meta),
    });
  }

  /** Coalesced incremental write: one in flight, at most one queued. */
  private scheduleWrite(): Promise<void> {
    if (this.writeQueued) return this.writing;
    this.writeQueued = true;
    this.writing = this.writing.then(async () => {
      this.writeQueued = false;
      this.lastWriteAt = Date.now();
      try {
        const report = await this.build([...this.modules.values()], [], 'running');
        // JSON and summary every time (a kill leaves them current); the heavier HTML at most every 5 s.
        const html = Date.now() - this.lastHtmlAt >= 5000;
        // The empty page at run start replaces a stale one but does not hold back the first real one.
        if (html && report.totals.tests > 0) this.lastHtmlAt = Date.now();
        this.lastReportPath = writeReport(report, { html }, this.sections);
        this.lastReport = report;
      } catch (err) {
        process.stderr.write(
          `netwright: could not write the incremental report: ${(err as Error).message}\n`,
        );
      }
    });
    return this.writing;
  }

  private mode(): ProgressMode {
    const opt = this.options.progress ?? 'auto';
    if (opt !== 'auto') return opt;
    return progressMode(this.options.progressStream ?? process.stderr);
  }

  /** TTY: redraw every second (the clock moves); lines: a quiet line per interval, even mid-test (soaks). */
  private startProgress(): void {
    const mode = this.mode();
    if (mode === 'off') return;
    const every = mode === 'tty' ? 1000 : Math.max(100, this.options.progressIntervalMs ?? 30_000);
    this.timer = setInterval(() => this.drawProgress(false), every);
    this.timer.unref();
  }

  private stopProgress(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    if (this.mode() === 'tty') (this.options.progressStream ?? process.stderr).write('\r\u001b[2K');
  }

  private drawProgress(force: boolean): void {
    const mode = this.mode();
    if (mode === 'off') return;
    const stream = this.options.progressStream ?? process.stderr;
    const state = {
      done: this.done,
      total: Math.max(this.total, this.done),
      failed: this.failed,
      elapsedMs: Date.now() - this.startedAt,
      current: this.current,
      files: [this.filesDone.size, this.files.size] as [number, number],
      etaMs: estimateRemainingMs(this.history, [...this.files], this.filesDone, Date.now() - this.startedAt),
      live: this.liveLine(),
    };
    if (mode === 'tty') {
      // A terminal reporting 0 columns gets the default width (formatProgress), not a negative one.
      stream.write(`\r\u001b[2K${formatProgress(state, (stream.columns || 101) - 1)}`);
      return;
    }
    const now = Date.now();
    if (!force && now - this.lastLineAt < (this.options.progressIntervalMs ?? 30_000)) return;
    this.lastLineAt = now;
    // The running test's name only with its live figures (a long test), and room for both.
    stream.write(`${formatProgress({ ...state, current: state.live ? state.current : undefined }, 200)}\n`);
  }

  /** The current test's live figures (elapsed/timeout, network profile...), when its fixtures write them. */
  private liveLine(): string | undefined {
    if (!this.currentId) return undefined;
    const s = readLiveStatus(livePath(this.outputDir, this.currentId));
    return s ? formatLive(s) : undefined;
  }

  private line(text: string): void {
    if (this.mode() === 'off') return;
    (this.options.progressStream ?? process.stderr).write(`${text}\n`);
  }
}

export default NetwrightReporter;
