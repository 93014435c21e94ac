// The fix loop's record, written after every step so a Ctrl-C or a crash leaves a valid file:
//
//   <report dir>/fix/<stamp>/
//     transcript.json           every iteration: prompt size, answer, patch, test runs, verdict
//     initial/                  the first test run (report.json, test-output.log)
//     iter-01/prompt.md  answer.txt  patch.diff  failing/  all/
//     final.diff                git diff base..head of the fix branch
//     report.json summary.md report.html   the last run's report with the loop's summary in `fix`
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../report/write-report.ts';
import type { ReportComparison } from './compare.ts';

/** How an iteration ended. */
export type IterationVerdict =
  | 'fixed'
  | 'improved'
  | 'no-change'
  | 'worse'
  | 'no-diff'
  | 'refused'
  | 'apply-failed'
  | 'llm-failed'
  | 'llm-timeout'
  | 'test-run-failed'
  | 'interrupted';

/** Verdicts after which the patch was kept (committed). */
export const ACCEPTED: ReadonlySet<IterationVerdict> = new Set(['fixed', 'improved']);

export interface RunRecord {
  reportPath: string;
  logPath: string;
  status: string | null;
  tests: number;
  failed: number;
  durationMs: number;
  exitCode: number | null;
}

export interface IterationRecord {
  iteration: number;
  startedAt: string;
  durationMs: number;
  promptTokens: number;
  promptFiles: string[];
  llm: {
    exitCode: number | null;
    timedOut: boolean;
    durationMs: number;
    answerChars: number;
    truncated: boolean;
  } | null;
  patch: { files: string[]; changedLines: number } | null;
  verdict: IterationVerdict;
  detail: string;
  problems: string[];
  comparison: ReportComparison | null;
  runs: { failing?: RunRecord; all?: RunRecord };
  commit: string | null;
  /** Files of this iteration, relative to the transcript directory. */
  files: Record<string, string>;
}

export type FixOutcome =
  | 'fixed'
  | 'improved'
  | 'already-green'
  | 'no-progress'
  | 'iteration-limit'
  | 'time-limit'
  | 'interrupted'
  | 'error';

export interface TranscriptDoc {
  tool: 'netwright';
  kind: 'fix-transcript';
  version: 1;
  status: 'running' | 'finished';
  outcome: FixOutcome | null;
  reason: string;
  startedAt: string;
  endedAt: string | null;
  llmCommand: string;
  testCommand: string;
  repo: string;
  worktree: string;
  branch: string;
  base: string;
  head: string;
  limits: Record<string, number | boolean>;
  initial: RunRecord | null;
  iterations: IterationRecord[];
  tokensSent: number;
  finalDiffPath: string | null;
}

export class Transcript {
  readonly dir: string;
  readonly file: string;
  readonly doc: TranscriptDoc;

  constructor(dir: string, doc: TranscriptDoc) {
    this.dir = dir;
    this.file = path.join(dir, 'transcript.json');
    this.doc = doc;
    mkdirSync(dir, { recursive: true });
    this.save();
  }

  /** Directory of iteration `n` (iter-01 ...). */
  iterationDir(n: number): string {
    const d = path.join(this.dir, `iter-${String(n).padStart(2, '0')}`);
    mkdirSync(d, { recursive: true });
    return d;
  }

  /** Write a file of the transcript; returns its path relative to the transcript directory. */
  put(abs: string, text: string): string {
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, text);
    return path.relative(this.dir, abs);
  }

  save(): void {
    writeFileAtomic(this.file, `${JSON.stringify(this.doc, null, 2)}\n`);
  }
}
