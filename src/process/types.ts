// Public shapes of the process supervisor: what callers pass in (SpawnOptions, Readiness) and what they
// get back (ManagedProcess while it runs, ProcessResult once it is over, whatever the outcome).

import type { Writable } from 'node:stream';
import type { NetwrightError } from '../errors.ts';
import type { Clock } from '../util/clock.ts';

/** One `[LOG_JSON]{...}` line from a game process. `t` is unix ms as the process stamped it. */
export interface GameEvent {
  t: number;
  level: string;
  cat: string;
  event: string;
  [k: string]: unknown;
}

/** Matches an event by name (`event` field) or by predicate. */
export type EventMatch = string | ((e: GameEvent) => boolean);

/** How spawnProcess decides a process is ready. Timeouts default to DEFAULT_READY_TIMEOUT_MS. */
export type Readiness =
  | { kind: 'event'; match: EventMatch; timeoutMs?: number }
  | { kind: 'log'; pattern: RegExp; stream?: 'stdout' | 'stderr' | 'both'; timeoutMs?: number }
  /**
   * Ready once the port accepts connections. probe 'listen' (default) reads /proc/net/tcp{,6} for a
   * LISTEN socket, so the server never sees a probe connection; 'connect' connects (also the fallback).
   */
  | { kind: 'tcp'; port: number; host?: string; timeoutMs?: number; probe?: 'listen' | 'connect' }
  /** Ready once something has the UDP port bound (read from /proc/net/udp{,6}; bind probe elsewhere). */
  | { kind: 'udp'; port: number; host?: string; timeoutMs?: number }
  | { kind: 'none' };

/** Bounds on what the supervisor keeps in memory and on disk for one process. */
export interface CaptureLimits {
  /** Lines kept per stream in the in-memory tail (drop-oldest, counted). Default 500. */
  tailLines?: number;
  /** Characters kept per stream tail (drop-oldest, counted; the merged tail gets twice). Default 1e6. */
  maxTailChars?: number;
  /** Events kept in `events` (drop-oldest, counted). Default 5000. */
  maxEvents?: number;
  /** Characters of event lines kept in `events` (drop-oldest, counted). Default 4e6. */
  maxEventChars?: number;
  /** Longest line in characters; longer lines are cut there (counted). Default 65536. */
  maxLineChars?: number;
  /** Bytes written per log file; after that lines are only counted. Default 256 MiB. */
  maxLogBytes?: number;
}

export interface SpawnOptions {
  /** 'server', 'client-3', 'mud': used in log file names, tails and errors. */
  name: string;
  command: string;
  args?: string[];
  /** Added to the parent's environment (the parent's env is inherited). */
  env?: Record<string, string>;
  cwd?: string;
  /** Per-test log files <logDir>/<name>.stdout.log and .stderr.log (created if missing). */
  logDir?: string;
  readiness?: Readiness;
  /** Hard limit on the process's life in ms; on expiry the group is killed (ERR_PROCESS_WALL_CLOCK). */
  wallClockLimitMs?: number;
  /** stdout/stderr lines that fail the process (Godot: /SCRIPT ERROR:/). */
  fatalPatterns?: RegExp[];
  /** Polite stop request (e.g. {"cmd":"quit"} on the control socket); bounded by stopGraceMs. */
  gracefulStop?: () => Promise<void> | void;
  /** Wait after the graceful request before SIGTERM (ms). Default 2000. */
  stopGraceMs?: number;
  /** Wait after SIGTERM before SIGKILL of the whole group (ms). Default 2000. */
  killGraceMs?: number;
  /** Aborting stops the process (and rejects spawnProcess while it is not ready yet). */
  signal?: AbortSignal;
  /** 'ignore' (default) or 'pipe': a piped stdin closes when the parent dies, a cheap extra guard. */
  stdin?: 'ignore' | 'pipe';
  /**
   * Written to the child's stdin (piped) as soon as it starts, before readiness: how secrets reach a
   * child without argv (readable in /proc/<pid>/cmdline), files or records. Never logged or recorded.
   */
  stdinData?: string | Uint8Array;
  limits?: CaptureLimits;
  /** Monotonic clock for durations; wall time stamps events that lack `t`. Default systemClock. */
  clock?: Clock;
}

