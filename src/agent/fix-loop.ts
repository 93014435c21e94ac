// `netwright fix`: run the tests, read report.json, ask an LLM for a patch, check and apply it in the
// loop's own worktree, re-run the failing tests with the same seed and then the whole selection,
// compare, keep (commit) or undo, and go again until green or a limit.
//
//   worktree + branch at HEAD ─▶ first run (or --from-report) ─▶ green? done
//      ┌──────────────────────────────────────────────────────────────────────┐
//      ▼                                                                      │
//   prompt(best report, files, history) ─▶ LLM CLI (stdin/stdout, time limit) │
//   ─▶ diff? ─▶ guard rails + git apply --check ─▶ apply                      │
//   ─▶ failing tests, same seed ─▶ whole selection (same seed) ─▶ compare     │
//   ─▶ all green: commit, stop │ better: commit, best = this run ─────────────┤
//                              │ not better: undo; N times in a row: stop ────┘
//   stops also at --max-iterations, --max-minutes and Ctrl-C (the transcript stays valid).
//
// What the LLM answers is only ever handed to `git apply` as a patch.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { NetwrightError } from '../errors.ts';
import type { Report } from '../report/model.ts';
import { readReport } from '../report/read-report.ts';
import type { FixSummary } from '../report/sections/fix-loop.ts';
import { writeReport } from '../report/write-report.ts';
import { compareReports, failureCount, type ReportComparison, testKey } from './compare.ts';
import { extractDiff } from './extract-diff.ts';
import { git } from './git.ts';
import { askLlm } from './llm.ts';
import { applyPatch, checkPatch, patchFiles } from './patch-check.ts';
import { buildPrompt, type PromptHistoryEntry } from './prompt.ts';
import { runTests, selectTests, type TestRunResult } from './test-run.ts';
import {
  ACCEPTED,
  type FixOutcome,
  type IterationRecord,
  type IterationVerdict,
  type RunRecord,
  Transcript,
} from './transcript.ts';
import {
  branchExists,
  commitPaths,
  createFixWorktree,
  type FixWorktree,
  finalDiff,
  repoRoot,
  rollback,
} from './worktree.ts';

export interface FixOptions {
  /** Where the user runs it (inside their repository). */
  cwd: string;
  /** LLM command line: reads the prompt on stdin, answers on stdout. */
  llm: string;
  /** Test command line (Vitest arguments are appended). */
  test: string;
  maxIterations: number;
  maxMinutes: number;
  /** Stop after this many iterations in a row without progress. */
  patience: number;
  allowTestEdits: boolean;
  maxPatchLines: number;
  tokenBudget: number;
  llmTimeoutS: number;
  /** The report directory; the loop writes under <reportDir>/fix/<stamp>/. */
  reportDir: string;
  worktree?: string;
  branch?: string;
  /** Start from this report instead of a first run. */
  fromReport?: string;
  signal?: AbortSignal;
  log: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}

export interface FixResult {
  outcome: FixOutcome;
  reportPath: string;
  transcriptPath: string;
  worktree: string;
  branch: string;
  summary: FixSummary;
}

/**
 * The run's id: its start time to the second, then -2, -3 ... while an earlier run (in the same second)
 * holds that id's branch, worktree or report dir. Two runs a second apart once collided on the branch.
 */
async function freeId(taken: (id: string) => Promise<boolean>): Promise<string> {
  const base = stamp();
  for (let n = 1; n <= 100; n++) {
    const id = n === 1 ? base : `${base}-${n}`;
    if (!(await taken(id))) return id;
  }
  throw new NetwrightError('ERR_FIX_WORKTREE_EXISTS', `100 fix runs already started at ${base}`, {
    hint: 'remove old netwright-fix/* branches and worktrees (git worktree prune; git branch -D ...)',
  });
}

const stamp = (d = new Date()) => d.toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');

function runRecord(r: TestRunResult): RunRecord {
  return {
    reportPath: r.reportPath,
    logPath: r.logPath,
    status: r.report?.status ?? null,
    tests: r.report?.totals.tests ?? 0,
    failed: r.report ? failureCount(r.report) : 0,
    durationMs: r.durationMs,
    exitCode: r.exitCode,
  };
}

const green = (r: Report) => r.status === 'passed' && failureCount(r) === 0;

