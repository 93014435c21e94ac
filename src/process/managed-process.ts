// One supervised child process: owns its output capture, parsed events, subscribers, failure state,
// wall-clock timer and teardown. spawn.ts creates it; callers see it as a ManagedProcess.

import type { ChildProcess } from 'node:child_process';
import type { Writable } from 'node:stream';
import { NetwrightError } from '../errors.ts';
import type { Clock } from '../util/clock.ts';
import { ProcessErrorCode } from './codes.ts';
import { parseEventLine } from './events.ts';
import { LogCapture, type StreamName } from './log-capture.ts';
import { groupAlive } from './proc-status.ts';
import { unregisterGroup } from './registry.ts';
import { buildResult } from './result.ts';
import { RingBuffer } from './ring-buffer.ts';
import { type TeardownStep, terminateGroup } from './teardown.ts';
import {
  type CaptureStats,
  DEFAULT_KILL_GRACE_MS,
  DEFAULT_STOP_GRACE_MS,
  type EventMatch,
  type GameEvent,
  type ManagedProcess,
  type ProcessResult,
  type SpawnOptions,
  type WaitForEventOptions,
} from './types.ts';
import { settlesWithin } from './wait.ts';
import { waitForEvent } from './wait-for-event.ts';

/** How long to wait after exit for the pipes to drain before reporting (grandchildren may hold them). */
const DRAIN_MS = 1_000;

/** Signals a caller's graceful stop request may send itself; dying of one of them while stopping is a stop. */
const POLITE_SIGNALS = new Set(['SIGTERM', 'SIGINT', 'SIGHUP']);

type Listener<A extends unknown[]> = (...args: A) => void;

/** Calls every listener; a throwing listener is reported as an uncaught error, never breaks capture. */
function emit<A extends unknown[]>(listeners: Set<Listener<A>>, ...args: A): void {
  for (const cb of listeners) {
    try {
      cb(...args);
    } catch (err) {
      queueMicrotask(() => {
        throw err;
      });
    }
  }
}

function subscribe<A extends unknown[]>(set: Set<Listener<A>>, cb: Listener<A>): () => void {
  set.add(cb);
  return () => {
    set.delete(cb);
  };
}

