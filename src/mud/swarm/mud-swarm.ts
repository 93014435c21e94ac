// MudSwarm: N playing bots against one MUD in this thread. Staggered connects with a cap on
// connections still waiting for their greeting, bots added and removed while running, a bounded run
// time, graceful stop (each bot flees a fight, `quit`s and waits a bounded time for the goodbye, then
// closes), figures merged across bots (HDR latency), a
// time series for the report's plot, and the fault finder watching every bot's end.
//
//   pump (every staggerMs) ─ connect+login ─ play ─┬─ stopped by us: close (quit, close)
//        ≤ maxPendingGreetings at once             └─ ended by the server: FaultFinder ─ fault?
import { EventEmitter } from 'node:events';
import { firstLine, MUD_SWARM_FAULT_HINT, NetwrightError } from '../../errors.ts';
import type { LatencyHistogram } from '../../metrics/histogram.ts';
import { type Clock, systemClock } from '../../util/clock.ts';
import { deriveSeed } from '../../util/random.ts';
import { DEFAULT_BOT_PASSWORD } from '../bot/bot-factory.ts';
import { MudBot } from '../bot/mud-bot.ts';
import type { MudBotOptions, ReconnectAttempt } from '../bot/options.ts';
import { SecretMasker } from '../bot/transcript.ts';
import { type BotEvidence, FaultFinder, type FaultFinderOptions } from './fault-finder.ts';
import { addCounts, boundSeries, swarmHistogram } from './merge.ts';
import { loginFor } from './names.ts';
import {
  addErrorSample,
  type SwarmErrorSample,
  type SwarmEvents,
  type SwarmFault,
  type SwarmOptions,
  type SwarmResult,
  type SwarmShard,
  type SwarmSnapshot,
  type SwarmWindow,
} from './types.ts';
import { swarmBehaviors, validateSwarmOptions } from './validate.ts';

/** What a swarm needs besides its options. */
export interface MudSwarmDeps {
  clock?: Clock;
  /** Which bots of the population this swarm plays (a worker's part of a shard). Default all. */
  part?: SwarmShard;
  faults?: FaultFinderOptions;
}

/** Counters folded from bots that are gone, plus the live ones' at snapshot time. */
type Figures = Pick<
  SwarmSnapshot,
  | 'commands'
  | 'responses'
  | 'bytesIn'
  | 'bytesOut'
  | 'kills'
  | 'deaths'
  | 'flees'
  | 'xp'
  | 'levels'
  | 'reconnects'
  | 'lagRefusals'
  | 'quitUnconfirmed'
> & {
  errors: Record<string, number>;
  errorSamples: Record<string, SwarmErrorSample[]>;
  behaviors: Record<string, number>;
};

function zeroFigures(): Figures {
  return {
    commands: 0,
    responses: 0,
    bytesIn: 0,
    bytesOut: 0,
    kills: 0,
    deaths: 0,
    flees: 0,
    xp: 0,
    levels: 0,
    reconnects: 0,
    lagRefusals: 0,
    quitUnconfirmed: 0,
    errors: {},
    errorSamples: {},
    behaviors: {},
  };
}

/** Add one bot's figures (read from its fields: no per-bot percentile work). */
function addBot(f: Figures, bot: MudBot): void {
  const m = bot.metrics;
  const s = bot.conn.stats();
  f.commands += m.commands;
  f.responses += m.latency.count;
  f.bytesIn += m.closedBytesIn + s.bytesIn;
  f.bytesOut += m.closedBytesOut + s.bytesOut;
  f.kills += m.kills;
  f.deaths += m.deaths;
  f.flees += m.flees;
  f.xp += m.xp;
  f.levels += m.levels;
  f.reconnects += m.reconnects;
  f.lagRefusals += m.lagRefusals;
  f.quitUnconfirmed += m.quitUnconfirmed;
  addCounts(f.errors, m.errors);
  for (const [code, o] of Object.entries(m.errorFirst))
    addErrorSample(f.errorSamples, code, { bot: bot.label, ...o });
  addCounts(f.behaviors, m.behaviors);
}

/** The behaviour a `bot.doing` text starts with ("combat, waiting 12 ms ..." -> combat). */
function behaviorOf(doing: string): string {
  return /^[a-z][\w-]*/i.exec(doing)?.[0] ?? 'unknown';
}