/** The failing tests of a report, with files relative to the run root. */
function failingTests(r: Report): { file: string; fullName: string }[] {
  return r.tests.filter((t) => t.state === 'failed').map((t) => ({ file: t.file, fullName: t.fullName }));
}

export async function runFixLoop(opts: FixOptions): Promise<FixResult> {
  const log = opts.log;
  const deadline = Date.now() + opts.maxMinutes * 60_000;
  const left = () => Math.max(0, deadline - Date.now());
  const repo = await repoRoot(opts.cwd);
  const sub = path.relative(repo, path.resolve(opts.cwd));
  const defaultWorktree = (id: string) =>
    path.join(path.dirname(repo), `.netwright-fix`, `${path.basename(repo)}-${id}`);
  const id = await freeId(
    async (id) =>
      (opts.branch === undefined && (await branchExists(repo, `netwright-fix/${id}`))) ||
      (opts.worktree === undefined && existsSync(defaultWorktree(id))) ||
      existsSync(path.join(opts.reportDir, 'fix', id)),
  );
  const branch = opts.branch ?? `netwright-fix/${id}`;
  const wtDir = path.resolve(opts.worktree ?? defaultWorktree(id));
  const wt: FixWorktree = await createFixWorktree(repo, wtDir, branch);
  const runRoot = path.join(wt.dir, sub);
  const dir = path.join(opts.reportDir, 'fix', id);
  const t = new Transcript(dir, {
    tool: 'netwright',
    kind: 'fix-transcript',
    version: 1,
    status: 'running',
    outcome: null,
    reason: '',
    startedAt: new Date().toISOString(),
    endedAt: null,
    llmCommand: opts.llm,
    testCommand: opts.test,
    repo,
    worktree: wt.dir,
    branch,
    base: wt.base,
    head: wt.base,
    limits: {
      maxIterations: opts.maxIterations,
      maxMinutes: opts.maxMinutes,
      patience: opts.patience,
      maxPatchLines: opts.maxPatchLines,
      tokenBudget: opts.tokenBudget,
      llmTimeoutS: opts.llmTimeoutS,
      allowTestEdits: opts.allowTestEdits,
    },
    initial: null,
    iterations: [],
    tokensSent: 0,
    finalDiffPath: null,
  });
  log(
    `netwright fix: worktree ${wt.dir} on branch ${branch} from ${wt.base.slice(0, 10)}${wt.repoDirty ? ' (your uncommitted changes are not in it)' : ''}`,
  );
  log(`netwright fix: transcript ${t.file}`);

  const test = (outDir: string, args: string[] = [], seed?: number | null) =>
    runTests({
      command: opts.test,
      cwd: runRoot,
      outDir,
      args,
      seed,
      timeoutMs: left(),
      signal: opts.signal,
      env: opts.env,
    });

  // The first run: the failures to fix, and the seed every re-run uses.
  let initial: Report;
  let initialPath: string;
  if (opts.fromReport) {
    initialPath = path.resolve(opts.cwd, opts.fromReport);
    try {
      initial = readReport(initialPath);
    } catch (err) {
      throw new NetwrightError(
        'ERR_REPORT_NOT_FOUND',
        `cannot read --from-report ${initialPath}: ${(err as Error).message}`,
      );
    }
    log(
      `netwright fix: starting from ${initialPath}: ${failureCount(initial)} of ${initial.totals.tests} failed`,
    );
  } else {
    log(`netwright fix: first run: ${opts.test}`);
    const r = await test(path.join(dir, 'initial'));
    t.doc.initial = runRecord(r);
    t.save();
    if (!r.report) {
      return finish(
        t,
        wt,
        undefined,
        'error',
        `the test command wrote no netwright report (exit ${r.exitCode}; see ${r.logPath})`,
      );
    }
    initial = r.report;
    initialPath = r.reportPath;
    log(
      `netwright fix: first run: ${failureCount(initial)} of ${initial.totals.tests} failed (${(r.durationMs / 1000).toFixed(1)} s)`,
    );
  }
  if (green(initial)) return finish(t, wt, initial, 'already-green', 'nothing to fix: the first run passed');
  const seed = initial.run.seed;
  let best = initial;
  let noProgress = 0;
  const history: PromptHistoryEntry[] = [];

  for (let n = 1; ; n++) {
    if (opts.signal?.aborted) return finish(t, wt, best, 'interrupted', 'stopped by Ctrl-C');
    if (n > opts.maxIterations)
      return finish(t, wt, best, 'iteration-limit', `${opts.maxIterations} iteration(s) done`);
    if (left() <= 0) return finish(t, wt, best, 'time-limit', `${opts.maxMinutes} min used`);
    const iterDir = t.iterationDir(n);
    const started = Date.now();
    const rec: IterationRecord = {
      iteration: n,
      startedAt: new Date().toISOString(),
      durationMs: 0,
      promptTokens: 0,
      promptFiles: [],
      llm: null,
      patch: null,
      verdict: 'no-diff',
      detail: '',
      problems: [],
      comparison: null,
      runs: {},
      commit: null,
      files: {},
    };
    t.doc.iterations.push(rec);
    const failing = failingTests(best);
    const moduleFiles = best.errors.filter((e) => e.kind === 'module' && e.file).map((e) => e.file as string);
    const testFilesRel = [...new Set([...failing.map((f) => f.file), ...moduleFiles])].map((f) =>
      path.relative(wt.dir, path.resolve(runRoot, f)),
    );
    const selectArgs = failing.length ? selectTests(failing) : moduleFiles;
    const prompt = buildPrompt({
      report: best,
      dir: wt.dir,
      runRoot,
      tokenBudget: opts.tokenBudget,
      allowTestEdits: opts.allowTestEdits,
      testFiles: testFilesRel,
      history,
      repro: `${opts.test} ${selectArgs.join(' ')}`,
    });
    rec.promptTokens = prompt.tokens;
    rec.promptFiles = prompt.files;
    rec.files.prompt = t.put(path.join(iterDir, 'prompt.md'), prompt.text);
    t.doc.tokensSent += prompt.tokens;
    t.save();
    log(
      `netwright fix: iteration ${n}: prompt ~${prompt.tokens} tokens${prompt.files.length ? ` (${prompt.files.join(', ')})` : ''}; asking the LLM`,
    );

    const end = (verdict: IterationVerdict, detail: string, problems: string[] = []) => {
      rec.verdict = verdict;
      rec.detail = detail;
      rec.problems = problems;
      rec.durationMs = Date.now() - started;
      rec.files.verdict = t.put(
        path.join(iterDir, 'verdict.json'),
        `${JSON.stringify({ verdict, detail, problems }, null, 2)}\n`,
      );
      t.save();
      history.push({
        iteration: n,
        verdict,
        detail: problems.length ? `${detail}: ${problems.join('; ')}` : detail,
      });
      log(
        `netwright fix: iteration ${n}: ${verdict}: ${detail}${problems.length ? ` (${problems.join('; ')})` : ''}`,
      );
      if (ACCEPTED.has(verdict)) noProgress = 0;
      else if (verdict !== 'interrupted') noProgress++;
    };

    const statusOf = async () =>
      (
        await git(wt.dir, [
          'status',
          '--porcelain',
          '--untracked-files=all',
          '--',
          '.',
          ':(exclude)node_modules',
        ])
      ).stdout;
    const before = await statusOf();
    const answer = await askLlm({
      command: opts.llm,
      prompt: prompt.text,
      // An empty folder of its own: an agentic CLI that writes files writes them there, not in the repo.
      cwd: mkdirSync(path.join(iterDir, 'llm-cwd'), { recursive: true }) ?? path.join(iterDir, 'llm-cwd'),
      timeoutMs: Math.min(opts.llmTimeoutS * 1000, Math.max(1000, left())),
      signal: opts.signal,
      env: opts.env,
    });
    rec.llm = {
      exitCode: answer.exitCode,
      timedOut: answer.timedOut,
      durationMs: answer.durationMs,
      answerChars: answer.text.length,
      truncated: answer.truncated,
    };
    rec.files.answer = t.put(path.join(iterDir, 'answer.txt'), answer.text);
    if (answer.stderrTail)
      rec.files.llmStderr = t.put(path.join(iterDir, 'llm-stderr.txt'), answer.stderrTail);
    if (answer.aborted) {
      end('interrupted', 'Ctrl-C while the LLM was answering');
      return finish(t, wt, best, 'interrupted', 'stopped by Ctrl-C');
    }
    // Whatever the LLM command did, the worktree must be as the loop left it.
    const after = await statusOf();
    if (after !== before) {
      const seen = new Set(before.split('\n'));
      const changed = after.split('\n').filter((l) => l && !seen.has(l));
      await rollback(
        wt,
        changed.filter((l) => l.startsWith('??')).map((l) => l.slice(3)),
      );
      end('refused', 'the LLM command changed the worktree itself; changes undone', changed.slice(0, 5));
      if (noProgress >= opts.patience)
        return finish(t, wt, best, 'no-progress', `${noProgress} iteration(s) in a row without progress`);
      continue;
    }
    const diff = extractDiff(answer.text);
    if (answer.timedOut)
      end(
        'llm-timeout',
        `no answer within ${Math.round(Math.min(opts.llmTimeoutS * 1000, left()) / 1000)} s; the LLM command was stopped`,
      );
    else if (!diff && answer.exitCode !== 0)
      end(
        'llm-failed',
        `the LLM command exited with ${answer.exitCode ?? answer.signal}: ${answer.stderrTail.trim().split('\n').slice(-2).join(' ')}`,
      );
    else if (!diff) end('no-diff', `the answer (${answer.text.length} chars) has no unified diff`);
    else {
      rec.files.patch = t.put(path.join(iterDir, 'patch.diff'), diff);
      const check = await checkPatch(diff, wt.dir, {
        protectedFiles: testFilesRel,
        allowTestEdits: opts.allowTestEdits,
        maxChangedLines: opts.maxPatchLines,
      });
      rec.patch = { files: check.files.paths, changedLines: check.files.changedLines };
      if (!check.ok) end('refused', 'patch refused, not applied', check.problems);
      else {
        await applyPatch(diff, wt.dir);
        log(
          `netwright fix: iteration ${n}: applied ${check.files.paths.join(', ')} (${check.files.changedLines} lines); re-running the failing tests, seed ${seed ?? 'fresh'}`,
        );
        const outcome = await tryPatch(n, iterDir, selectArgs, failing);
        if (outcome === 'stop') return finish(t, wt, best, 'interrupted', 'stopped by Ctrl-C');
        if (outcome.verdict === 'fixed') return finish(t, wt, outcome.report, 'fixed', outcome.detail);
        if (outcome.verdict === 'improved' && outcome.report) {
          best = outcome.report;
        }
      }
    }
    if (noProgress >= opts.patience)
      return finish(t, wt, best, 'no-progress', `${noProgress} iteration(s) in a row without progress`);

    /** Re-run, compare, keep or undo. 'stop' on Ctrl-C (the patch is undone). */
    async function tryPatch(
      iteration: number,
      idir: string,
      args: string[],
      failingNow: { file: string; fullName: string }[],
    ): Promise<'stop' | { verdict: IterationVerdict; report?: Report; path: string; detail: string }> {
      const created = rec.files.patch
        ? patchFiles(readFileSync(path.join(t.dir, rec.files.patch), 'utf8')).created
        : [];
      const undo = async () => rollback(wt, created);
      const scope = new Set(failingNow.map((f) => testKey(f)));
      const rf = await test(path.join(idir, 'failing'), args, seed);
      rec.runs.failing = runRecord(rf);
      t.save();
      if (rf.aborted) {
        await undo();
        end('interrupted', 'Ctrl-C during the test run; patch undone');
        return 'stop';
      }
      if (!rf.report) {
        await undo();
        end(
          'test-run-failed',
          `the re-run wrote no report (exit ${rf.exitCode}; ${rf.timedOut ? 'time limit' : `see ${rf.logPath}`}); patch undone`,
        );
        return { verdict: 'test-run-failed', path: rf.reportPath, detail: '' };
      }
      const onFailing = compareReports(best, rf.report, scope);
      log(
        `netwright fix: iteration ${iteration}: failing tests: ${onFailing.fixed.length} fixed, ${onFailing.stillFailing.length} still failing`,
      );
      // Then the whole selection (same seed), unless the failing tests are all of it: a patch can
      // break what passed, and only that run shows it.
      const everything =
        best.tests.filter((x) => x.state !== 'skipped').length === failingNow.length &&
        best.errors.length === 0;
      let all = rf;
      if (!everything) {
        all = await test(path.join(idir, 'all'), [], seed);
        rec.runs.all = runRecord(all);
        t.save();
        if (all.aborted) {
          await undo();
          end('interrupted', 'Ctrl-C during the test run; patch undone');
          return 'stop';
        }
      }
      const cmp: ReportComparison = all.report
        ? compareReports(best, all.report, everything || all === rf ? scope : undefined)
        : onFailing;
      rec.comparison = cmp;
      const summary = `${cmp.fixed.length} fixed, ${cmp.stillFailing.length} still failing, ${cmp.newlyFailing.length} newly failing`;
      const keep = async (verdict: 'fixed' | 'improved', report: Report, detail: string) => {
        rec.commit = await commitPaths(
          wt,
          rec.patch?.files ?? [],
          `netwright fix: iteration ${iteration}: ${summary}`,
        );
        end(verdict, `${detail}; committed ${rec.commit.slice(0, 10)}`);
        return {
          verdict,
          report,
          path: all.reportPath,
          detail: verdict === 'fixed' ? `fixed in ${iteration} iteration(s)` : summary,
        };
      };
      if (all.report && green(all.report))
        return keep('fixed', all.report, `all ${all.report.totals.tests} tests pass`);
      if (cmp.newlyFailing.length > 0 || cmp.failedAfter > cmp.failedBefore) {
        await undo();
        end('worse', `${summary}; patch undone`);
        return { verdict: 'worse', path: all.reportPath, detail: summary };
      }
      if (cmp.fixed.length > 0 && all.report) return keep('improved', all.report, summary);
      await undo();
      end('no-change', `${summary}; patch undone`);
      return { verdict: 'no-change', path: all.reportPath, detail: summary };
    }
  }
}

