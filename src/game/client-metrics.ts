// Live metrics of one game client, folded from its [LOG_JSON] events. Pure: no sockets, no timers;
// times come from the events' own `t` (unix ms), so a synthetic event stream gives exact results.
//
// Two sources per counter: the per-event lines (underrun, interp_warning... possibly rate-limited by
// the engine) and the periodic cumulative `client_stats` line. A counter is the larger of the two.

import type { HistogramSummary } from '../metrics/histogram.ts';
import { LatencyHistogram } from '../metrics/histogram.ts';
import type { GameEvent } from '../process/types.ts';
import { eventPoint, num, point, pushBounded } from './event-fields.ts';
import { defaultGameEventNames, type GameEventNames, matchesEvent } from './event-names.ts';
import { RenderMetrics, type RenderSummary } from './render-metrics.ts';

/** Serialisable summary of a client, for reports and failure messages. */
export interface ClientMetricsSummary {
  snapshots: number;
  /** Snapshots per second over the recent window. */
  snapshotRateHz: number;
  /** Snapshots per second from first to last snapshot. */
  meanSnapshotRateHz: number;
  underruns: number;
  /** Underrun episodes per minute of observation. */
  underrunsPerMinute: number;
  /** Time starved (render clock past the newest snapshot), ms, and as a share of the observation. */
  underrunMs: number;
  starvedPct: number;
  interpolationWarnings: number;
  /** Interpolation warnings about the client's own player missing from a snapshot. */
  ownEntityMissing: number;
  baselineMismatches: number;
  /** Snapshot delay (server stamp -> client receipt), ms. */
  delayMs: HistogramSummary;
  /** Connect attempt start -> first snapshot, ms (undefined until then). */
  timeToFirstSnapshotMs: number | undefined;
  /** Time to first snapshot after each reconnect, ms. */
  reconnectTimeToFirstSnapshotMs: number[];
  connects: number;
  disconnects: number;
  reconnects: number;
  connected: boolean;
  chunkChanges: number;
  /** Last own position reported, world units. */
  position: [number, number] | undefined;
  converged: boolean;
  /** What the client rendered between snapshots (undefined when the engine reports no render metrics). */
  render: RenderSummary | undefined;
  /** Events seen in total and those with unreadable fields. */
  events: number;
  malformed: number;
}

export interface ClientMetricsOptions {
  names?: GameEventNames;
  /** Window for `snapshotRateHz`, ms of event time. */
  rateWindowMs?: number;
  /** Most snapshot stamps kept for the rate window (drop-oldest). */
  maxStamps?: number;
  /** Most path points kept (drop-oldest, counted in `pathDropped`). */
  maxPath?: number;
}

/** Client-side netcode metrics: feed every event to `ingest`. */
export class ClientMetrics {
  connects = 0;
  disconnects = 0;
  connected = false;
  chunkChanges = 0;
  ownEntityMissing = 0;
  events = 0;
  malformed = 0;
  /** Own positions over time: [t unix ms, x, y] (bounded, drop-oldest). */
  readonly path: [number, number, number][] = [];
  pathDropped = 0;
  position: [number, number] | undefined;
  /** The deterministic route (route_replay), as planned by the client. */
  routePlan: [number, number][] | undefined;
  /** Waypoints reached in order: [index, x, y] (bounded). */
  readonly waypointsReached: [number, number, number][] = [];
  /** When each of `waypointsReached` was reached, unix ms (same order and bound). */
  readonly waypointsReachedAt: number[] = [];
  /** First `converged` event: target and distance (world units). */
  convergence: { t: number; target: [number, number] | undefined; dist: number | undefined } | undefined;
  /** Last `arrived` (after move_to): target and position. */
  lastArrival:
    | { t: number; target: [number, number] | undefined; pos: [number, number] | undefined }
    | undefined;
  firstSnapshotAt: number | undefined;
  lastSnapshotAt: number | undefined;
  /** The last periodic stats line as received. */
  lastStats: GameEvent | undefined;
  /** Event time of the latest event, unix ms. */
  lastEventAt: number | undefined;
  /**
   * Per-second stats: [t unix ms, snapshots in the last second, mean delay ms, underruns so far,
   * baseline mismatches so far] (bounded). Snapshots are null while the client says it is disconnected; the delay is null when no
   * snapshot arrived that second (nothing measured: a gap in the plots, not a zero).
   */
  readonly perSecondStats: [number, number | null, number | null, number, number][] = [];

