// The event vocabulary the metrics understand. Each metric maps to one or more `event` names (the
// `cat` is not required). An engine with other names passes its own table; the defaults are those of
// the bundled Godot game (godot/README.md) plus common spellings.

import type { GameEvent } from '../process/types.ts';

/** Event names (the `event` field of a [LOG_JSON] line) per metric. */
export interface GameEventNames {
  // client
  snapshotReceived: readonly string[];
  firstSnapshot: readonly string[];
  underrun: readonly string[];
  interpolationWarning: readonly string[];
  baselineMismatch: readonly string[];
  connected: readonly string[];
  disconnected: readonly string[];
  reconnected: readonly string[];
  /** Events carrying the own player's `pos`. */
  position: readonly string[];
  /** Periodic cumulative counters (they cover rate-limited warning lines). */
  clientStats: readonly string[];
  /** Per-second render metrics (steps, jumps, extrapolation, interpolation fraction). */
  renderStats: readonly string[];
  /** One rendered-frame jump (rate-limited evidence; counts come from renderStats). */
  renderJump: readonly string[];
  // server
  serverReady: readonly string[];
  snapshotSent: readonly string[];
  tick: readonly string[];
  chunkChange: readonly string[];
  peerConnected: readonly string[];
  peerDisconnected: readonly string[];
  /** Periodic per-peer traffic (kbps, bytes). */
  peerStats: readonly string[];
}

export const defaultGameEventNames: GameEventNames = {
  snapshotReceived: ['snapshot_received'],
  firstSnapshot: ['first_snapshot'],
  underrun: ['underrun'],
  interpolationWarning: ['interp_warning'],
  baselineMismatch: ['baseline_mismatch'],
  connected: ['client_connected', 'connected'],
  disconnected: ['disconnect', 'disconnected'],
  reconnected: ['reconnect'],
  position: ['position', 'arrived', 'converged', 'route_waypoint'],
  clientStats: ['client_stats'],
  renderStats: ['render_stats'],
  renderJump: ['render_jump'],
  serverReady: ['server_ready'],
  snapshotSent: ['snapshot_sent'],
  tick: ['tick'],
  chunkChange: ['chunk_change'],
  peerConnected: ['peer_connected'],
  peerDisconnected: ['peer_disconnected'],
  peerStats: ['peer_stats'],
};

/** True when `e.event` is one of `names`. */
export function matchesEvent(e: GameEvent, names: readonly string[]): boolean {
  return typeof e.event === 'string' && names.includes(e.event);
}
