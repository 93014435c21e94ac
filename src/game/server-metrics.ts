// Live metrics of one game server, folded from its [LOG_JSON] events: snapshots sent and their sizes,
// tick duration, bytes per peer (bandwidth) and chunk changes. Pure, event time only.

import type { HistogramSummary } from '../metrics/histogram.ts';
import { LatencyHistogram } from '../metrics/histogram.ts';
import type { GameEvent } from '../process/types.ts';
import { num, pushBounded, str } from './event-fields.ts';
import { defaultGameEventNames, type GameEventNames, matchesEvent } from './event-names.ts';

/** Per-peer traffic as seen by the server. */
export interface PeerTrafficSummary {
  snapshots: number;
  bytes: number;
  fullSnapshots: number;
  /** Mean bytes per second from the peer's first to its last snapshot. */
  bytesPerSecond: number;
  /** Last bandwidth figure the server reported itself (kbps), when it does. */
  reportedKbps: number | undefined;
  /** Total bytes sent to the peer as the server reported it. */
  reportedTotalBytes: number | undefined;
}

export interface ServerMetricsSummary {
  snapshotsSent: number;
  fullSnapshots: number;
  /** Snapshot payload size distribution, bytes (histogram reused with bytes as unit). */
  snapshotBytes: HistogramSummary;
  /** Server tick duration, ms (per-second means when the engine reports those). */
  tickMs: HistogramSummary;
  tickMaxMs: number;
  chunkChanges: number;
  peersConnected: number;
  peersDisconnected: number;
  /** Peers currently connected. */
  peers: number;
  perPeer: Record<string, PeerTrafficSummary>;
  events: number;
}

interface PeerState {
  snapshots: number;
  bytes: number;
  full: number;
  firstT: number | undefined;
  lastT: number | undefined;
  reportedKbps: number | undefined;
  reportedTotalBytes: number | undefined;
}

/** Server-side netcode metrics: feed every event to `ingest`. */
export class ServerMetrics {
  snapshotsSent = 0;
  fullSnapshots = 0;
  chunkChanges = 0;
  peersConnected = 0;
  peersDisconnected = 0;
  events = 0;
  ready = false;
  /** Process start -> ready, ms, as the server reported it. */
  startupMs: number | undefined;
  /** Longest tick reported, ms. */
  tickMaxMs = 0;
  /** Per-second tick figures: [t unix ms, mean ms, max ms] (bounded, drop-oldest). */
  readonly tickSeries: [number, number, number][] = [];
  /** Snapshot sizes in bytes (stored in a ms histogram: the unit is bytes here). */
  readonly snapshotBytes = new LatencyHistogram({ highestMs: 10_000_000 });
  readonly tickMs = new LatencyHistogram();
  /** Peers tracked by client id, bounded (policy: peers beyond the bound are merged into `other`). */
  private readonly peers = new Map<string, PeerState>();
  private readonly names: GameEventNames;
  private readonly maxPeers: number;

  constructor(opts: { names?: GameEventNames; maxPeers?: number } = {}) {
    this.names = opts.names ?? defaultGameEventNames;
    this.maxPeers = opts.maxPeers ?? 256;
  }

  ingest(e: GameEvent): void {
    this.events++;
    const n = this.names;
    const t = typeof e.t === 'number' ? e.t : Number(e.t);
    if (matchesEvent(e, n.snapshotSent)) {
      this.snapshotsSent++;
      const size = num(e, 'bytes', 'size');
      const full = e.full === true || e.kind === 'full' || e.delta === false;
      if (full) this.fullSnapshots++;
      if (size !== undefined) this.snapshotBytes.record(size);
      const p = this.peer(peerKey(e));
      p.snapshots++;
      p.bytes += size ?? 0;
      if (full) p.full++;
      if (Number.isFinite(t)) {
        p.firstT ??= t;
        p.lastT = t;
      }
    } else if (matchesEvent(e, n.tick)) {
      const ms = num(e, 'duration_ms', 'tick_ms');
      if (ms !== undefined) this.tickMs.record(ms);
      const max = num(e, 'max_ms');
      if (max !== undefined) this.tickMaxMs = Math.max(this.tickMaxMs, max);
      if (Number.isFinite(t) && ms !== undefined) pushBounded(this.tickSeries, [t, ms, max ?? ms], 600);
    } else if (matchesEvent(e, n.chunkChange)) {
      this.chunkChanges++;
    } else if (matchesEvent(e, n.peerConnected)) {
      this.peersConnected++;
    } else if (matchesEvent(e, n.peerDisconnected)) {
      this.peersDisconnected++;
    } else if (matchesEvent(e, n.peerStats)) {
      const p = this.peer(peerKey(e));
      const kbps = num(e, 'kbps');
      if (kbps !== undefined) p.reportedKbps = kbps;
      const total = num(e, 'total_bytes');
      if (total !== undefined) p.reportedTotalBytes = total;
    } else if (matchesEvent(e, n.serverReady)) {
      this.ready = true;
      this.startupMs = num(e, 'startup_ms');
    }
  }

  /** Peers currently connected (connects minus disconnects, never negative). */
  get peerCount(): number {
    return Math.max(0, this.peersConnected - this.peersDisconnected);
  }

  summary(): ServerMetricsSummary {
    const perPeer: Record<string, PeerTrafficSummary> = {};
    for (const [id, p] of this.peers) {
      const span = p.firstT !== undefined && p.lastT !== undefined ? p.lastT - p.firstT : 0;
      perPeer[id] = {
        snapshots: p.snapshots,
        bytes: p.bytes,
        fullSnapshots: p.full,
        bytesPerSecond: span > 0 ? Math.round((p.bytes * 1000) / span) : 0,
        reportedKbps: p.reportedKbps,
        reportedTotalBytes: p.reportedTotalBytes,
      };
    }
    return {
      snapshotsSent: this.snapshotsSent,
      fullSnapshots: this.fullSnapshots,
      snapshotBytes: this.snapshotBytes.summary(),
      tickMs: this.tickMs.summary(),
      tickMaxMs: this.tickMaxMs,
      chunkChanges: this.chunkChanges,
      peersConnected: this.peersConnected,
      peersDisconnected: this.peersDisconnected,
      peers: this.peerCount,
      perPeer,
      events: this.events,
    };
  }

  private peer(id: string): PeerState {
    let p = this.peers.get(id);
    if (!p) {
      if (this.peers.size >= this.maxPeers) id = 'other';
      p = this.peers.get(id) ?? {
        snapshots: 0,
        bytes: 0,
        full: 0,
        firstT: undefined,
        lastT: undefined,
        reportedKbps: undefined,
        reportedTotalBytes: undefined,
      };
      this.peers.set(id, p);
    }
    return p;
  }
}

/** A peer's key: `client-<client_id>` (stable across reconnects), else `peer-<peer>`. */
function peerKey(e: GameEvent): string {
  const cid = str(e, 'client_id');
  if (cid !== undefined && cid !== '' && cid !== '0') return `client-${cid}`;
  const peer = str(e, 'peer', 'peer_id');
  return peer !== undefined ? `peer-${peer}` : 'unknown';
}