/** N bots playing against one MUD; see the file comment. */
export class MudSwarm {
  readonly options: SwarmOptions;
  private readonly clock: Clock;
  private readonly part: SwarmShard;
  private readonly emitter = new EventEmitter();
  private readonly abort = new AbortController();
  private readonly password: string;
  /** Masks every password of the run in what the swarm keeps of error messages. */
  private readonly masker: SecretMasker;
  private readonly botOptions: Omit<MudBotOptions, 'name' | 'password'>;
  private finder: FaultFinder;
  private readonly faultOptions: FaultFinderOptions | undefined;
  private readonly allLatency: LatencyHistogram = swarmHistogram();
  private readonly windowLatency: LatencyHistogram = swarmHistogram();
  private readonly loginLatency: LatencyHistogram = swarmHistogram();
  private readonly gone: Figures = zeroFigures();
  private readonly playing = new Map<string, MudBot>();
  private readonly pending = new Set<Promise<void>>();
  private readonly closing = new Set<Promise<void>>();
  private series: SwarmWindow[] = [];
  private target: number;
  /** Bot slots launched so far (each slot is launched once: a bot the server drops is not replaced). */
  private nextK = 0;
  /** Slots given back by removeBots (so `nextK - removedSlots` is the slots still wanted). */
  private removedSlots = 0;
  private counts = { total: 0, failed: 0, logins: 0, closed: 0 };
  private startMono = 0;
  private startWall = 0;
  private timers: NodeJS.Timeout[] = [];
  private pumpTimer: NodeJS.Timeout | undefined;
  private stopping: Promise<SwarmResult> | undefined;
  private faultFound: SwarmFault | undefined;
  /** When every playing bot was last asked to check the server (checkEveryBot), monotonic ms. */
  private lastCheckAll = Number.NEGATIVE_INFINITY;
  private resolveDone!: (r: SwarmResult) => void;
  /** Settles when the run ends (time, stop, or fault). Never rejects. */
  readonly done: Promise<SwarmResult>;

  /** Checks the options (ERR_CONFIG_INVALID with every problem) before anything opens. */
  constructor(options: SwarmOptions, deps: MudSwarmDeps = {}) {
    validateSwarmOptions(options);
    this.options = options;
    this.clock = deps.clock ?? systemClock;
    this.part = deps.part ?? { index: 0, count: 1 };
    this.target = this.share(options.bots);
    this.password =
      options.password ??
      (options.passwordEnv ? process.env[options.passwordEnv] : undefined) ??
      DEFAULT_BOT_PASSWORD;
    this.masker = new SecretMasker([this.password, ...(options.credentials ?? []).map((c) => c.password)]);
    this.botOptions = {
      create: options.newCharacter?.create ?? true,
      ...options.newCharacter,
      behaviors: swarmBehaviors(options.behaviors),
      tuning: options.tuning,
      queue: options.queue,
      liveness: options.liveness,
      reconnect: options.reconnect,
      timeoutMs: options.timeoutMs,
      quitTimeoutMs: options.quitTimeoutMs,
      transcriptBytes: 0,
      latencySeries: 0,
      onAnswered: (ms) => {
        this.allLatency.record(ms);
        this.windowLatency.record(ms);
      },
      onReconnect: (a) => this.reconnectAttempt(a),
    };
    this.faultOptions = deps.faults;
    this.finder = new FaultFinder(this.clock, this.clock.now(), deps.faults);
    this.done = new Promise((resolve) => {
      this.resolveDone = resolve;
    });
  }

  /** Bots of `n` that fall to this swarm's part of the population. */
  private share(n: number): number {
    return Math.max(0, Math.ceil((n - this.part.index) / this.part.count));
  }

  on<E extends keyof SwarmEvents>(event: E, fn: SwarmEvents[E]): this {
    this.emitter.on(event, fn);
    return this;
  }

  off<E extends keyof SwarmEvents>(event: E, fn: SwarmEvents[E]): this {
    this.emitter.off(event, fn);
    return this;
  }

  /** Begin connecting bots; returns at once (see `done`). */
  start(): this {
    if (this.startWall) throw new NetwrightError('ERR_MUD_SWARM_STATE', 'MudSwarm.start: already started');
    this.startMono = this.clock.now();
    this.startWall = this.clock.wallNow();
    this.finder = new FaultFinder(this.clock, this.startMono, this.faultOptions);
    const o = this.options;
    this.timers.push(
      setTimeout(() => void this.stop('time'), o.durationMs ?? 60_000),
      setInterval(() => this.emitter.emit('progress', this.snapshot()), o.progressEveryMs ?? 1000),
      setInterval(() => this.closeWindow(), o.windowMs ?? 1000),
    );
    this.pump();
    return this;
  }

  /** Ask for `n` more bots (this swarm's part of them when it is a worker or shard). */
  addBots(n: number): void {
    this.target += n;
  }

  /** Close the `n` most recently started playing bots gracefully and keep the swarm `n` smaller. */
  removeBots(n: number): void {
    const cut = Math.min(n, this.target);
    this.target -= cut;
    this.removedSlots += cut;
    const names = [...this.playing.keys()].slice(-n);
    for (const name of names) {
      const bot = this.playing.get(name)!;
      this.playing.delete(name);
      this.retire(bot);
    }
  }

