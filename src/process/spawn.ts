// spawnProcess: start a program in its own process group, capture its output, and resolve once it is
// ready. Any failure before ready (spawn error, early exit, fatal line, wall clock, readiness timeout,
// abort) stops the whole group first and then rejects with a coded error carrying the ProcessResult.

import { existsSync } from 'node:fs';
import { execa } from 'execa';
import { NetwrightConfigError, NetwrightError } from '../errors.ts';
import { systemClock } from '../util/clock.ts';
import { ProcessErrorCode } from './codes.ts';
import { ManagedProcessImpl } from './managed-process.ts';
import { waitReady } from './readiness.ts';
import { redactArgs, redactText } from './redact.ts';
import { registerGroup } from './registry.ts';
import { errorJson } from './result.ts';
import type { ManagedProcess, ProcessResult, SpawnOptions } from './types.ts';
import { settlesWithin } from './wait.ts';

function validate(opts: SpawnOptions): void {
  const problems: string[] = [];
  if (!opts.name) problems.push('name is required (it names log files and errors)');
  if (!opts.command) problems.push('command is required');
  for (const key of ['wallClockLimitMs', 'stopGraceMs', 'killGraceMs'] as const) {
    const v = opts[key];
    if (v !== undefined && !(Number.isFinite(v) && v >= 0)) problems.push(`${key} must be >= 0 (got ${v})`);
  }
  const r = opts.readiness;
  if (r && r.kind !== 'none' && r.timeoutMs !== undefined && !(r.timeoutMs > 0)) {
    problems.push(`readiness.timeoutMs must be > 0 (got ${r.timeoutMs})`);
  }
  if (problems.length > 0) throw new NetwrightConfigError(`spawnProcess(${opts.name ?? '?'})`, problems);
}

function spawnFailedHint(opts: SpawnOptions, errno: string | undefined): string {
  if (opts.cwd && !existsSync(opts.cwd)) return `the working directory ${opts.cwd} does not exist`;
  if (errno === 'ENOENT') {
    return `"${opts.command}" was not found: install it, put it on PATH, or pass its absolute path (Godot: set GODOT_BIN)`;
  }
  if (errno === 'EACCES')
    return `"${opts.command}" is not executable: chmod +x it or run it through its interpreter`;
  return `could not start "${opts.command}"; check the command, arguments and environment`;
}

function spawnFailedResult(opts: SpawnOptions, err: NetwrightError): ProcessResult {
  return {
    name: opts.name,
    command: opts.command,
    args: redactArgs(opts.args ?? []),
    pid: 0,
    exitCode: null,
    signal: null,
    failed: true,
    timedOut: false,
    reason: 'spawn-failed',
    durationMs: 0,
    stdoutTail: [],
    stderrTail: [],
    logPaths: {},
    stats: {
      stdoutLines: 0,
      stderrLines: 0,
      tailDropped: 0,
      truncatedLines: 0,
      events: 0,
      eventsDropped: 0,
      malformedEvents: 0,
      logLinesDropped: 0,
    },
    error: errorJson(err),
  };
}

function spawnFailed(opts: SpawnOptions, cause: unknown): NetwrightError {
  const errno = (cause as { code?: string } | undefined)?.code;
  const message = (cause as Error | undefined)?.message ?? String(cause);
  const err = new NetwrightError(
    ProcessErrorCode.SPAWN_FAILED,
    `${opts.name}: could not start ${opts.command} (${errno ?? 'error'}): ${redactText(message.split('\n')[0], opts.args ?? [])}`,
    {
      hint: spawnFailedHint(opts, errno),
      details: { name: opts.name, command: opts.command, cwd: opts.cwd, errno },
    },
  );
  err.details.result = spawnFailedResult(opts, err);
  return err;
}

function startChild(opts: SpawnOptions) {
  return execa(opts.command, opts.args ?? [], {
    cwd: opts.cwd,
    env: opts.env,
    extendEnv: true,
    detached: true, // own process group: teardown signals -pid and reaches grandchildren
    cleanup: false, // teardown, the exit hook and the watchdog own cleanup
    reject: false,
    buffer: false,
    stdin: opts.stdinData !== undefined ? 'pipe' : (opts.stdin ?? 'ignore'),
    stdout: 'pipe',
    stderr: 'pipe',
  });
}

/** Starts `opts.command` and resolves with a ManagedProcess once `opts.readiness` is met. */
export async function spawnProcess(opts: SpawnOptions): Promise<ManagedProcess> {
  validate(opts);
  opts.signal?.throwIfAborted();
  const clock = opts.clock ?? systemClock;
  const startedAt = clock.now();
  let child: ReturnType<typeof startChild>;
  try {
    child = startChild(opts);
  } catch (err) {
    throw spawnFailed(opts, err);
  }
  if (child.pid === undefined) {
    let cause: unknown;
    child.nodeChildProcess.once('error', (err) => {
      cause = err;
    });
    await settlesWithin(
      child.then((r) => {
        cause ??= r.cause ?? r;
      }),
      2_000,
    );
    throw spawnFailed(opts, cause);
  }
  void child.catch(() => {}); // the exit event drives everything; execa's promise is not awaited
  registerGroup(child.pid);
  if (opts.stdinData !== undefined) {
    child.stdin?.on('error', () => {}); // EPIPE when the child exits first: its exit tells the story
    child.stdin?.write(opts.stdinData);
  }
  const proc = new ManagedProcessImpl(child.nodeChildProcess, opts, clock, startedAt);
  try {
    await untilReady(proc, opts);
  } catch (err) {
    const result = await proc.stop();
    if (err instanceof NetwrightError) err.details.result = result;
    throw err;
  }
  proc.markReady();
  return proc;
}

/** Races readiness against the first failure and an abort. */
async function untilReady(proc: ManagedProcessImpl, opts: SpawnOptions): Promise<void> {
  const readiness = opts.readiness ?? { kind: 'none' };
  const signal = opts.signal;
  const stopWaiting = new AbortController();
  let offFailure: () => void = () => {};
  let onAbort: () => void = () => {};
  const failed = new Promise<never>((_, reject) => {
    if (proc.failure) reject(proc.failure);
    offFailure = proc.onFailure(reject);
  });
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal?.reason);
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  // whichever loses the race must not surface as an unhandled rejection
  failed.catch(() => {});
  aborted.catch(() => {});
  try {
    await Promise.race([waitReady(readiness, proc, stopWaiting.signal), failed, aborted]);
  } catch (err) {
    if (err instanceof NetwrightError && err.code === ProcessErrorCode.NOT_READY) proc.fail(err);
    throw err;
  } finally {
    offFailure();
    signal?.removeEventListener('abort', onAbort);
    stopWaiting.abort();
  }
}
