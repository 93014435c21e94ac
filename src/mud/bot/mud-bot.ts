// MudBot: a player on one MudConnection. Scripted (login, command, look, fight) or playing by itself
// (play: prioritised behaviours over a world model). All game text goes through the GameReader's
// pattern table; commands through the CommandQueue (one in flight, paced, latency measured); a closed
// socket is noticed by its close event and a silent server by the Liveness watch, both reported as a
// coded fault that says what the bot was doing. Passwords are masked in transcripts and errors.
//
//   socket ─► MudConnection ─► MudEvent ─► GameReader ─► BotEvent ─┬► WorldModel
//                                                                    ├► FightTracker ─► BotMetrics
//                                                                    ├► CommandQueue (prompt = answer)
//                                                                    └► Brain.reconsider (preempt)
//   Brain ─► Behavior.run(ctx) ─► ctx.send ─► CommandQueue ─► socket
import { firstLine, NetwrightError } from '../../errors.ts';
import type { LatencyHistogram } from '../../metrics/histogram.ts';
import { type Clock, systemClock } from '../../util/clock.ts';
import { deriveSeed, Random } from '../../util/random.ts';
import {
  type ConnectMudOptions,
  connectMud,
  MUD_CLOSED_HINT,
  type MudConnection,
} from '../client/connection.ts';
import type { MudEvent } from '../client/events.ts';
import { Opt } from '../telnet/constants.ts';
import type { BotExit, BotMob, BotObj, BotRoom } from '../text/bot-lines.ts';
import {
  type Behavior,
  type BehaviorContext,
  type BotState,
  type BotTuning,
  DEFAULT_TUNING,
  TEXT_TARGET_KEYWORDS,
} from './behavior.ts';
import { defaultBehaviors } from './behaviors/index.ts';
import { type BotEvent, type MudDirection, type RoomSeen, toDirection } from './bot-events.ts';
import { BotMetrics, type BotMetricsSnapshot } from './bot-metrics.ts';
import { Brain } from './brain.ts';
import { CommandQueue, type CommandResult } from './command-queue.ts';
import {
  type Credentials,
  type DialogueStep,
  GAME_PROMPT,
  matchDialogue,
  parseVitals,
  ROM_DIALOGUE,
} from './dialogue.ts';
import { type FightOutcomeKind, type FightRecord, FightTracker } from './fight-tracker.ts';
import { GameReader } from './game-reader.ts';
import { Liveness } from './liveness.ts';
import {
  DEFAULT_MSDP_REPORT,
  type MudBotOptions,
  type PlayOptions,
  type PlayResult,
  type ReconnectAttempt,
  type ReconnectOptions,
  reconnectDelay,
} from './options.ts';
import { patternTable } from './patterns.ts';
import { DEFAULT_QUIT_TIMEOUT_MS, type QuitOutcome, type QuitPort, quitGracefully } from './quit.ts';
import { MASK, SecretMasker, Transcript, type TranscriptEntry } from './transcript.ts';
import { WorldModel } from './world.ts';

export type { MudBotOptions, PlayOptions, PlayResult } from './options.ts';

/** What `look()` saw. `room` is set when the server sent PLR_BOT lines. */
export interface RoomView {
  title: string | undefined;
  room: BotRoom | undefined;
  exits: BotExit[];
  mobs: BotMob[];
  objs: BotObj[];
  lines: string[];
  /** The room as the reader understood it (any source). */
  seen: RoomSeen | undefined;
}

/** How a fight ended. */
export interface FightOutcome {
  outcome: FightOutcomeKind;
  target: string;
  /** Prompts during the fight (combat rounds). */
  rounds: number;
  durationMs: number;
  /** Experience gained, when the server said so. */
  xp: number | undefined;
  /** The opponent's last condition phrase. */
  condition: string | undefined;
  lines: string[];
}

/** Figures a bot reports (serialisable; kept for existing callers: prefer metrics.snapshot()). */
export interface MudBotStats extends BotMetricsSnapshot {
  label: string;
  /** Send -> next game prompt, ms (same as latencyMs). */
  commandLatencyMs: BotMetricsSnapshot['latencyMs'];
}

/** A bot's data for the report: task.meta.netwright.mud.bots[] (agreed with wt-report in NOTICES). */
export interface MudBotMeta extends BotMetricsSnapshot {
  name: string;
  fights: FightRecord[];
  transcript: TranscriptEntry[];
  /** [unix ms, send->prompt ms] of the last commands (for the report's plot). */
  latencySeries: [number, number][];
  fault?: { code: string; message: string; doing: string; t: number };
}

/** Constructor options of a bot on an existing connection. */
export type MudBotInit = Partial<MudBotOptions> & { label?: string };

const DIRECTION_WORDS = new Set(['n', 'e', 's', 'w', 'u', 'd', 'ne', 'nw', 'se', 'sw']);
const ROOM_COMMANDS = /^(?:l|lo|loo|look|recall|flee|wake)$/;