  /** Command latency of every bot so far, ms (the shared percentile matchers read it). */
  get latency(): LatencyHistogram {
    return this.allLatency;
  }

  /** Bots playing now. */
  get active(): number {
    return this.playing.size;
  }

  /** Stop: no more connects, every bot quits and closes, timers and figures final. Never rejects. */
  stop(reason: SwarmResult['reason'] = 'aborted'): Promise<SwarmResult> {
    if (this.stopping) return this.stopping;
    this.stopping = (async () => {
      clearTimeout(this.pumpTimer);
      for (const t of this.timers) clearInterval(t);
      this.abort.abort(reason);
      // A dead or hung server cannot say goodbye: do not wait for it (what is unconfirmed is counted).
      const kind = this.faultFound?.kind;
      const quitWithinMs = kind === 'server-died' || kind === 'server-silent' ? 0 : undefined;
      for (const bot of this.playing.values()) this.retire(bot, quitWithinMs);
      this.playing.clear();
      await Promise.all([...this.pending]);
      await Promise.all([...this.closing]);
      this.closeWindow();
      const snapshot = this.snapshot();
      const result: SwarmResult = {
        reason,
        durationMs: Math.round(this.clock.now() - this.startMono),
        seed: snapshot.seed,
        snapshot,
      };
      if (this.faultFound) result.fault = this.faultFound;
      this.resolveDone(result);
      return result;
    })();
    return this.stopping;
  }

  /** Serialisable, mergeable figures now. */
  snapshot(): SwarmSnapshot {
    const f: Figures = {
      ...this.gone,
      errors: { ...this.gone.errors },
      errorSamples: Object.fromEntries(Object.entries(this.gone.errorSamples).map(([k, v]) => [k, [...v]])),
      behaviors: { ...this.gone.behaviors },
    };
    for (const bot of this.playing.values()) addBot(f, bot);
    f.behaviors = Object.fromEntries(Object.entries(f.behaviors).map(([k, v]) => [k, Math.round(v)]));
    const snap: SwarmSnapshot = {
      version: 1,
      seed: this.options.seed ?? 1,
      startedAt: this.startWall,
      elapsedMs: this.startWall ? Math.round(this.clock.now() - this.startMono) : 0,
      parts: 1,
      bots: {
        target: this.target,
        active: this.playing.size,
        connecting: this.pending.size,
        ...this.counts,
      },
      ...f,
      latencyMs: this.allLatency.summary(),
      latencyHdr: this.allLatency.encode(),
      loginMs: this.loginLatency.summary(),
      loginHdr: this.loginLatency.encode(),
      series: [...this.series],
    };
    if (this.faultFound) snap.fault = this.faultFound;
    return snap;
  }

  // ---- launching ----

  private pump(): void {
    if (this.abort.signal.aborted) return;
    const o = this.options;
    const cap = o.maxPendingGreetings ?? 16;
    const stagger = o.staggerMs ?? 20;
    do {
      if (this.nextK - this.removedSlots >= this.target || this.pending.size >= cap) break;
      this.launch(this.nextK++);
    } while (stagger === 0);
    this.pumpTimer = setTimeout(() => this.pump(), Math.max(1, stagger));
  }

  private launch(k: number): void {
    const o = this.options;
    const login = loginFor(this.part.index + k * this.part.count, {
      name: o.name,
      credentials: o.credentials,
      password: this.password,
    });
    this.counts.total++;
    const started = this.clock.now();
    const p = MudBot.connect(
      {
        maxJournal: 64,
        maxJournalBytes: 8 * 1024,
        ...o.connection,
        host: o.host,
        port: o.port,
        tls: o.tls || undefined,
      },
      {
        ...this.botOptions,
        name: login.name,
        password: login.password,
        label: login.name,
        seed: deriveSeed(o.seed ?? 1, login.name),
      },
    ).then(
      (bot) => this.loggedIn(bot, this.clock.now() - started),
      (err) => this.loginFailed(login.name, err),
    );
    const tracked = p.finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }

  private loggedIn(bot: MudBot, ms: number): void {
    this.counts.logins++;
    this.loginLatency.record(ms);
    this.finder.loggedIn();
    if (this.abort.signal.aborted || this.playing.size >= this.target) {
      this.retire(bot);
      return;
    }
    this.playing.set(bot.label, bot);
    bot.play({ signal: this.abort.signal }).then(
      () => {
        // Stopped by us (stop/remove): retire() closes it.
      },
      (err) => this.ended(bot, err),
    );
  }