/** Why a process ended. `failed` in ProcessResult says whether that counts as a failure. */
export type TerminationReason =
  | 'exited' // ended by itself with code 0
  | 'crashed' // ended by itself (non-zero code, a signal nobody sent), or by a foreign signal while stopping
  | 'stopped' // stop() ended it (graceful request or SIGTERM)
  | 'killed' // stop() had to SIGKILL the group
  | 'wall-clock' // wallClockLimitMs ran out
  | 'fatal-pattern' // a fatal pattern matched (the process may have run on until stopped)
  | 'not-ready' // readiness timed out; the supervisor stopped it
  | 'spawn-failed'; // never started (binary missing, bad cwd, ...)

/** Counters of everything bounded capture dropped or repaired. */
export interface CaptureStats {
  stdoutLines: number;
  stderrLines: number;
  /** Lines evicted from the in-memory tails (drop-oldest). */
  tailDropped: number;
  /** Lines cut at maxLineChars. */
  truncatedLines: number;
  events: number;
  /** Events evicted from the `events` ring (drop-oldest). */
  eventsDropped: number;
  /** `[LOG_JSON]` lines whose JSON did not parse to an object with an `event` string (kept as plain log). */
  malformedEvents: number;
  /** Lines not written to log files because maxLogBytes was reached. */
  logLinesDropped: number;
}

/** One shape for every outcome: success, failure, stop, kill, spawn failure. JSON-serialisable. */
export interface ProcessResult {
  name: string;
  command: string;
  args: string[];
  /** 0 when the process never started. */
  pid: number;
  exitCode: number | null;
  signal: string | null;
  failed: boolean;
  /** Readiness or wall-clock timeout. */
  timedOut: boolean;
  reason: TerminationReason;
  durationMs: number;
  stdoutTail: string[];
  stderrTail: string[];
  logPaths: { stdout?: string; stderr?: string };
  stats: CaptureStats;
  error?: ReturnType<NetwrightError['toJSON']>;
}

export interface WaitForEventOptions {
  /** Default DEFAULT_WAIT_TIMEOUT_MS. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Also match events already in the `events` ring (default true); false waits for a new one. */
  includePast?: boolean;
}

/** A running (or finished) child process and everything captured from it. */
export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  /** Bounded ring of parsed events, oldest first (drop-oldest, counted in stats.eventsDropped). */
  readonly events: readonly GameEvent[];
  onEvent(cb: (e: GameEvent) => void): () => void;
  onLine(cb: (line: string, stream: 'stdout' | 'stderr') => void): () => void;
  /** Called once with the first failure (fatal pattern, crash, wall clock). Returns unsubscribe. */
  onFailure(cb: (err: NetwrightError) => void): () => void;
  waitForEvent(match: EventMatch, opts?: WaitForEventOptions): Promise<GameEvent>;
  /** Last log lines of both streams in arrival order, prefixed `[stdout] ` / `[stderr] `. */
  tail(n?: number): string[];
  readonly logPaths: { stdout?: string; stderr?: string };
  readonly stats: CaptureStats;
  /** The first failure: fatal pattern, early/non-zero exit, wall clock. */
  readonly failure: NetwrightError | undefined;
  /** True once the process has exited. */
  readonly hasExited: boolean;
  /** Resolves once the process has exited (output drained, bounded); never rejects. */
  readonly exited: Promise<ProcessResult>;
  /** Graceful -> TERM -> KILL on the whole group; never throws, bounded, idempotent. */
  stop(): Promise<ProcessResult>;
  /** The result shape as of now (while running: exitCode null), e.g. to attach to a report early. */
  snapshot(): ProcessResult;
  /** The child's stdin when spawned with `stdin: 'pipe'`, else undefined. */
  readonly stdin: Writable | undefined;
}

/** Below Vitest's usual 30 s test timeout, so the coded error with the log tail wins the race. */
export const DEFAULT_READY_TIMEOUT_MS = 20_000;
export const DEFAULT_WAIT_TIMEOUT_MS = 20_000;
export const DEFAULT_STOP_GRACE_MS = 2_000;
export const DEFAULT_KILL_GRACE_MS = 2_000;
