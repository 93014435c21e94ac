// BotMetrics: the figures one bot reports, cheap to keep per bot (counters, one HDR histogram, a
// bounded list of fights) and serialisable with snapshot(). A swarm merges `latency` histograms and
// sums the counters.
import { type HistogramSummary, LatencyHistogram } from '../../metrics/histogram.ts';
import type { FightRecord } from './fight-tracker.ts';

/** Fights kept per bot (most recent). */
export const MAX_FIGHTS = 20;

/** Serialisable figures of one bot (what `bot.metrics.snapshot()` returns). */
export interface BotMetricsSnapshot {
  commands: number;
  /** Command write -> prompt, ms. */
  latencyMs: HistogramSummary;
  kills: number;
  deaths: number;
  flees: number;
  /** Experience gained (sum of "You receive N experience points."). */
  xp: number;
  levels: number;
  reconnects: number;
  disconnects: number;
  lagRefusals: number;
  /** Closes whose `quit` the server did not confirm in time (the character may stay link-dead). */
  quitUnconfirmed: number;
  loginMs: number;
  bytesIn: number;
  bytesOut: number;
  rooms: number;
  /** Errors by code (protocol errors, timeouts, faults). */
  errors: Record<string, number>;
  /** Time spent in each behaviour, ms. */
  behaviors: Record<string, number>;
}

/** One error as it happened: unix ms, what the bot was doing, its message (secrets masked). */
export interface ErrorOccurrence {
  at: number;
  doing: string;
  message: string;
}

/** Live figures of one bot. */
export class BotMetrics {
  commands = 0;
  readonly latency: LatencyHistogram;
  kills = 0;
  deaths = 0;
  flees = 0;
  xp = 0;
  levels = 0;
  reconnects = 0;
  disconnects = 0;
  lagRefusals = 0;
  quitUnconfirmed = 0;
  loginMs = 0;
  readonly errors: Record<string, number> = {};
  /** The first occurrence of each error code: when (unix ms), what the bot was doing, the message. */
  readonly errorFirst: Record<string, ErrorOccurrence> = {};
  readonly behaviors: Record<string, number> = {};
  readonly fights: FightRecord[] = [];
  /** [unix ms, latency ms] of the last `seriesPoints` commands (ring; for the report's plot). */
  private readonly series: Float64Array;
  private seriesNext = 0;
  private seriesCount = 0;
  /** Bytes of connections that are closed (the live one is added by the bot). */
  closedBytesIn = 0;
  closedBytesOut = 0;

  /** `seriesPoints`: commands kept for the latency plot (default 600; 0 keeps none, e.g. in swarms). */
  constructor(opts: { latency?: LatencyHistogram; seriesPoints?: number } = {}) {
    this.latency = opts.latency ?? new LatencyHistogram({ highestMs: 600_000, packed: true });
    this.series = new Float64Array(2 * Math.max(0, Math.floor(opts.seriesPoints ?? 600)));
  }

  /** One command answered: into the histogram and the plot series. */
  answered(latencyMs: number, wallMs: number): void {
    this.latency.record(latencyMs);
    if (this.series.length === 0) return;
    this.series[this.seriesNext] = wallMs;
    this.series[this.seriesNext + 1] = latencyMs;
    this.seriesNext = (this.seriesNext + 2) % this.series.length;
    this.seriesCount = Math.min(this.series.length / 2, this.seriesCount + 1);
  }

  /** The kept [unix ms, latency ms] points, oldest first (latency rounded to 0.01 ms). */
  latencySeries(): [number, number][] {
    const n = this.seriesCount;
    const out: [number, number][] = [];
    const cap = this.series.length / 2;
    for (let i = 0; i < n; i++) {
      const j = (((this.seriesNext / 2 - n + i) % cap) + cap) % cap;
      out.push([this.series[2 * j], Math.round(this.series[2 * j + 1] * 100) / 100]);
    }
    return out;
  }

  /** Count one error by its code (and keep its first occurrence, when told one). */
  error(code: string, occurrence?: ErrorOccurrence): void {
    this.errors[code] = (this.errors[code] ?? 0) + 1;
    if (occurrence && !this.errorFirst[code]) this.errorFirst[code] = occurrence;
  }

  /** Add time to a behaviour, ms. */
  behaviorTime(name: string, ms: number): void {
    this.behaviors[name] = (this.behaviors[name] ?? 0) + ms;
  }

  /** Record a finished fight (kills, deaths and flees are counted from events, not here). */
  fight(f: FightRecord): void {
    this.fights.push(f);
    if (this.fights.length > MAX_FIGHTS) this.fights.shift();
  }

  snapshot(live: { bytesIn: number; bytesOut: number; rooms: number }): BotMetricsSnapshot {
    return {
      commands: this.commands,
      latencyMs: this.latency.summary(),
      kills: this.kills,
      deaths: this.deaths,
      flees: this.flees,
      xp: this.xp,
      levels: this.levels,
      reconnects: this.reconnects,
      disconnects: this.disconnects,
      lagRefusals: this.lagRefusals,
      quitUnconfirmed: this.quitUnconfirmed,
      loginMs: this.loginMs,
      bytesIn: this.closedBytesIn + live.bytesIn,
      bytesOut: this.closedBytesOut + live.bytesOut,
      rooms: live.rooms,
      errors: { ...this.errors },
      behaviors: Object.fromEntries(Object.entries(this.behaviors).map(([k, v]) => [k, Math.round(v)])),
    };
  }
}
