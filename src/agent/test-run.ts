// One run of the user's test command inside the fix worktree, with its report written to a directory
// of the loop's own (NETWRIGHT_OUTPUT_DIR) and its output kept in a log file there. Extra arguments
// (failing files, `-t` pattern) are appended shell-quoted; the seed is pinned with NETWRIGHT_SEED.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Report } from '../report/model.ts';
import { readReport } from '../report/read-report.ts';
import { escapeRegExp, shellQuote } from '../report/reproduce.ts';

export interface TestRunResult {
  exitCode: number | null;
  /** The netwright report the run wrote, or undefined (the command did not run netwright). */
  report: Report | undefined;
  reportPath: string;
  logPath: string;
  durationMs: number;
  timedOut: boolean;
  aborted: boolean;
  /** The full command line run. */
  command: string;
}

export interface TestRunOptions {
  /** The test command (a shell command line; Vitest arguments are appended). */
  command: string;
  cwd: string;
  /** Where the report and the log go. */
  outDir: string;
  args?: string[];
  seed?: number | null;
  timeoutMs: number;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
}

/** Vitest arguments that select exactly these tests: their files and an anchored name pattern. */
export function selectTests(tests: { file: string; fullName: string }[]): string[] {
  const files = [...new Set(tests.map((t) => t.file))];
  const names = [...new Set(tests.map((t) => escapeRegExp(t.fullName)))];
  return [...files, '-t', `^(${names.join('|')})$`];
}

export function runTests(opts: TestRunOptions): Promise<TestRunResult> {
  mkdirSync(opts.outDir, { recursive: true });
  const command = [opts.command, ...(opts.args ?? []).map(shellQuote)].join(' ');
  const logPath = path.join(opts.outDir, 'test-output.log');
  const reportPath = path.join(opts.outDir, 'report.json');
  const env: NodeJS.ProcessEnv = {
    ...(opts.env ?? process.env),
    NETWRIGHT_OUTPUT_DIR: opts.outDir,
    CI: 'true',
  };
  if (opts.seed !== undefined && opts.seed !== null) env.NETWRIGHT_SEED = String(opts.seed);
  else delete env.NETWRIGHT_SEED;
  const started = performance.now();
  return new Promise((resolve) => {
    const log = createWriteStream(logPath);
    log.write(`$ ${command}\n`);
    const child = spawn('/bin/sh', ['-c', command], {
      cwd: opts.cwd,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    let timedOut = false;
    let aborted = false;
    const kill = (sig: NodeJS.Signals) => {
      try {
        if (child.pid) process.kill(-child.pid, sig);
      } catch {
        // gone
      }
    };
    const stop = () => {
      // SIGINT first: Vitest then writes its report as interrupted; KILL if it lingers.
      kill('SIGINT');
      setTimeout(() => kill('SIGKILL'), 10_000).unref();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, opts.timeoutMs);
    const onAbort = () => {
      aborted = true;
      stop();
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const done = (exitCode: number | null) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      log.end();
      let report: Report | undefined;
      if (existsSync(reportPath)) {
        try {
          report = readReport(reportPath);
        } catch {
          report = undefined;
        }
      }
      resolve({
        exitCode,
        report,
        reportPath,
        logPath,
        durationMs: Math.round(performance.now() - started),
        timedOut,
        aborted,
        command,
      });
    };
    child.on('error', () => done(null));
    child.on('close', (code) => done(code));
  });
}