export class ManagedProcessImpl implements ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly exited: Promise<ProcessResult>;
  readonly stdin: Writable | undefined;
  private readonly opts: SpawnOptions;
  private readonly clock: Clock;
  private readonly startedAt: number;
  private readonly capture: LogCapture;
  private readonly eventRing: RingBuffer<GameEvent>;
  private readonly eventListeners = new Set<Listener<[GameEvent]>>();
  private readonly lineListeners = new Set<Listener<[string, StreamName]>>();
  private readonly failureListeners = new Set<Listener<[NetwrightError]>>();
  private readonly outputDone: Promise<unknown>;
  private readonly leaderExit: Promise<void>;
  private eventCount = 0;
  private malformed = 0;
  private firstFailure: NetwrightError | undefined;
  /** How the leader ended; `asked`: teardown had already begun (so the exit was requested). */
  private exitInfo: { code: number | null; signal: string | null; atMs: number; asked: boolean } | undefined;
  private phase: 'starting' | 'ready' = 'starting';
  /** Signals teardown sent to the group: an exit by any other signal while stopping is a crash. */
  private readonly sentSignals = new Set<string>();
  private teardown: Promise<TeardownStep> | undefined;
  /** The teardown step that ended the leader, once teardown finished. */
  private stepSeen: TeardownStep | undefined;
  private stopping: Promise<ProcessResult> | undefined;
  private wallTimer: NodeJS.Timeout | undefined;
  private readonly fatalPatterns: RegExp[];
  private readonly onAbort = (): void => void this.stop();

  constructor(child: ChildProcess, opts: SpawnOptions, clock: Clock, startedAt: number) {
    this.name = opts.name;
    this.pid = child.pid ?? 0;
    this.stdin = child.stdin ?? undefined;
    this.stdin?.on('error', () => {}); // EPIPE after the child exits is not the caller's problem
    this.opts = opts;
    this.clock = clock;
    this.startedAt = startedAt;
    this.fatalPatterns = opts.fatalPatterns ?? [];
    const limits = opts.limits ?? {};
    this.eventRing = new RingBuffer(limits.maxEvents ?? 5_000, {
      maxWeight: limits.maxEventChars ?? 4_000_000,
    });
    this.capture = new LogCapture({
      name: opts.name,
      logDir: opts.logDir,
      tailLines: limits.tailLines ?? 500,
      maxTailChars: limits.maxTailChars ?? 1_000_000,
      maxLineChars: limits.maxLineChars ?? 65_536,
      maxLogBytes: limits.maxLogBytes ?? 256 * 1024 * 1024,
      onLine: (line, stream) => this.handleLine(line, stream),
    });
    this.outputDone = Promise.all([
      this.capture.attach(child.stdout, 'stdout'),
      this.capture.attach(child.stderr, 'stderr'),
    ]);
    void this.outputDone.then(() => this.capture.close());
    this.leaderExit = new Promise<void>((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal, atMs: clock.now(), asked: this.teardown !== undefined };
        clearTimeout(this.wallTimer);
        resolve();
      });
    });
    this.exited = this.leaderExit.then(async () => {
      await settlesWithin(this.outputDone, DRAIN_MS);
      this.classifyExit();
      return this.result();
    });
    if (opts.wallClockLimitMs !== undefined) {
      this.wallTimer = setTimeout(() => this.onWallClock(), opts.wallClockLimitMs);
    }
    opts.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  get events(): readonly GameEvent[] {
    return this.eventRing.toArray();
  }

  get logPaths(): { stdout?: string; stderr?: string } {
    return { ...this.capture.logPaths };
  }

  get failure(): NetwrightError | undefined {
    return this.firstFailure;
  }

  get hasExited(): boolean {
    return this.exitInfo !== undefined;
  }

  get stats(): CaptureStats {
    return {
      stdoutLines: this.capture.lineCounts.stdout,
      stderrLines: this.capture.lineCounts.stderr,
      tailDropped: this.capture.tailDropped,
      truncatedLines: this.capture.truncatedLines,
      events: this.eventCount,
      eventsDropped: this.eventRing.dropped,
      malformedEvents: this.malformed,
      logLinesDropped: this.capture.logLinesDropped,
    };
  }

  onEvent(cb: (e: GameEvent) => void): () => void {
    return subscribe(this.eventListeners, cb);
  }

  onLine(cb: (line: string, stream: StreamName) => void): () => void {
    return subscribe(this.lineListeners, cb);
  }

  onFailure(cb: (err: NetwrightError) => void): () => void {
    return subscribe(this.failureListeners, cb);
  }

  tail(n = 50): string[] {
    return this.capture.tail(n);
  }

  /** spawn.ts marks the process ready; exits after this count as crashes, not early exits. */
  markReady(): void {
    this.phase = 'ready';
  }

  /** Records `err` as the failure unless one is already recorded; notifies onFailure listeners once. */
  fail(err: NetwrightError): void {
    if (this.firstFailure) return;
    this.firstFailure = err;
    emit(this.failureListeners, err);
  }

  waitForEvent(match: EventMatch, opts: WaitForEventOptions = {}): Promise<GameEvent> {
    return waitForEvent(this, match, opts);
  }

  /** Graceful -> TERM -> KILL on the whole group. Never throws, bounded, idempotent. */
  stop(): Promise<ProcessResult> {
    this.stopping ??= this.runStop();
    return this.stopping;
  }

  private async runStop(): Promise<ProcessResult> {
    try {
      await this.terminate(true);
      await settlesWithin(this.exited, DRAIN_MS + 500);
      await settlesWithin(this.outputDone, DRAIN_MS);
      await settlesWithin(this.capture.close(), 2_000);
    } catch {
      // teardown never throws; the result below says what state the process is in
    }
    this.opts.signal?.removeEventListener('abort', this.onAbort);
    return this.result();
  }

  private terminate(graceful: boolean): Promise<TeardownStep> {
    this.teardown ??= terminateGroup({
      pgid: this.pid,
      exited: this.leaderExit,
      hasExited: () => this.exitInfo !== undefined,
      gracefulStop: graceful ? this.opts.gracefulStop : undefined,
      stopGraceMs: this.opts.stopGraceMs ?? DEFAULT_STOP_GRACE_MS,
      killGraceMs: this.opts.killGraceMs ?? DEFAULT_KILL_GRACE_MS,
      onSignal: (signal) => this.sentSignals.add(signal),
    }).then(
      (step) => {
        this.stepSeen = step;
        // a group that survived KILL stays registered: the exit hook and the watchdog try again
        if (!groupAlive(this.pid)) unregisterGroup(this.pid);
        return step;
      },
      () => 'unkillable' as const,
    );
    return this.teardown;
  }

  private onWallClock(): void {
    if (this.exitInfo) return;
    const limit = this.opts.wallClockLimitMs;
    this.fail(
      new NetwrightError(
        ProcessErrorCode.WALL_CLOCK,
        `${this.name} still running after ${limit} ms; killed`,
        {
          hint: 'the process hung or the limit is too tight: read the tail, or raise wallClockLimitMs',
          details: { name: this.name, wallClockLimitMs: limit, tail: this.tail(30) },
        },
      ),
    );
    void this.terminate(false);
  }

  private handleLine(line: string, stream: StreamName): void {
    const parsed = parseEventLine(line, this.clock.wallNow());
    if (parsed.kind === 'event') {
      this.eventCount++;
      this.eventRing.push(parsed.event, line.length);
      emit(this.eventListeners, parsed.event);
    } else if (parsed.kind === 'malformed') {
      this.malformed++;
    }
    if (!this.firstFailure) this.checkFatal(line, stream);
    emit(this.lineListeners, line, stream);
  }

  private checkFatal(line: string, stream: StreamName): void {
    for (const pattern of this.fatalPatterns) {
      pattern.lastIndex = 0;
      if (!pattern.test(line)) continue;
      this.fail(
        new NetwrightError(
          ProcessErrorCode.FATAL_OUTPUT,
          `${this.name} printed a fatal line on ${stream}: ${line}`,
          {
            hint: `the line matched fatal pattern ${pattern}; the log tail shows what led to it`,
            details: { name: this.name, stream, line, pattern: String(pattern), tail: this.tail(30) },
          },
        ),
      );
      return;
    }
  }

  /**
   * After exit and drain: an exit nobody asked for becomes a failure (early exit or crash), and so
   * does a death by a signal teardown did not send while it was stopping the process (a server that
   * segfaults on its way out is a crash, not a stop).
   */
  private classifyExit(): void {
    const info = this.exitInfo;
    if (!info || this.firstFailure) return;
    const details = { name: this.name, exitCode: info.code, signal: info.signal, tail: this.tail(30) };
    if (info.asked) {
      if (info.signal === null || this.sentSignals.has(info.signal)) return;
      // A graceful request may itself send a polite stop signal (e.g. SIGINT to a server that quits on it).
      if (this.opts.gracefulStop && POLITE_SIGNALS.has(info.signal)) return;
      const sent = [...this.sentSignals];
      this.fail(
        new NetwrightError(
          ProcessErrorCode.CRASHED,
          `${this.name} died of ${info.signal} while being stopped (netwright sent ${sent.length > 0 ? sent.join(' then ') : 'only its graceful stop request'})`,
          {
            hint: 'the process crashed on its way out (or something else killed it): the log tail shows its last lines',
            details: { ...details, signalsSent: sent },
          },
        ),
      );
      return;
    }
    if (this.phase === 'starting') {
      this.fail(
        new NetwrightError(
          ProcessErrorCode.EXITED_EARLY,
          `${this.name} exited before it was ready (code ${info.code}, signal ${info.signal})`,
          { hint: 'the log tail shows why it quit; check its arguments, env and working directory', details },
        ),
      );
    } else if (info.code !== 0) {
      this.fail(
        new NetwrightError(
          ProcessErrorCode.CRASHED,
          `${this.name} exited unexpectedly (code ${info.code}, signal ${info.signal})`,
          { hint: 'the log tail shows the last thing it did', details },
        ),
      );
    }
  }

  snapshot(): ProcessResult {
    return this.result();
  }

  /** A snapshot in the one result shape. */
  result(): ProcessResult {
    return buildResult({
      name: this.name,
      command: this.opts.command,
      args: this.opts.args ?? [],
      pid: this.pid,
      exit: this.exitInfo,
      failure: this.firstFailure,
      teardownStep: this.teardown ? (this.stepSeen ?? 'pending') : undefined,
      durationMs: Math.max(0, (this.exitInfo?.atMs ?? this.clock.now()) - this.startedAt),
      stdoutTail: this.capture.streamTail('stdout', 50),
      stderrTail: this.capture.streamTail('stderr', 50),
      logPaths: this.logPaths,
      stats: this.stats,
    });
  }
}