  private loginFailed(name: string, err: unknown): void {
    this.counts.failed++;
    const e = err as Partial<NetwrightError>;
    const code = e.code ?? 'ERR_UNKNOWN';
    this.gone.errors[code] = (this.gone.errors[code] ?? 0) + 1;
    this.sample(code, name, 'logging in', err);
    if (this.abort.signal.aborted) return;
    const tail = e.details?.tail;
    const f = this.finder.loginFailed({
      bot: name,
      doing: 'logging in',
      behavior: 'logging in',
      lines: Array.isArray(tail) ? tail.map(String) : [String(e.message ?? err).split('\n')[0]!],
      code,
    });
    if (f) this.faulted(f);
  }

  /** Keep an occurrence of an error the swarm counted itself (not one a bot counted). */
  private sample(code: string, bot: string, doing: string, err: unknown): void {
    const message = this.masker.mask(firstLine(err));
    addErrorSample(this.gone.errorSamples, code, { bot, doing, at: this.clock.wallNow(), message });
  }

  /** A playing bot's play() failed: the server closed, went silent, or a behaviour threw. */
  private ended(bot: MudBot, err: unknown): void {
    if (this.playing.get(bot.label) !== bot) return;
    this.playing.delete(bot.label);
    const e = err as Partial<NetwrightError>;
    const code = e.code ?? 'ERR_UNKNOWN';
    if (bot.lastFault?.code !== code) {
      this.gone.errors[code] = (this.gone.errors[code] ?? 0) + 1;
      this.sample(code, bot.label, String(e.details?.doing ?? bot.doing), err);
    }
    this.retire(bot);
    if (this.abort.signal.aborted || (code !== 'ERR_MUD_CLOSED' && code !== 'ERR_MUD_SILENT')) return;
    const doing = String(e.details?.doing ?? bot.doing);
    const tail = e.details?.tail;
    const evidence: BotEvidence & { code: string } = {
      bot: bot.label,
      doing,
      behavior: behaviorOf(doing),
      lines: Array.isArray(tail) ? tail.map(String) : bot.tail(8),
      code,
    };
    const f = this.finder.ended(evidence, this.playing.size);
    if (f) this.faulted(f);
    else if (code === 'ERR_MUD_SILENT') this.checkEveryBot();
  }

  /**
   * One bot found the server silent: every playing bot asks it now (once per fault window). A bot
   * sleeping, resting or between fights has no command in flight and would notice only at its next
   * one, seconds apart, so the "most bots silent at once" rule missed a hung Mud98 for up to 9 s.
   */
  private checkEveryBot(): void {
    const now = this.clock.now();
    if (now - this.lastCheckAll < (this.faultOptions?.windowMs ?? 1000)) return;
    this.lastCheckAll = now;
    for (const bot of this.playing.values()) bot.checkServer();
  }

  /** A playing bot's reconnect attempt: one never greeted is a stall the fault finder weighs. */
  private reconnectAttempt(a: ReconnectAttempt): void {
    if (a.outcome === 'back') {
      this.finder.recovered(a.bot);
      return;
    }
    if (a.outcome !== 'no-greeting' || this.abort.signal.aborted || !this.playing.has(a.bot)) return;
    const f = this.finder.stalled(
      { bot: a.bot, doing: a.doing, behavior: behaviorOf(a.doing), lines: a.tail, code: a.cause },
      a.faultAtMs,
      this.playing.size,
    );
    if (f) this.faulted(f);
    else this.checkEveryBot();
  }

  private faulted(f: SwarmFault): void {
    if (this.faultFound) return;
    this.faultFound = f;
    this.emitter.emit('fault', f);
    if (this.options.failOnFault !== false) void this.stop('fault');
  }

  /** Close a bot gracefully (quit, close) and fold its figures into the swarm's. */
  private retire(bot: MudBot, quitWithinMs?: number): void {
    this.finder.recovered(bot.label);
    const p = bot
      .close({ withinMs: quitWithinMs })
      .catch(() => {})
      .then(() => {
        addBot(this.gone, bot);
        this.counts.closed++;
      });
    const tracked = p.finally(() => this.closing.delete(tracked));
    this.closing.add(tracked);
  }

  private closeWindow(): void {
    if (!this.startWall) return;
    const h = this.windowLatency;
    this.series.push({
      t: this.clock.wallNow(),
      active: this.playing.size,
      responses: h.count,
      p99Ms: Math.round(h.percentile(99) * 1000) / 1000,
    });
    h.reset();
    this.series = boundSeries(this.series);
  }
}

/** Error of a run that ended with a fault (message: the fault's sentence and when). */
export function swarmFaultError(f: SwarmFault): NetwrightError {
  return new NetwrightError(
    'ERR_MUD_SWARM_FAULT',
    `swarm: ${f.message} at ${f.atMs} ms into the run (noticed after ${f.noticedAfterMs} ms; ${f.bots} bot(s) hit; doing ${Object.entries(
      f.doing,
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')})`,
    { hint: MUD_SWARM_FAULT_HINT, details: { fault: f } },
  );
}
