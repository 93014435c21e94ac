// CommandQueue: one command in flight at a time. A command is sent when the previous one got its prompt
// (Mud98 sends no GA/EOR: the prompt is textual), no sooner than `minGapMs` after it, and never more than
// `maxPerSecond` in any second. A lag refusal ("You are still recovering", "Not so fast"...) widens the
// gap (doubling up to maxBackoffMs, halving again with every clean answer) and the command is sent
// again. The time from writing a command to its prompt is its latency: stamped right before the write
// and at the arrival of the chunk that held the prompt (the caller passes it), so the parsing of that
// chunk and whatever ran before the queue heard of the prompt is not counted.
// In a shared room others' doings bring output and a prompt too: a prompt after nothing but ambient
// lines (the pattern table's `ambient` entries) does not answer the command; one after no line at all
// (blank lines aside) does (a command with no output), and so does one after any other line.
//
//   send(cmd) ─► queue ─► [gap / rate wait] ─► write ─► lines+events ─► prompt ─► resolve(result)
//                                                     ├─ only ambient lines since the last prompt ─► wait on
//                                                     └─ lag refusal ─► back off, requeue at front
import { NetwrightError } from '../../errors.ts';
import type { BotEvent } from './bot-events.ts';

/** Pacing and bounds of a command queue. */
export interface CommandQueueOptions {
  /** Least time from one command's prompt to the next command, ms. Default 0. */
  minGapMs?: number;
  /** Most commands written in any one-second window (0 = no cap). Default 20. */
  maxPerSecond?: number;
  /** Gap added after a lag refusal, ms; doubles per further refusal. Default 250. */
  lagBackoffMs?: number;
  /** Largest lag gap, ms. Default 4000. */
  maxBackoffMs?: number;
  /** Times a command refused for lag is sent again. Default 2. */
  lagRetries?: number;
  /** Time to wait for a command's prompt, ms. Default 15000. */
  timeoutMs?: number;
  /** Commands waiting beyond the one in flight; more is an error (ERR_MUD_QUEUE_FULL). Default 100. */
  maxQueued?: number;
}

/** What one command got back. */
export interface CommandResult {
  command: string;
  /** Lines between the command and its prompt (bounded to 500). */
  lines: string[];
  events: BotEvent[];
  /** Write -> prompt, ms. */
  latencyMs: number;
  prompt: string;
  /** Times it was sent again after a lag refusal. */
  retries: number;
}

/** How the queue reaches the connection. */
export interface CommandQueueIo {
  write(line: string): void;
  /** Monotonic ms. */
  now(): number;
  /** After each write (the bot feeds the world model, liveness, transcript). */
  sent?(command: string): void;
  /** Each prompt that answered a write, with its latency in ms (lag-refused writes included). */
  answered?(command: string, latencyMs: number): void;
  /** Facts for errors (last lines, what the bot was doing). */
  details?(): Record<string, unknown>;
}

interface Pending {
  command: string;
  timeoutMs: number;
  signal: AbortSignal | undefined;
  resolve: (r: CommandResult) => void;
  reject: (e: unknown) => void;
  retries: number;
  onAbort?: () => void;
}

interface InFlight extends Pending {
  sentAt: number;
  lines: string[];
  events: BotEvent[];
  timer: NodeJS.Timeout;
  /** Lines since the last prompt, and how many of them were not ambient. */
  segment: { lines: number; answers: number };
  /** Prompts after only ambient lines, not taken as the answer. */
  ambientPrompts: number;
}

const MAX_LINES = 500;

/** Serialises a bot's commands onto its connection. */
export class CommandQueue {
  private readonly io: CommandQueueIo;
  private readonly minGapMs: number;
  private readonly maxPerSecond: number;
  private readonly lagBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly lagRetries: number;
  private readonly timeoutMs: number;
  private readonly maxQueued: number;
  private readonly queue: Pending[] = [];
  private current: InFlight | undefined;
  private readonly recent: number[] = [];
  private lastDoneAt = Number.NEGATIVE_INFINITY;
  private backoffMs = 0;
  private wakeTimer: NodeJS.Timeout | undefined;
  private failure: unknown;
  /** Lag refusals seen. */
  lagRefusals = 0;
  /** Prompts that followed only ambient lines (others' doings) while a command waited. */
  ambientPrompts = 0;

