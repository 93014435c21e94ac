// The previous run's report must never outlive the start of the next run: a CI step that reads
// report.json after a run was stopped in its first second would otherwise see a stale pass.
//
//   config evaluated (plugin created) ─▶ markRunStarting(dir): an existing report becomes an empty
//        'running' one at once, and an exit hook turns it into 'interrupted' if the process ends
//        before the reporter takes over
//   reporter onInit ─▶ claimReportDir(dir): the reporter owns the files from here on
//
// The claim lives on globalThis: the config bundler may load this module twice (a bundled copy for
// vitest.config.ts, the plain one for the reporter).

import { existsSync } from 'node:fs';
import path from 'node:path';
import { assembleReport } from './build-report.ts';
import type { CollectedRun } from './collected.ts';
import { writeReport } from './write-report.ts';

const CLAIMS = Symbol.for('netwright.report.claimedDirs');

function claims(): Set<string> {
  const g = globalThis as { [CLAIMS]?: Set<string> };
  g[CLAIMS] ??= new Set();
  return g[CLAIMS];
}

/** The reporter owns `dir` from now on (no stale-marker exit hook writes there any more). */
export function claimReportDir(dir: string): void {
  claims().add(path.resolve(dir));
}

/** A report of a run that has not run a test (yet): status 'running', or 'interrupted' when stopped. */
export function emptyRunReport(dir: string, reason: 'running' | 'interrupted', startedAt: number) {
  const run: CollectedRun = {
    root: process.cwd(),
    command: ['vitest', ...process.argv.slice(2)].join(' '),
    reason,
    startedAt,
    endedAt: Date.now(),
    modules: [],
    unhandled: [],
    shard: null,
    mergedReports: false,
    vitestVersion: null,
    runSeed: null,
    gitCommit: null,
    gitDirty: null,
    netwrightVersion: null,
    pid: process.pid,
  };
  return assembleReport(run, { outputDir: dir, complete: false });
}

/**
 * A run is starting and will write its report to `dir`: replace a report already there with an empty
 * 'running' one now (synchronously), and mark it 'interrupted' if the process exits before a reporter
 * claims the directory. Does nothing when there is no report yet (so merely loading a config, as
 * editors do, creates no files). Never throws.
 */
export function markRunStarting(dir: string, startedAt = Date.now()): void {
  const abs = path.resolve(dir);
  if (claims().has(abs) || !existsSync(path.join(abs, 'report.json'))) return;
  try {
    writeReport(emptyRunReport(abs, 'running', startedAt));
  } catch {
    return;
  }
  process.once('exit', () => {
    if (claims().has(abs)) return;
    try {
      writeReport(emptyRunReport(abs, 'interrupted', startedAt));
    } catch {
      // nothing more to do at exit
    }
  });
}