/** Close the transcript, write the final report with the loop's summary, and say where things are. */
async function finish(
  t: Transcript,
  wt: FixWorktree,
  last: Report | undefined,
  outcome: FixOutcome,
  reason: string,
): Promise<FixResult> {
  const headSha = (await git(wt.dir, ['rev-parse', 'HEAD'])).stdout.trim();
  const diff = await finalDiff(wt);
  const finalDiffPath = path.join(t.dir, 'final.diff');
  writeFileSync(finalDiffPath, diff);
  const lastCmp = [...t.doc.iterations]
    .reverse()
    .find((i) => i.comparison && ACCEPTED.has(i.verdict))?.comparison;
  const stillFailing = last ? last.tests.filter((x) => x.state === 'failed').map((x) => x.fullName) : [];
  const accepted = t.doc.iterations.filter((i) => ACCEPTED.has(i.verdict));
  const fixedNames = new Set(
    accepted.flatMap((i) => i.comparison?.fixed ?? []).map((k) => k.split(' > ').slice(1).join(' > ')),
  );
  const effective: FixOutcome =
    outcome !== 'fixed' &&
    accepted.length > 0 &&
    ['iteration-limit', 'no-progress', 'time-limit'].includes(outcome)
      ? 'improved'
      : outcome;
  const summary: FixSummary = {
    outcome: effective,
    iterations: t.doc.iterations.length,
    tokensSent: t.doc.tokensSent,
    fixed: [...fixedNames],
    stillFailing,
    newlyFailing: lastCmp?.newlyFailing.map((k) => k.split(' > ').slice(1).join(' > ')) ?? [],
    branch: wt.branch,
    worktree: wt.dir,
    base: wt.base,
    head: headSha,
    finalDiff: diff.length > 4000 ? `${diff.slice(0, 4000)}\n... (clipped; see finalDiffPath)\n` : diff,
    finalDiffPath,
    transcriptPath: t.file,
  };
  t.doc.status = 'finished';
  t.doc.outcome = effective;
  t.doc.reason = reason;
  t.doc.endedAt = new Date().toISOString();
  t.doc.head = headSha;
  t.doc.finalDiffPath = finalDiffPath;
  t.save();
  let reportPath = path.join(t.dir, 'report.json');
  if (last) {
    const files = {
      json: reportPath,
      summary: path.join(t.dir, 'summary.md'),
      html: path.join(t.dir, 'report.html'),
      plots: path.join(t.dir, 'plots.json'),
    };
    mkdirSync(t.dir, { recursive: true });
    reportPath = writeReport({
      ...last,
      run: { ...last.run, files },
      sections: { ...last.sections, 'fix-loop': summary },
    });
  }
  return {
    outcome: effective,
    reportPath,
    transcriptPath: t.file,
    worktree: wt.dir,
    branch: wt.branch,
    summary,
  };
}