  /** Time spent starved (render clock past the newest snapshot), ms, as the client reported it. */
  underrunMs = 0;
  /** Render-side metrics: steps, jumps, extrapolation, interpolation fraction (render_stats lines). */
  readonly render = new RenderMetrics();
  private lines = { snapshots: 0, underruns: 0, interp: 0, mismatches: 0, reconnects: 0 };
  private stats = { snapshots: 0, underruns: 0, interp: 0, mismatches: 0, reconnects: 0 };
  private readonly packetDelay = new LatencyHistogram();
  private readonly statsDelay = new LatencyHistogram();
  private readonly stamps: number[] = [];
  private readonly perSecond: number[] = [];
  /** Time to first snapshot per connection, ms: [0] the first connect, then one per reconnect. */
  private readonly ttfs: number[] = [];
  private awaitingFirstSnapshot = false;
  private connectedAt: number | undefined;
  private readonly names: GameEventNames;
  private readonly rateWindowMs: number;
  private readonly maxStamps: number;
  private readonly maxPath: number;

  constructor(opts: ClientMetricsOptions = {}) {
    this.names = opts.names ?? defaultGameEventNames;
    this.rateWindowMs = opts.rateWindowMs ?? 3000;
    this.maxStamps = opts.maxStamps ?? 1024;
    this.maxPath = opts.maxPath ?? 4096;
  }

  /** Fold one event in. Unknown events are ignored. */
  ingest(e: GameEvent): void {
    this.events++;
    const n = this.names;
    const t = typeof e.t === 'number' ? e.t : Number(e.t);
    if (Number.isFinite(t)) this.lastEventAt = Math.max(this.lastEventAt ?? t, t);
    if (matchesEvent(e, n.snapshotReceived)) {
      this.lines.snapshots++;
      if (Number.isFinite(t)) {
        pushBounded(this.stamps, t, this.maxStamps);
        this.firstSnapshotAt ??= t;
        this.lastSnapshotAt = t;
      }
      const delay = num(e, 'delay_ms', 'delayMs');
      if (delay !== undefined) this.packetDelay.record(delay);
      if (this.awaitingFirstSnapshot && Number.isFinite(t) && this.connectedAt !== undefined) {
        this.setFirstSnapshot(t - this.connectedAt, this.connects > 1);
      }
    } else if (matchesEvent(e, n.firstSnapshot)) {
      // The process's own figure wins over the connect -> snapshot estimate of the same connection.
      const ms = num(e, 'ms_since_connect', 'ms', 'ttfs_ms');
      if (ms === undefined) this.malformed++;
      else this.setFirstSnapshot(ms, e.reconnect === true || this.connects > 1);
      this.firstSnapshotAt ??= Number.isFinite(t) ? t : undefined;
    } else if (matchesEvent(e, n.underrun)) {
      this.lines.underruns++;
    } else if (matchesEvent(e, n.interpolationWarning)) {
      this.lines.interp++;
      if (e.reason === 'own_missing') this.ownEntityMissing++;
    } else if (matchesEvent(e, n.baselineMismatch)) {
      this.lines.mismatches++;
    } else if (matchesEvent(e, n.connected)) {
      this.connects++;
      this.connected = true;
      const connectMs = num(e, 'connect_ms') ?? 0;
      this.connectedAt = Number.isFinite(t) ? t - connectMs : undefined;
      this.awaitingFirstSnapshot = true;
    } else if (matchesEvent(e, n.disconnected)) {
      this.disconnects++;
      this.connected = false;
      this.awaitingFirstSnapshot = false;
    } else if (matchesEvent(e, n.reconnected)) {
      this.lines.reconnects++;
    } else if (matchesEvent(e, n.clientStats)) {
      this.ingestStats(e, t);
    } else if (matchesEvent(e, n.renderStats)) {
      this.render.ingestStats(e, t);
    } else if (matchesEvent(e, n.renderJump)) {
      this.render.ingestJump(e, t);
    } else if (matchesEvent(e, n.chunkChange)) {
      this.chunkChanges++;
      const p = eventPoint(e);
      if (p) this.position = p;
    } else if (e.event === 'route_plan') {
      const wps = Array.isArray(e.waypoints) ? e.waypoints.map(point) : [];
      if (wps.every((w: [number, number] | undefined) => w !== undefined))
        this.routePlan = wps as [number, number][];
      else this.malformed++;
    } else if (matchesEvent(e, n.position)) {
      const p = eventPoint(e);
      if (!p) {
        this.malformed++;
        return;
      }
      this.recordPosition(t, p);
      if (e.event === 'route_waypoint') {
        pushBounded(this.waypointsReached, [num(e, 'index') ?? -1, p[0], p[1]], 1024);
        pushBounded(this.waypointsReachedAt, t, 1024);
      } else if (e.event === 'converged' && !this.convergence) {
        this.convergence = { t, target: point(e.target), dist: num(e, 'dist') };
      } else if (e.event === 'arrived') {
        this.lastArrival = { t, target: point(e.target), pos: p };
      }
    }
  }