  constructor(io: CommandQueueIo, opts: CommandQueueOptions = {}) {
    this.io = io;
    this.minGapMs = opts.minGapMs ?? 0;
    this.maxPerSecond = opts.maxPerSecond ?? 20;
    this.lagBackoffMs = opts.lagBackoffMs ?? 250;
    this.maxBackoffMs = opts.maxBackoffMs ?? 4000;
    this.lagRetries = opts.lagRetries ?? 2;
    this.timeoutMs = opts.timeoutMs ?? 15_000;
    this.maxQueued = opts.maxQueued ?? 100;
  }

  /** The command waiting for its prompt, if any. */
  get inFlight(): { command: string; sentAt: number } | undefined {
    return this.current && { command: this.current.command, sentAt: this.current.sentAt };
  }

  /** Commands waiting behind the one in flight. */
  get length(): number {
    return this.queue.length;
  }

  /** The extra gap lag refusals have put in, ms. */
  get currentBackoffMs(): number {
    return this.backoffMs;
  }

  /** Queue a command; resolves with what came back up to its prompt. */
  send(command: string, opts: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<CommandResult> {
    if (this.failure) return Promise.reject(this.failure);
    if (opts.signal?.aborted) return Promise.reject(opts.signal.reason);
    if (this.queue.length >= this.maxQueued)
      return Promise.reject(
        new NetwrightError('ERR_MUD_QUEUE_FULL', `${this.maxQueued} commands already wait to be sent`, {
          hint: 'await each command (or its behaviour) before sending more',
          details: { command },
        }),
      );
    return new Promise<CommandResult>((resolve, reject) => {
      const p: Pending = {
        command,
        timeoutMs: opts.timeoutMs ?? this.timeoutMs,
        signal: opts.signal,
        resolve,
        reject,
        retries: 0,
      };
      if (opts.signal) {
        p.onAbort = () => {
          const i = this.queue.indexOf(p);
          if (i < 0) return; // already written: it completes with its prompt
          this.queue.splice(i, 1);
          reject(opts.signal!.reason);
        };
        opts.signal.addEventListener('abort', p.onAbort, { once: true });
      }
      this.queue.push(p);
      this.pump();
    });
  }

  /** A line arrived (with what the reader made of it); `ambient`: others' doings (pattern table). */
  line(text: string, events: readonly BotEvent[], ambient = false): void {
    const c = this.current;
    if (!c) return;
    if (c.lines.length < MAX_LINES) c.lines.push(text);
    if (events.length) c.events.push(...events);
    if (text.trim() === '') return; // ROM starts unprompted output with a blank line: neither kind
    c.segment.lines++;
    if (!ambient) c.segment.answers++;
  }

  /**
   * Events that came without a line (prompt vitals, MSDP, BOT lines). `content`: they are part of an
   * answer (a BOT line of a room view), as a non-ambient line is.
   */
  events(events: readonly BotEvent[], content = false): void {
    const c = this.current;
    if (!c) return;
    if (events.length) c.events.push(...events);
    if (content) {
      c.segment.lines++;
      c.segment.answers++;
    }
  }

  /**
   * A prompt arrived: the command in flight is answered, unless every line since the last prompt was
   * ambient (then it returns false and the command waits on). `receivedAt` (monotonic ms, the io's
   * clock): when the bytes holding the prompt arrived; ignored when absent or before the write.
   */
  prompt(text: string, receivedAt?: number): boolean {
    const c = this.current;
    if (!c) return false;
    if (c.segment.lines > 0 && c.segment.answers === 0) {
      c.segment = { lines: 0, answers: 0 };
      c.ambientPrompts++;
      this.ambientPrompts++;
      return false;
    }
    this.current = undefined;
    clearTimeout(c.timer);
    const now = this.io.now();
    this.lastDoneAt = now;
    const latencyMs =
      (receivedAt !== undefined && receivedAt >= c.sentAt && receivedAt <= now ? receivedAt : now) - c.sentAt;
    this.io.answered?.(c.command, latencyMs);
    const lag = c.events.some((e) => e.kind === 'refusal' && e.reason === 'lag');
    if (lag) {
      this.lagRefusals++;
      this.backoffMs = Math.min(this.maxBackoffMs, Math.max(this.lagBackoffMs, this.backoffMs * 2));
      if (c.retries < this.lagRetries && !c.signal?.aborted) {
        c.retries++;
        this.queue.unshift(c);
        this.pump();
        return true;
      }
    } else this.backoffMs = this.backoffMs < 1 ? 0 : this.backoffMs / 2;
    this.detach(c);
    c.resolve({
      command: c.command,
      lines: c.lines,
      events: c.events,
      latencyMs,
      prompt: text,
      retries: c.retries,
    });
    this.pump();
    return true;
  }

  /** The connection is gone: fail what is in flight and queued, and every later send, with `err`. */
  fail(err: unknown): void {
    this.failure = err;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
    const all: Pending[] = [...(this.current ? [this.current] : []), ...this.queue];
    if (this.current) clearTimeout(this.current.timer);
    this.current = undefined;
    this.queue.length = 0;
    for (const p of all) {
      this.detach(p);
      p.reject(err);
    }
  }

  /** Accept commands again (after a reconnect). */
  reset(): void {
    this.failure = undefined;
    this.backoffMs = 0;
    this.recent.length = 0;
    this.lastDoneAt = Number.NEGATIVE_INFINITY;
  }

  private detach(p: Pending): void {
    if (p.onAbort) p.signal?.removeEventListener('abort', p.onAbort);
  }

  /** Time before the next write is allowed, ms (0 = now). */
  private delay(now: number): number {
    let at = this.lastDoneAt + this.minGapMs + this.backoffMs;
    while (this.recent.length > 0 && this.recent[0] <= now - 1000) this.recent.shift();
    if (this.maxPerSecond > 0 && this.recent.length >= this.maxPerSecond)
      at = Math.max(at, this.recent[0] + 1000);
    return Math.max(0, at - now);
  }

  private pump(): void {
    if (this.current || this.queue.length === 0 || this.wakeTimer || this.failure) return;
    const now = this.io.now();
    const wait = this.delay(now);
    if (wait > 0) {
      this.wakeTimer = setTimeout(() => {
        this.wakeTimer = undefined;
        this.pump();
      }, wait);
      return;
    }
    const p = this.queue.shift()!;
    const c: InFlight = Object.assign(p, {
      sentAt: now,
      lines: [] as string[],
      events: [] as BotEvent[],
      timer: setTimeout(() => this.timedOut(c), p.timeoutMs),
      segment: { lines: 0, answers: 0 },
      ambientPrompts: 0,
    });
    this.current = c;
    this.recent.push(now);
    // Stamped last, right before the write: the bookkeeping above is not the server's time.
    c.sentAt = this.io.now();
    try {
      this.io.write(c.command);
    } catch (err) {
      clearTimeout(c.timer);
      this.current = undefined;
      this.detach(c);
      c.reject(err);
      return;
    }
    this.io.sent?.(c.command);
  }

  private timedOut(c: InFlight): void {
    if (this.current !== c) return;
    this.current = undefined;
    this.detach(c);
    c.reject(
      new NetwrightError('ERR_MUD_WAIT_TIMEOUT', `no prompt within ${c.timeoutMs} ms after "${c.command}"`, {
        hint:
          c.ambientPrompts > 0
            ? `${c.ambientPrompts} prompt(s) came after only ambient lines (others' doings) and were not taken as the answer: if this command's whole answer matches an \`ambient\` pattern, unmark that pattern (patterns / extraPatterns); else the server is lagging (longer timeoutMs)`
            : 'the last lines in details.tail show where it stalled; a server that is alive but lagging needs a longer timeoutMs',
        details: {
          command: c.command,
          lines: c.lines.slice(-10),
          ambientPrompts: c.ambientPrompts,
          ...this.io.details?.(),
        },
      }),
    );
    this.pump();
  }
}
