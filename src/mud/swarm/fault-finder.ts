// The fault finder: turns what single bots see into what happened to the server. Pure logic over
// injected time (no sockets, no timers): the swarm feeds it bot ends, logins and a periodic scan.
//
//   bot ended ERR_MUD_CLOSED ─┬─ every playing bot closed within windowMs      -> server-died
//   bot ended ERR_MUD_SILENT ─┴─ most playing bots silent within windowMs     -> server-silent
//   reconnect never greeted ─── most playing bots stalled so at once          -> server-silent
//   login failed x N in a row, none logged in between                       -> logins-refused
// Silence needs only most bots: a sleeping bot has no command in flight, so it never notices.
// With reconnect on, a bot that went silent does not end: it reconnects. A connection the server
// accepts but never greets within the silence threshold is the hung server itself (the kernel's
// backlog accepts for it), so that bot counts as stalled from when it noticed the silence, until it
// is back in the game or gone.
import type { SwarmFault, SwarmFaultKind } from './types.ts';

/** What the finder is told about one bot at its end or at a scan. */
export interface BotEvidence {
  bot: string;
  doing: string;
  /** Behaviour (or 'logging in') for the per-behaviour count. */
  behavior: string;
  lines: string[];
}

/** Knobs of the fault finder. */
export interface FaultFinderOptions {
  /** Bot ends within this span count as one event, ms. Default 1000. */
  windowMs?: number;
  /** Login failures in a row (no login between) that count as refused logins. Default 3. */
  refusedAfter?: number;
  /** Bots whose last lines go into the fault. Default 8. */
  maxEvidence?: number;
  /** Lines kept per bot. Default 8. */
  linesPerBot?: number;
}

const MESSAGES: Record<SwarmFaultKind, string> = {
  'server-died': 'every connection closed at the same moment: the server died',
  'server-silent': 'every bot stalled at the same moment: the server stopped answering',
  'logins-refused': 'the server refused logins',
};

interface Ended extends BotEvidence {
  at: number;
  code: string;
}

/** Decides, from bot ends and scans, whether the server died, hung or refuses logins. */
export class FaultFinder {
  private readonly windowMs: number;
  private readonly refusedAfter: number;
  private readonly maxEvidence: number;
  private readonly linesPerBot: number;
  private recent: Ended[] = [];
  private refusals: Ended[] = [];
  /** Bots whose reconnect was accepted but never greeted, by name; `at` is when they went silent. */
  private readonly stalls = new Map<string, Ended>();
  private found: SwarmFault | undefined;
  private readonly clock: { now(): number; wallNow(): number };
  /** Swarm start on the clock's monotonic scale, ms. */
  private readonly startedAt: number;

  constructor(clock: { now(): number; wallNow(): number }, startedAt: number, opts: FaultFinderOptions = {}) {
    this.clock = clock;
    this.startedAt = startedAt;
    this.windowMs = opts.windowMs ?? 1000;
    this.refusedAfter = opts.refusedAfter ?? 3;
    this.maxEvidence = opts.maxEvidence ?? 8;
    this.linesPerBot = opts.linesPerBot ?? 8;
  }

  /** The fault found, if any (the first one wins). */
  get fault(): SwarmFault | undefined {
    return this.found;
  }

  /**
   * A playing bot ended by the server (code ERR_MUD_CLOSED or ERR_MUD_SILENT); `stillPlaying` is how
   * many bots play on. A fault when, within one window, every playing bot closed (server-died) or
   * most of them went silent (server-silent).
   */
  ended(e: BotEvidence & { code: string }, stillPlaying: number): SwarmFault | undefined {
    const now = this.clock.now();
    this.recent = this.recent.filter((r) => now - r.at <= this.windowMs);
    this.recent.push({ ...e, at: now });
    if (this.found) return undefined;
    const silent = this.recent.filter((r) => r.code === 'ERR_MUD_SILENT').length;
    if (silent * 2 > this.recent.length) {
      if (silent * 2 <= silent + stillPlaying) return undefined;
      return this.raise('server-silent', this.recent[0]!.at, this.recent);
    }
    if (stillPlaying > 0) return undefined;
    return this.raise('server-died', this.recent[0]!.at, this.recent);
  }

  /**
   * A playing bot's reconnect was accepted but not greeted within the silence threshold; `atMono` is
   * when it noticed the silence, `playing` every bot still in the run (this one included). A fault
   * (server-silent, at the earliest stall) once most of them are stalled.
   */
  stalled(e: BotEvidence & { code: string }, atMono: number, playing: number): SwarmFault | undefined {
    this.stalls.set(e.bot, { ...e, at: atMono });
    if (this.found || this.stalls.size * 2 <= playing) return undefined;
    const evidence = [...this.stalls.values()].sort((a, b) => a.at - b.at);
    return this.raise('server-silent', evidence[0]!.at, evidence);
  }

  /** A stalled bot is back in the game, or gone from the run: it no longer counts as stalled. */
  recovered(bot: string): void {
    this.stalls.delete(bot);
  }

  /** A login succeeded: refusals in a row start again. */
  loggedIn(): void {
    this.refusals = [];
  }

  /** A connection or login failed. A fault after `refusedAfter` in a row. */
  loginFailed(e: BotEvidence & { code: string }): SwarmFault | undefined {
    this.refusals.push({ ...e, at: this.clock.now() });
    if (this.found || this.refusals.length < this.refusedAfter) return undefined;
    const codes = [...new Set(this.refusals.map((r) => r.code))].join(', ');
    const f = this.raise('logins-refused', this.refusals[0]!.at, this.refusals);
    if (f) f.message = `${MESSAGES['logins-refused']}: ${this.refusals.length} in a row (${codes})`;
    return f;
  }

  private raise(kind: SwarmFaultKind, atMono: number, evidence: readonly Ended[]): SwarmFault {
    const now = this.clock.now();
    const doing: Record<string, number> = {};
    for (const e of evidence) doing[e.behavior] = (doing[e.behavior] ?? 0) + 1;
    this.found = {
      kind,
      message: MESSAGES[kind],
      at: Math.round(this.clock.wallNow() - (now - atMono)),
      atMs: Math.round(atMono - this.startedAt),
      noticedAfterMs: Math.round(now - atMono),
      bots: evidence.length,
      doing,
      lastLines: evidence.slice(0, this.maxEvidence).map((e) => ({
        bot: e.bot,
        doing: e.doing,
        lines: e.lines.slice(-this.linesPerBot),
      })),
    };
    return this.found;
  }
}