  get snapshots(): number {
    return Math.max(this.lines.snapshots, this.stats.snapshots);
  }
  get underruns(): number {
    return Math.max(this.lines.underruns, this.stats.underruns);
  }
  get interpolationWarnings(): number {
    return Math.max(this.lines.interp, this.stats.interp);
  }
  get baselineMismatches(): number {
    return Math.max(this.lines.mismatches, this.stats.mismatches);
  }
  get reconnects(): number {
    return Math.max(this.lines.reconnects, this.stats.reconnects);
  }
  get converged(): boolean {
    return this.convergence !== undefined;
  }

  /** Snapshot delay distribution, ms: per packet when the engine logs packets, else per-second means. */
  get delay(): LatencyHistogram {
    return this.packetDelay.count > 0 ? this.packetDelay : this.statsDelay;
  }

  /** Connect attempt start -> first snapshot, ms (undefined until then). */
  get timeToFirstSnapshotMs(): number | undefined {
    return this.ttfs[0];
  }

  /** Time to first snapshot after each reconnect, ms. */
  get reconnectTimeToFirstSnapshotMs(): number[] {
    return this.ttfs.slice(1).filter((x) => x !== undefined);
  }

  /** Whether this client has had at least one snapshot on its current connection. */
  get hasFirstSnapshot(): boolean {
    return this.connected && !this.awaitingFirstSnapshot && this.ttfs.length > 0;
  }

  /**
   * Snapshots per second over the last `windowMs` of event time: from per-packet stamps, else the
   * mean of the last per-second counts. 0 while unknown.
   */
  snapshotRateHz(windowMs = this.rateWindowMs): number {
    const s = this.stamps;
    if (s.length >= 2) {
      const last = s[s.length - 1];
      let i = s.length - 1;
      while (i > 0 && last - s[i - 1] <= windowMs) i--;
      const span = last - s[i];
      return span > 0 ? ((s.length - 1 - i) * 1000) / span : 0;
    }
    const k = Math.max(1, Math.round(windowMs / 1000));
    const recent = this.perSecond.slice(-k);
    return recent.length > 0 ? recent.reduce((a, b) => a + b, 0) / recent.length : 0;
  }

  /** Event-time span since the first snapshot, ms (0 before it). */
  observedMs(): number {
    if (this.firstSnapshotAt === undefined || this.lastEventAt === undefined) return 0;
    return Math.max(0, this.lastEventAt - this.firstSnapshotAt);
  }