function directionOf(cmd: string): MudDirection | undefined {
  const w = cmd.trim().toLowerCase();
  if (w.includes(' ')) return undefined;
  if (DIRECTION_WORDS.has(w)) return toDirection(w);
  return toDirection(w);
}

function abortable(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export class MudBot {
  readonly label: string;
  readonly world = new WorldModel();
  readonly metrics: BotMetrics;
  readonly transcript: Transcript;
  readonly fights: FightTracker;
  /** Last vitals from the game prompt. */
  vitals: { hp: number; mana: number; move: number } | undefined;
  private connection: MudConnection;
  private readonly clock: Clock;
  private readonly timeoutMs: number;
  private readonly quitTimeoutMs: number;
  private readonly reader: GameReader;
  private readonly queue: CommandQueue;
  private readonly liveness: Liveness | undefined;
  /** Who else reads the bot's events as they are applied (the graceful quit). */
  private readonly eventListeners = new Set<(ev: BotEvent) => void>();
  private readonly brain: Brain;
  private readonly random: Random;
  /** Knobs of the behaviours; change them between (or during) play() calls. */
  readonly tuning: BotTuning;
  private readonly masker: SecretMasker;
  private readonly dialogue: readonly DialogueStep[];
  private readonly reconnectOpts: ReconnectOptions | undefined;
  private readonly onReconnect: ((attempt: ReconnectAttempt) => void) | undefined;
  private readonly state: BotState;
  private creds: Credentials | undefined;
  private connectOpts: ConnectMudOptions | undefined;
  private detachConn: (() => void)[] = [];
  private readonly eventWaiters = new Set<() => void>();
  private readonly disposers: (() => unknown)[] = [];
  private inFlightReal: number | undefined;
  private connAbort = new AbortController();
  private fault: NetwrightError | undefined;
  private faultAt = 0;
  /** When the fault was noticed, clock.now() ms. */
  private faultAtMono = 0;
  private closing = false;
  private playing: { until?: () => boolean; stop: AbortController } | undefined;

  constructor(conn: MudConnection, opts: MudBotInit = {}) {
    this.connection = conn;
    this.label = opts.label ?? opts.name ?? 'bot';
    this.metrics = new BotMetrics({ seriesPoints: opts.latencySeries });
    const onAnswered = opts.onAnswered;
    this.clock = opts.clock ?? systemClock;
    this.timeoutMs = opts.timeoutMs ?? 15_000;
    this.quitTimeoutMs = opts.quitTimeoutMs ?? DEFAULT_QUIT_TIMEOUT_MS;
    this.random = new Random(opts.seed ?? deriveSeed(0x6d7564, this.label));
    this.tuning = { ...DEFAULT_TUNING, ...opts.tuning };
    this.masker = new SecretMasker([opts.password, ...(opts.secrets ?? [])]);
    this.transcript = new Transcript({
      maxBytes: opts.transcriptBytes ?? 64 * 1024,
      wallNow: () => this.clock.wallNow(),
      masker: this.masker,
    });
    this.dialogue = opts.dialogue ?? ROM_DIALOGUE;
    this.reader = new GameReader(patternTable(opts.patterns, opts.extraPatterns), {
      mobWords: () => this.mobWords(),
    });
    this.fights = new FightTracker({ now: () => this.clock.now(), wallNow: () => this.clock.wallNow() });
    this.fights.onEnd((f) => this.fightEnded(f));
    this.reconnectOpts = opts.reconnect === true ? {} : opts.reconnect === false ? undefined : opts.reconnect;
    this.onReconnect = opts.onReconnect;
    this.queue = new CommandQueue(
      {
        write: (line) => this.connection.send(line),
        now: () => this.clock.now(),
        sent: (cmd) => this.commandSent(cmd),
        answered: (_cmd, ms) => {
          this.metrics.answered(ms, this.clock.wallNow());
          onAnswered?.(ms);
        },
        details: () => ({ tail: this.tail(10), doing: this.doing }),
      },
      { timeoutMs: this.timeoutMs, ...opts.queue },
    );
    this.liveness =
      opts.liveness === false
        ? undefined
        : new Liveness(
            {
              lastReceiveAt: () => this.connection.lastReceiveAt,
              inFlightSince: () => this.inFlightReal,
              probe: () => this.probe(),
              onSilent: (quietMs, probed) => this.silent(quietMs, probed),
            },
            opts.liveness,
          );
    this.state = {
      world: this.world,
      tuning: this.tuning,
      now: 0,
      fight: undefined,
      lastFight: undefined,
      memory: {},
      scoreAt: undefined,
      scoreStale: false,
    };
    this.brain = new Brain(opts.behaviors ?? defaultBehaviors(), {
      state: () => this.botState(),
      run: (b, signal) => b.run(this.context(signal)),
      commandCount: () => this.metrics.commands,
      nextEvent: (ms, signal) => this.nextEvent(ms, signal),
      behaviorTime: (name, ms) => this.metrics.behaviorTime(name, ms),
      now: () => this.clock.now(),
      error: (err, behavior) => this.behaviorError(err, behavior),
    });
    this.attach(conn);
  }

  /**
   * Connect, log in (or create) and return a bot standing in the game. Closes the socket on failure.
   * The connection's journal (for expect-style waits, which a playing bot does not use) is kept small
   * unless `connect` says otherwise: the bot's own transcript is the record.
   */
  static async connect(connect: ConnectMudOptions, opts: MudBotOptions): Promise<MudBot> {
    const full: ConnectMudOptions = {
      maxJournal: 500,
      maxJournalBytes: 32 * 1024,
      ...connect,
      session: { report: DEFAULT_MSDP_REPORT, ...connect.session },
    };
    const conn = await connectMud(full);
    const bot = new MudBot(conn, opts);
    bot.creds = opts;
    bot.connectOpts = full;
    try {
      await bot.login(opts);
      return bot;
    } catch (err) {
      bot.closing = true;
      await conn.close(200);
      throw bot.beforeGreeting(err, full);
    }
  }

  /** The behaviours play() runs, highest priority first. */
  get behaviors(): readonly Behavior[] {
    return this.brain.list;
  }

  /** Replace the behaviours play() runs (e.g. `[...defaultBehaviors(), mine]`). */
  setBehaviors(behaviors: readonly Behavior[]): void {
    this.brain.setBehaviors(behaviors);
  }

  /** The live connection (a new one after a reconnect). */
  get conn(): MudConnection {
    return this.connection;
  }

  /** Command send -> prompt latency, ms. */
  get commandLatency(): LatencyHistogram {
    return this.metrics.latency;
  }

  /** What the bot is doing now, for fault reports: behaviour, command in flight, room. */
  get doing(): string {
    const b = this.brain.current ?? (this.playing ? 'choosing a behaviour' : 'scripted');
    const f = this.queue.inFlight;
    const cmd = f
      ? `, waiting ${Math.round(this.clock.now() - f.sentAt)} ms for the prompt after "${this.masker.mask(f.command)}"`
      : '';
    const room = this.world.current
      ? ` in ${this.world.current.title}${this.world.current.vnum ? ` (${this.world.current.vnum})` : ''}`
      : '';
    return `${b}${cmd}${room}`;
  }

  /** The fault that ended the connection, if any (closed or silent server). */
  get lastFault(): NetwrightError | undefined {
    return this.fault;
  }

  /** The last lines received (and sent), passwords masked. */
  tail(n = 15): string[] {
    return this.masker.maskAll(
      this.transcript.maxBytes > 0 ? this.transcript.tail(n) : this.connection.tail(n),
    );
  }

  /** Run `fn` when the bot is closed (e.g. close its network link). */
  onDispose(fn: () => unknown): void {
    this.disposers.push(fn);
  }

  /** Answer the login/creation dialogue until the game prompt. */
  async login(creds: Credentials): Promise<void> {
    const start = this.clock.now();
    let nudge: NodeJS.Timeout | undefined;
    const onText = (text: string): boolean | Error => {
      const step = matchDialogue(text, this.dialogue);
      if (!step) return false;
      const answer = step.answer(creds);
      if (typeof answer === 'string') {
        this.transcript.add('out', step.secret || this.connection.session.passwordMode ? MASK : answer);
        this.connection.send(answer);
        return false;
      }
      if ('nudge' in answer) {
        nudge = setTimeout(() => {
          if (this.connection.isOpen) this.connection.send('');
        }, 500);
        return false;
      }
      if ('fail' in answer) return answer.fail;
      this.vitals = parseVitals(text);
      return true;
    };
    try {
      await this.until(
        (e) => (e.type === 'line' || e.type === 'prompt' ? onText(e.text) : false),
        // The greeting may have arrived before we subscribed: replay the last lines.
        (feed) => {
          for (const line of this.connection.tail(5))
            feed({ type: 'line', text: line.replace(/^<prompt> /, '') });
        },
        { what: `game prompt after logging in as ${creds.name}`, code: 'ERR_MUD_LOGIN_TIMEOUT' },
      );
    } finally {
      clearTimeout(nudge);
    }
    this.connection.skipPending();
    this.metrics.loginMs = this.clock.now() - start;
  }

  private mobWordCache: { key: unknown[]; words: ReadonlySet<string> } | undefined;

  /** Words that mark a plain-text room line as a mobile: targets and the service mobs' keywords. */
  private mobWords(): ReadonlySet<string> {
    const t = this.tuning;
    const key = [t.targets, t.trainerKeywords, t.practiceKeywords, t.shopKeywords, t.avoid];
    const c = this.mobWordCache;
    if (c?.key.every((v, i) => v === key[i])) return c.words;
    const words = new Set(
      [
        ...TEXT_TARGET_KEYWORDS,
        ...(t.targets ?? []),
        ...t.trainerKeywords,
        ...t.practiceKeywords,
        ...t.shopKeywords,
        ...t.avoid,
      ].map((w) => w.toLowerCase()),
    );
    this.mobWordCache = { key, words };
    return words;
  }

  /** Send a command through the queue; resolves with its lines and events up to the prompt. */
  send(cmd: string, opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<CommandResult> {
    return this.queue.send(cmd, opts);
  }

  /** Send a command and resolve with the lines up to the next game prompt; latency is recorded. */
  async command(cmd: string, opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<string[]> {
    return (await this.send(cmd, opts)).lines;
  }

  /** Look around: the room from PLR_BOT lines, MSDP or plain text. */
  async look(): Promise<RoomView> {
    const view: RoomView = {
      title: undefined,
      room: undefined,
      exits: [],
      mobs: [],
      objs: [],
      lines: [],
      seen: undefined,
    };
    const off = this.connection.onEvent((e) => {
      if (e.type !== 'bot') return;
      const l = e.line;
      if (l.kind === 'room') view.room = l;
      else if (l.kind === 'exit') view.exits.push(l);
      else if (l.kind === 'mob') view.mobs.push(l);
      else if (l.kind === 'obj') view.objs.push(l);
    });
    try {
      const r = await this.send('look');
      view.lines = r.lines;
      const room = [...r.events].reverse().find((e) => e.kind === 'room' && e.room.source !== 'msdp');
      view.seen = room?.kind === 'room' ? room.room : undefined;
    } finally {
      off();
    }
    view.title = view.seen?.title || view.lines.find((l) => l.trim() !== '' && !l.startsWith('[BOT:'));
    return view;
  }

  /** Fight `target` until someone dies, someone flees, it stops, or there is no such target. */
  async fight(target: string, opts: { timeoutMs?: number } = {}): Promise<FightOutcome> {
    const limit = opts.timeoutMs ?? 120_000;
    let off = () => {};
    const ended = new Promise<FightRecord>((resolve) => {
      off = this.fights.onEnd(resolve);
    });
    try {
      this.fights.attack(target);
      await this.send(`kill ${target}`);
      let timer: NodeJS.Timeout | undefined;
      let offClose = () => {};
      const record = await Promise.race([
        ended,
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new NetwrightError(
                  'ERR_MUD_WAIT_TIMEOUT',
                  `${this.label}: the fight with ${target} did not end within ${limit} ms`,
                  {
                    hint: 'details.tail shows the last combat lines; a fight that never ends may be a server bug',
                    details: { tail: this.tail(15) },
                  },
                ),
              ),
            limit,
          );
          offClose = this.connection.onClose(() => reject(this.fault ?? this.closedError('fighting')));
        }),
      ]).finally(() => {
        clearTimeout(timer);
        offClose();
      });
      return {
        outcome: record.outcome,
        target,
        rounds: record.rounds,
        durationMs: record.durationMs,
        xp: record.xp,
        condition: record.condition,
        lines: this.masker.maskAll(record.lines),
      };
    } finally {
      off();
    }
  }

  /**
   * Play by itself: run the behaviours until `for` ms passed, `until()` holds, or `signal` aborts.
   * Rejects with the fault (ERR_MUD_CLOSED, ERR_MUD_SILENT) when the server goes away and reconnecting
   * is off or gave up.
   */
  async play(opts: PlayOptions = {}): Promise<PlayResult> {
    if (this.playing) throw new NetwrightError('ERR_MUD_BOT_BUSY', `${this.label} is already playing`);
    const start = this.clock.now();
    const forMs = opts.for ?? (opts.until || opts.signal ? Number.POSITIVE_INFINITY : 300_000);
    const stop = new AbortController();
    let reason: PlayResult['reason'] = 'time';
    const timer = Number.isFinite(forMs) ? setTimeout(() => stop.abort('time'), forMs) : undefined;
    const onAbort = () => stop.abort('aborted');
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });
    this.playing = { until: opts.until, stop };
    const reconnectsBefore = this.metrics.reconnects;
    const done = () => {
      if (opts.until?.()) {
        if (!stop.signal.aborted) stop.abort('until');
        return true;
      }
      return false;
    };
    // The first reason to stop wins: 'time', 'until' (also from onMudEvent) or 'aborted'.
    stop.signal.addEventListener('abort', () => {
      const r = stop.signal.reason;
      reason = r === 'until' || r === 'aborted' ? r : 'time';
    });
    try {
      let attempt = 0;
      while (!stop.signal.aborted && !done()) {
        if (this.fault) {
          if (!this.reconnectOpts || attempt >= (this.reconnectOpts.attempts ?? 5)) throw this.fault;
          await this.reconnect(attempt++, stop.signal);
          continue;
        }
        const run = AbortSignal.any([stop.signal, this.connAbort.signal]);
        try {
          await this.orient(run);
          attempt = 0;
          await this.brain.run(run, done);
        } catch (err) {
          if (!this.fault && !stop.signal.aborted) throw err;
        }
      }
      if (this.fault && !stop.signal.aborted && (reason as string) !== 'until') throw this.fault;
      return {
        reason,
        durationMs: this.clock.now() - start,
        reconnects: this.metrics.reconnects - reconnectsBefore,
      };
    } catch (err) {
      if (stop.signal.aborted && !this.fault)
        return {
          reason,
          durationMs: this.clock.now() - start,
          reconnects: this.metrics.reconnects - reconnectsBefore,
        };
      throw err;
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      this.playing = undefined;
    }
  }

  /** Figures (kept for existing callers; see metrics.snapshot()). */
  stats(): MudBotStats {
    const snap = this.snapshot();
    return { label: this.label, ...snap, commandLatencyMs: snap.latencyMs };
  }

  /** Serialisable figures of this bot. */
  snapshot(): BotMetricsSnapshot {
    const s = this.connection.stats();
    this.metrics.lagRefusals = this.queue.lagRefusals;
    return this.metrics.snapshot({ bytesIn: s.bytesIn, bytesOut: s.bytesOut, rooms: this.world.rooms.size });
  }

  /** This bot's entry for the report (transcript bounded to `transcriptBytes`, passwords masked). */
  toMeta(opts: { transcriptBytes?: number } = {}): MudBotMeta {
    const meta: MudBotMeta = {
      name: this.label,
      ...this.snapshot(),
      fights: this.metrics.fights.map((f) => ({ ...f, lines: this.masker.maskAll(f.lines) })),
      transcript: this.transcript.list(opts.transcriptBytes ?? 8 * 1024),
      latencySeries: this.metrics.latencySeries(),
    };
    if (this.fault)
      meta.fault = {
        code: this.fault.code,
        message: this.masker.mask(this.fault.message),
        doing: String(this.fault.details.doing ?? ''),
        t: this.faultAt,
      };
    return meta;
  }

  /**
   * Ask the server now whether it still answers (an MSDP probe, even with no command in flight); the
   * bot ends with ERR_MUD_SILENT if it does not within the silence budget. A swarm calls this on every
   * bot when one finds the server silent, so idle and sleeping bots notice a hung server at once too.
   */
  checkServer(): void {
    if (!this.closing && !this.fault) this.liveness?.checkNow();
  }

  /**
   * Stop playing, leave the game (flee while fighting, `quit`, wait for the server's goodbye), close,
   * run disposers. The goodbye wait is bounded by `quitTimeoutMs` and by `withinMs` (e.g. a swarm's
   * stop deadline); a quit not confirmed in time counts in `metrics.quitUnconfirmed`. Never throws.
   */
  async close(opts: { withinMs?: number } = {}): Promise<QuitOutcome> {
    this.closing = true;
    this.playing?.stop.abort('closed');
    this.liveness?.stop();
    const withinMs = Math.max(0, Math.min(this.quitTimeoutMs, opts.withinMs ?? Number.POSITIVE_INFINITY));
    const quit = await quitGracefully(this.quitPort(), { withinMs });
    if (quit.result === 'timeout') {
      this.metrics.quitUnconfirmed++;
      this.transcript.add(
        'note',
        `quit not confirmed within ${withinMs} ms (${quit.flees} flee, ${quit.quits} quit sent): the character may stay in the game link-dead`,
      );
    }
    // After a goodbye the server is closing already; after a timeout it may be hung: do not wait on it.
    await this.connection.close(quit.result === 'timeout' ? 100 : 1000);
    for (const fn of this.disposers.splice(0).reverse()) {
      try {
        await fn();
      } catch {
        // teardown goes on
      }
    }
    return quit;
  }

  /** Count an error, keeping its first occurrence (what the bot was doing; its first line, masked). */
  private countError(code: string, err: unknown): void {
    this.metrics.error(code, {
      at: Date.now(),
      doing: this.doing,
      message: this.masker.mask(firstLine(err)),
    });
  }

  private quitPort(): QuitPort {
    const conn = this.connection;
    return {
      write: (line) => {
        conn.send(line);
        this.transcript.add('out', line);
      },
      isOpen: () => conn.isOpen,
      fighting: () => this.world.fighting || this.fights.current !== undefined,
      onEvent: (cb) => {
        this.eventListeners.add(cb);
        // A refusal can come as a 'prompt' (text at the end of a read, its line end not there yet, seen
        // under load): the table reads that text too, else the quit would wait out its bound.
        const off = conn.onEvent((e) => {
          if (e.type === 'prompt' && !GAME_PROMPT.test(e.text))
            for (const ev of this.reader.match(e.text.trim())) cb(ev);
        });
        return () => {
          this.eventListeners.delete(cb);
          off();
        };
      },
      onClose: (cb) => conn.onClose(() => cb()),
      now: () => this.clock.now(),
    };
  }

  // ---- connection plumbing ----

  private attach(conn: MudConnection): void {
    for (const off of this.detachConn) off();
    this.connection = conn;
    this.connAbort = new AbortController();
    this.detachConn = [
      conn.onEvent((e) => this.onMudEvent(e)),
      conn.onClose((err) => this.connectionClosed(err)),
    ];
  }

  private onMudEvent(e: MudEvent): void {
    switch (e.type) {
      case 'line': {
        this.transcript.add('in', e.text);
        const evs = this.reader.line(e.text);
        this.apply(evs, e.text);
        this.queue.line(e.text, evs, this.reader.lastAmbient);
        break;
      }
      case 'bot': {
        const evs = this.reader.bot(e.line);
        this.apply(evs);
        this.queue.events(evs, true);
        break;
      }
      case 'prompt': {
        this.transcript.add('in', e.text);
        const evs = this.reader.prompt(e.text);
        this.apply(evs);
        if (GAME_PROMPT.test(e.text)) {
          this.vitals = parseVitals(e.text);
          this.fights.prompt();
        }
        this.queue.events(evs);
        // Cleared first: an answered prompt may send the next command at once (which sets it again).
        const waiting = this.inFlightReal;
        this.inFlightReal = undefined;
        if (!this.queue.prompt(e.text, this.promptArrivedAt())) this.inFlightReal = waiting;
        break;
      }
      case 'msdp': {
        const evs = this.reader.msdp(e.pairs);
        this.apply(evs);
        this.queue.events(evs);
        break;
      }
      case 'error':
        if (e.error.code === 'ERR_MCCP_CORRUPT' && e.error.details.truncated === true) {
          // The connection ended inside a compressed stream: a consequence of that end (a server that
          // died, a dropped link), which the bot reports as the end itself (ERR_MUD_CLOSED ...). Counted
          // on the connection (conn.stats()), noted here, not a second error of the bot's.
          this.transcript.add('note', e.error.message);
          return;
        }
        this.countError(e.error.code, e.error);
        return;
      default:
        return;
    }
    const p = this.playing;
    if (p?.until?.()) p.stop.abort('until');
    this.brain.reconsider();
    for (const w of [...this.eventWaiters]) w();
  }

  /**
   * When the chunk holding the prompt being handled arrived (the connection stamps each chunk with
   * performance.now before decoding it), so a command's latency leaves out the bot's own parsing of
   * that chunk. Only on the system clock: another clock's time cannot be compared with it.
   */
  private promptArrivedAt(): number | undefined {
    return this.clock === systemClock ? this.connection.lastReceiveAt : undefined;
  }

  private apply(evs: readonly BotEvent[], text?: string): void {
    const now = this.clock.now();
    for (const ev of evs) {
      for (const l of this.eventListeners) l(ev);
      this.world.apply(ev, now);
      switch (ev.kind) {
        case 'died':
          this.metrics.deaths++;
          break;
        case 'fled':
          this.metrics.flees++;
          break;
        case 'xp':
          if (ev.amount > 0) this.metrics.xp += ev.amount;
          break;
        case 'level':
          this.metrics.levels++;
          this.state.scoreStale = true;
          break;
        default:
          break;
      }
    }
    if (text !== undefined) this.fights.line(text, evs);
    else for (const ev of evs) this.fights.event(ev);
  }

  private fightEnded(f: FightRecord): void {
    this.metrics.fight(f);
    this.state.lastFight = f;
    if (f.outcome === 'won') this.metrics.kills++;
    if (f.outcome !== 'died') this.world.endFight();
  }

  private commandSent(cmd: string): void {
    this.metrics.commands++;
    this.inFlightReal = performance.now();
    this.transcript.add('out', cmd);
    const dir = directionOf(cmd);
    if (dir) {
      this.world.moveSent(dir);
      this.reader.expectRoom();
    } else if (ROOM_COMMANDS.test(cmd.trim().toLowerCase())) this.reader.expectRoom();
    else if (/^(?:stand|wake)$/.test(cmd.trim()) && this.world.stats.position === 'sleeping')
      this.reader.expectRoom();
    const kill = /^(?:kill|k|hit|murder)\s+(.+)$/i.exec(cmd.trim());
    if (kill) this.fights.attack(kill[1]);
    this.liveness?.arm();
  }

  private probe(): boolean {
    const c = this.connection;
    if (!c.isOpen || !c.session.negotiator.isRemoteEnabled(Opt.MSDP)) return false;
    try {
      // LIST, not SEND: Mud98 answers LIST as it reads it (within its 250 ms pulse, wait state or
      // not) but SEND only with its 4-s mobile update, which a 0.6 s silence budget does not wait for.
      c.msdpCommand('LIST', ['COMMANDS']);
      return true;
    } catch {
      return false;
    }
  }

  private silent(quietMs: number, probed: boolean): void {
    if (this.closing || this.fault) return;
    this.setFault(
      new NetwrightError(
        'ERR_MUD_SILENT',
        `${this.label}: the server has not answered for ${Math.round(quietMs)} ms${probed ? ' (an MSDP probe went unanswered too)' : ''} while ${this.doing}`,
        {
          hint: 'the server process may be hung (deadlock, stopped, overloaded) or a link outage holds its output; its log and details.tail show the last it said',
          details: { doing: this.doing, quietMs: Math.round(quietMs), probed, tail: this.tail(15) },
        },
      ),
    );
    // Our hang-up: the MCCP stream it cuts is not a second error.
    this.connection.abort();
  }

  private connectionClosed(err: NetwrightError | undefined): void {
    this.inFlightReal = undefined;
    this.liveness?.stop();
    this.fights.abandon();
    if (this.closing) {
      this.queue.fail(this.closedError('closing', err));
    } else if (!this.fault) {
      this.setFault(this.closedError(this.doing, err));
    } else this.queue.fail(this.fault);
    for (const w of [...this.eventWaiters]) w();
  }

  private closedError(doing: string, cause?: NetwrightError): NetwrightError {
    return new NetwrightError(
      'ERR_MUD_CLOSED',
      `${this.label}: the server closed the connection while ${doing}`,
      {
        hint: MUD_CLOSED_HINT,
        cause,
        details: { doing, cause: cause?.code, tail: this.tail(15) },
      },
    );
  }

  private setFault(f: NetwrightError): void {
    this.fault = f;
    this.faultAt = this.clock.wallNow();
    this.faultAtMono = this.clock.now();
    this.metrics.disconnects++;
    this.countError(f.code, f);
    this.queue.fail(f);
    this.connAbort.abort(f);
  }

  /** A login that failed because the connection closed before any byte: say so, with the MUD hint. */
  private beforeGreeting(err: unknown, c: ConnectMudOptions): unknown {
    const code = (err as { code?: string }).code;
    if (code !== 'ERR_MUD_CLOSED' || this.connection.bytesReceived > 0) return err;
    return new NetwrightError(
      'ERR_MUD_CONNECT',
      `${this.label}: the connection to ${c.host ?? '127.0.0.1'}:${c.port} closed before the server said anything`,
      {
        hint: 'is the MUD started (and ready) on that port? Behind a proxy or network link, nothing may be listening upstream; a full or banning server also hangs up at once',
        cause: err,
        details: { host: c.host ?? '127.0.0.1', port: c.port },
      },
    );
  }

  private async reconnect(attempt: number, signal: AbortSignal): Promise<void> {
    if (!this.creds || !this.connectOpts)
      throw new NetwrightError(
        'ERR_MUD_RECONNECT',
        `${this.label}: cannot reconnect a bot made from a bare connection`,
        {
          hint: 'create bots with MudBot.connect (or the mudBot fixture) to reconnect them',
          cause: this.fault,
        },
      );
    const delay = reconnectDelay(attempt, this.reconnectOpts ?? {}, () => this.random.next());
    this.transcript.add('note', `reconnect attempt ${attempt + 1} in ${delay} ms after ${this.fault?.code}`);
    await abortable(delay, signal);
    const s = this.connection.stats();
    const fault = this.fault;
    const tell = (outcome: ReconnectAttempt['outcome']) => {
      if (!this.onReconnect || signal.aborted) return;
      const d = fault?.details as { doing?: unknown; tail?: unknown } | undefined;
      this.onReconnect({
        bot: this.label,
        attempt,
        outcome,
        cause: fault?.code ?? 'ERR_UNKNOWN',
        faultAtMs: this.faultAtMono,
        doing: String(d?.doing ?? this.doing),
        tail: Array.isArray(d?.tail) ? d.tail.map(String) : this.tail(8),
      });
    };
    let conn: MudConnection;
    try {
      conn = await connectMud({ ...this.connectOpts, signal });
    } catch (err) {
      this.countError((err as { code?: string }).code ?? 'ERR_MUD_CONNECT', err);
      tell('unreachable');
      return; // the fault stays; play() tries again or gives up
    }
    // A hung server still accepts TCP (the kernel's backlog) but never greets: wait for its first
    // byte no longer than the silence threshold (at least 1 s), not the whole command timeout.
    const greetMs = this.liveness
      ? Math.min(this.timeoutMs, Math.max(1000, this.liveness.thresholdMs))
      : this.timeoutMs;
    if (!(await this.waitForState(() => conn.lastReceiveAt !== undefined, greetMs, signal))) {
      this.transcript.add('note', `reconnect attempt ${attempt + 1}: no greeting within ${greetMs} ms`);
      this.countError('ERR_MUD_SILENT', 'reconnect accepted but never greeted');
      tell('no-greeting');
      await conn.close(200);
      return; // the fault stays; play() tries again or gives up
    }
    this.metrics.closedBytesIn += s.bytesIn;
    this.metrics.closedBytesOut += s.bytesOut;
    this.attach(conn);
    this.queue.reset();
    this.liveness?.restart();
    this.reader.expectRoom();
    this.fault = undefined;
    try {
      await this.login(this.creds);
      this.metrics.reconnects++;
      tell('back');
    } catch (err) {
      this.fault ??= fault;
      this.countError((err as { code?: string }).code ?? 'ERR_MUD_LOGIN_FAILED', err);
      await conn.close(200);
      tell('login-failed');
    }
  }

  /**
   * Before playing: look; in plain text (no BOT lines) make sure autoexit is on, since the exits line
   * is what separates a room's description from the things and people in it; then score, equipment
   * and inventory.
   */
  private async orient(signal: AbortSignal): Promise<void> {
    const look = await this.queue.send('look', { signal });
    const seen = look.events.find((e) => e.kind === 'room' && e.room.source !== 'msdp');
    if (seen?.kind === 'room' && seen.room.source === 'text' && !seen.room.exitsLine) {
      const r = await this.queue.send('autoexit', { signal });
      if (r.events.some((e) => e.kind === 'autoexit' && !e.on)) await this.queue.send('autoexit', { signal });
      await this.queue.send('look', { signal });
    }
    if (this.state.scoreAt === undefined) {
      await this.queue.send('score', { signal });
      this.state.scoreAt = this.clock.now();
      this.state.scoreStale = false;
      await this.queue.send('equipment', { signal });
      await this.queue.send('inventory', { signal });
    }
  }

  // ---- behaviours ----

  private botState(): BotState {
    this.state.now = this.clock.now();
    this.state.fight = this.fights.current;
    return this.state;
  }

  private context(signal: AbortSignal): BehaviorContext {
    const send = async (command: string): Promise<CommandResult> => {
      if (signal.aborted) throw signal.reason;
      const r = await this.queue.send(command, { signal });
      if (command.trim() === 'score') {
        this.state.scoreAt = this.clock.now();
        this.state.scoreStale = false;
      }
      if (signal.aborted) throw signal.reason;
      return r;
    };
    const walk = async (path: readonly MudDirection[]): Promise<boolean> => {
      for (const dir of path) {
        let r = await send(dir);
        if (r.events.some((e) => e.kind === 'door-closed')) {
          await send(`open ${dir}`);
          r = await send(dir);
        }
        if (!r.events.some((e) => e.kind === 'room')) return false;
        if (this.world.fighting) return false;
      }
      return true;
    };
    return {
      state: this.botState(),
      world: this.world,
      tuning: this.tuning,
      signal,
      random: this.random,
      send,
      wait: (ms) => abortable(ms, signal),
      waitFor: (pred, timeoutMs) => this.waitForState(pred, timeoutMs, signal),
      walk,
      walkTo: async (key) => {
        const path = this.world.path(key);
        return path !== undefined && (path.length === 0 || (await walk(path)));
      },
      note: (text) => this.transcript.add('note', text),
    };
  }

  private behaviorError(err: unknown, behavior: string): void {
    const code = (err as { code?: unknown }).code;
    this.countError(typeof code === 'string' ? code : `behavior:${behavior}`, err);
  }

  /** Resolves on the next game event, after `ms`, or rejects when `signal` aborts. */
  private nextEvent(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal.aborted) {
        reject(signal.reason);
        return;
      }
      const finish = () => {
        clearTimeout(t);
        this.eventWaiters.delete(finish);
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        clearTimeout(t);
        this.eventWaiters.delete(finish);
        reject(signal.reason);
      };
      const t = setTimeout(finish, ms);
      this.eventWaiters.add(finish);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private async waitForState(pred: () => boolean, timeoutMs: number, signal: AbortSignal): Promise<boolean> {
    const end = this.clock.now() + timeoutMs;
    while (!pred()) {
      const left = end - this.clock.now();
      if (left <= 0) return false;
      await this.nextEvent(left, signal);
    }
    return true;
  }

  /**
   * Subscribe, act, and resolve when `done` returns true (reject when it returns an Error), bounded by
   * a timeout and by the socket closing. One close subscription per wait, dropped when it settles.
   */
  private until(
    done: (e: MudEvent) => boolean | Error,
    act: (feed: (e: MudEvent) => void) => void,
    opts: { what: string; timeoutMs?: number; code?: string },
  ): Promise<void> {
    const limit = opts.timeoutMs ?? this.timeoutMs;
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const finish = (err?: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        off();
        offClose();
        if (err) reject(err);
        else resolve();
      };
      const timer = setTimeout(
        () =>
          finish(
            new NetwrightError(
              opts.code ?? 'ERR_MUD_WAIT_TIMEOUT',
              `${this.label}: no ${opts.what} within ${limit} ms`,
              {
                hint: 'the last lines in details.tail show where it stalled',
                details: { tail: this.tail(15) },
              },
            ),
          ),
        limit,
      );
      const feed = (e: MudEvent) => {
        if (settled) return;
        const r = done(e);
        if (r instanceof Error) finish(r);
        else if (r) finish();
      };
      const off = this.connection.onEvent(feed);
      const offClose = this.connection.onClose((error) =>
        finish(
          new NetwrightError(
            'ERR_MUD_CLOSED',
            `${this.label}: connection closed while waiting for ${opts.what}`,
            {
              hint: MUD_CLOSED_HINT,
              cause: error,
              details: { tail: this.tail(15) },
            },
          ),
        ),
      );
      try {
        act(feed);
      } catch (err) {
        finish(err as Error);
      }
    });
  }
}
