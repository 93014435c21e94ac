// Builds the one ProcessResult shape from a process's state, whatever the outcome. Reason precedence:
// a recorded failure of kind wall-clock / fatal-pattern / not-ready / crashed names the end (a crash
// can also happen while stop() runs: death by a signal it did not send); otherwise a stop() that
// found the process running says stopped (or killed, when SIGKILL was needed); otherwise the process
// ended by itself: exited (code 0) or crashed.

import type { NetwrightError } from '../errors.ts';
import { ProcessErrorCode } from './codes.ts';
import { redactArgs } from './redact.ts';
import type { TeardownStep } from './teardown.ts';
import type { CaptureStats, ProcessResult, TerminationReason } from './types.ts';

export interface ResultInput {
  name: string;
  command: string;
  args: readonly string[];
  pid: number;
  exit: { code: number | null; signal: string | null } | undefined;
  failure: NetwrightError | undefined;
  /** undefined: stop() never ran; 'pending': it is running. */
  teardownStep: TeardownStep | 'pending' | undefined;
  durationMs: number;
  stdoutTail: string[];
  stderrTail: string[];
  logPaths: { stdout?: string; stderr?: string };
  stats: CaptureStats;
}

/** The error as JSON without `details.result` (spawnProcess attaches the result there: no cycles). */
export function errorJson(err: NetwrightError): ReturnType<NetwrightError['toJSON']> {
  const json = err.toJSON();
  const { result: _result, ...details } = json.details;
  return { ...json, details };
}

export function terminationReason(
  r: Pick<ResultInput, 'exit' | 'failure' | 'teardownStep'>,
): TerminationReason {
  switch (r.failure?.code) {
    case ProcessErrorCode.WALL_CLOCK:
      return 'wall-clock';
    case ProcessErrorCode.FATAL_OUTPUT:
      return 'fatal-pattern';
    case ProcessErrorCode.NOT_READY:
      return 'not-ready';
    case ProcessErrorCode.CRASHED:
      return 'crashed';
  }
  if (r.teardownStep !== undefined && r.teardownStep !== 'already-exited') {
    return r.teardownStep === 'kill' || r.teardownStep === 'unkillable' ? 'killed' : 'stopped';
  }
  return r.exit?.code === 0 ? 'exited' : 'crashed';
}

export function buildResult(r: ResultInput): ProcessResult {
  const code = r.failure?.code;
  return {
    name: r.name,
    command: r.command,
    args: redactArgs(r.args), // never a password in a record (task meta, reports)
    pid: r.pid,
    exitCode: r.exit?.code ?? null,
    signal: r.exit?.signal ?? null,
    failed: r.failure !== undefined,
    timedOut: code === ProcessErrorCode.NOT_READY || code === ProcessErrorCode.WALL_CLOCK,
    reason: terminationReason(r),
    durationMs: r.durationMs,
    stdoutTail: r.stdoutTail,
    stderrTail: r.stderrTail,
    logPaths: r.logPaths,
    stats: r.stats,
    error: r.failure ? errorJson(r.failure) : undefined,
  };
}