  /** Underrun episodes per minute of observation (observation counted as at least 1 s). */
  underrunsPerMinute(): number {
    return (this.underruns * 60_000) / Math.max(1000, this.observedMs());
  }

  /** Share of the observation spent starved, percent (from the client's `underrun_ms`). */
  starvedPct(): number {
    return (this.underrunMs * 100) / Math.max(1000, this.observedMs());
  }

  /** Mean snapshots per second from the first to the last snapshot. */
  meanSnapshotRateHz(): number {
    if (this.stamps.length < 2 && this.perSecond.length > 0) {
      return this.perSecond.reduce((a, b) => a + b, 0) / this.perSecond.length;
    }
    if (this.firstSnapshotAt === undefined || this.lastSnapshotAt === undefined) return 0;
    const span = this.lastSnapshotAt - this.firstSnapshotAt;
    return span > 0 ? ((this.lines.snapshots - 1) * 1000) / span : 0;
  }

  summary(): ClientMetricsSummary {
    return {
      snapshots: this.snapshots,
      snapshotRateHz: round(this.snapshotRateHz()),
      meanSnapshotRateHz: round(this.meanSnapshotRateHz()),
      underruns: this.underruns,
      underrunsPerMinute: round(this.underrunsPerMinute()),
      underrunMs: round(this.underrunMs),
      starvedPct: round(this.starvedPct()),
      interpolationWarnings: this.interpolationWarnings,
      ownEntityMissing: this.ownEntityMissing,
      baselineMismatches: this.baselineMismatches,
      delayMs: this.delay.summary(),
      timeToFirstSnapshotMs: this.timeToFirstSnapshotMs,
      reconnectTimeToFirstSnapshotMs: this.reconnectTimeToFirstSnapshotMs,
      connects: this.connects,
      disconnects: this.disconnects,
      reconnects: this.reconnects,
      connected: this.connected,
      chunkChanges: this.chunkChanges,
      position: this.position,
      converged: this.converged,
      render: this.render.reported ? this.render.summary() : undefined,
      events: this.events,
      malformed: this.malformed + this.render.malformed,
    };
  }

  private ingestStats(e: GameEvent, t: number): void {
    this.lastStats = e;
    const s = this.stats;
    s.snapshots = Math.max(s.snapshots, num(e, 'received') ?? 0);
    s.underruns = Math.max(s.underruns, num(e, 'underruns') ?? 0);
    s.interp = Math.max(s.interp, num(e, 'interp_warnings') ?? 0);
    s.mismatches = Math.max(s.mismatches, num(e, 'baseline_mismatches') ?? 0);
    s.reconnects = Math.max(s.reconnects, num(e, 'reconnects') ?? 0);
    this.underrunMs = Math.max(this.underrunMs, num(e, 'underrun_ms') ?? 0);
    const perSec = num(e, 'snapshots');
    if (perSec !== undefined && e.connected !== false) pushBounded(this.perSecond, perSec, 600);
    if (Number.isFinite(t)) {
      const down = e.connected === false;
      const row: [number, number | null, number | null, number, number] = [
        t,
        down ? null : (perSec ?? 0),
        down || perSec === 0 ? null : (num(e, 'delay_mean_ms') ?? null),
        s.underruns,
        this.baselineMismatches,
      ];
      pushBounded(this.perSecondStats, row, 600);
    }
    const d = num(e, 'delay_mean_ms');
    if (d !== undefined && perSec !== undefined && perSec > 0) this.statsDelay.record(d);
    const p = point(e.pos);
    if (p) this.recordPosition(t, p);
    if (typeof e.connected === 'boolean') this.connected = e.connected;
  }

  private setFirstSnapshot(ms: number, afterReconnect: boolean): void {
    this.awaitingFirstSnapshot = false;
    const slot = afterReconnect ? Math.max(1, this.connects - 1) : 0;
    if (slot < 256) this.ttfs[slot] = ms;
  }

  private recordPosition(t: number, p: [number, number]): void {
    this.position = p;
    this.pathDropped += pushBounded(this.path, [t, p[0], p[1]], this.maxPath);
  }
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
