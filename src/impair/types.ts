// The link model's vocabulary: configuration, the stage interface every impairment implements,
// statistics, timelines. Stable: the HTTP API, the CLI and the backends are built on these types.
//
// How a link works
// ----------------
// A link belongs to one client and carries traffic between the client and one server address. It has
// two directions; `upstream` is client -> server, `downstream` is server -> client (Toxiproxy's naming).
// Each direction is a chain of stages with a no-op head and a sink at the end:
//
//   client --> [head] -> [outage] -> [loss] -> [bandwidth] -> [latency] -> ... -> [sink] --> server
//   client <-- [sink] <- ... <- [latency] <- [loss] <- [head] <------------------------------- server
//
// A stage receives a Packet through `push`, and forwards zero or more packets, now or later, through
// its StageContext (`emit` to the next stage, `drop` with a cause, `at` to be woken at a precise time).
// Stages are added, removed, replaced or updated while packets flow. A removed stage `flush`es: it
// emits everything it holds to the stage after it rather than dropping it. `update` changes a stage's
// parameters in place (a latency or slow-close change re-times what is held, counted from each
// packet's arrival, as Toxiproxy does; other stages keep their schedule), which is how `set()` applies
// changes atomically. The sink counts what was delivered (bytes, latency since entry, reordering) and
// hands it to the backend's socket.
//
// A LinkConfig is the short user-facing form (`{ latency: 80, loss: 0.02 }`); the link turns each key
// into a stage named after the key ('latency', 'loss', ...) in a canonical order (see CANONICAL_ORDER).
// The Toxiproxy API adds free-named stages by `type` (StageSpec) into the same chains.
//
// For UDP every datagram is one Packet (mode 'datagram'). For TCP each connection gets its own pair of
// chains built from the link's stage specs (mode 'stream'): packets are chunks of the byte stream and a
// final `fin` packet carries the half-close in order. Stream mode never drops or reorders bytes: loss
// and corruption become retransmission stalls, duplication and reordering are absorbed (counted).
import type { HistogramSummary } from '../metrics/histogram.ts';
import type { Clock } from '../util/clock.ts';
import type { Random } from '../util/random.ts';
import type { ProfileName } from './profiles.ts';

/** 'upstream' = client -> server; 'downstream' = server -> client. */
export type Direction = 'upstream' | 'downstream';

/** How a chain treats packets: UDP datagrams, or chunks of a TCP byte stream. */
export type ChainMode = 'datagram' | 'stream';

/** Transport of a link. */
export type LinkProtocol = 'udp' | 'tcp';

// ---------------------------------------------------------------------------------------------------
// Impairment configs (normalised form; each has a shorthand in DirectionConfig)

/** Jitter distributions: uniform in [-jitter, +jitter], normal with sd = jitter, pareto heavy tail. */
export type JitterDistribution = 'uniform' | 'normal' | 'pareto';

/** Fixed delay plus jitter. Shorthand: `latency: 80` (ms). */
export interface LatencyConfig {
  /** Base one-way delay, ms (>= 0). */
  latencyMs: number;
  /** Jitter magnitude, ms (>= 0): half-width for uniform, sd for normal, mean excess for pareto. */
  jitterMs?: number;
  /** Default 'normal'. */
  distribution?: JitterDistribution;
  /** 0..1: weight of the previous jitter sample in the next one (netem-style). Default 0. */
  correlation?: number;
  /**
   * false (default): a packet never leaves before one that entered earlier (jitter cannot reorder), so
   * at packet intervals shorter than the jitter the delivered delay is max(own sample, previous due):
   * shifted up from the configured distribution (a FIFO path does the same). true: each packet gets
   * exactly its sample and may overtake others.
   */
  reorder?: boolean;
  /** Packets held at most; beyond it tail drop (datagram, cause 'queue') or backpressure (stream). Default 100 000. */
  maxHeld?: number;
}

/** Random (Bernoulli) or Gilbert-Elliott (bursty) loss. Shorthand: `loss: 0.02`. */
export type LossConfig = (
  | {
      model?: 'random';
      /** 0..1 */
      rate: number;
    }
  | {
      model: 'gilbert-elliott';
      /** 0..1: probability per packet of going good -> bad. */
      p: number;
      /** 0..1: probability per packet of going bad -> good. */
      r: number;
      /** 0..1: loss probability in the bad state. Default 1. */
      lossBad?: number;
      /** 0..1: loss probability in the good state. Default 0. */
      lossGood?: number;
    }
) & {
  /** Stream mode: a lost chunk is delivered after this retransmission stall, ms, in order. Default 200. */
  retransmitMs?: number;
};

/** Token bucket with a bounded queue, tail drop. Shorthand: `bandwidth: 1000` (kbit/s). */
export interface BandwidthConfig {
  /** Sustained rate, kbit/s (1 kbit = 1000 bit), > 0. */
  rateKbps: number;
  /** Bucket depth in bytes (burst sent at line rate). Default: one 1500-byte MTU. */
  burstBytes?: number;
  /** Queue bound in bytes; beyond it tail drop (datagram, cause 'queue') or backpressure (stream). Default 64 KiB. */
  queueBytes?: number;
}

/** Duplicate a packet with probability `rate`. Shorthand: `duplicate: 0.01`. */
export interface DuplicateConfig {
  /** 0..1 */
  rate: number;
}

/** Hold a packet back by `gapMs` with probability `rate` so later ones overtake it. Shorthand: `reorder: 0.05`. */
export interface ReorderConfig {
  /** 0..1 */
  rate: number;
  /** Extra delay of a reordered packet, ms. Default 10. */
  gapMs?: number;
}

/** Flip one random bit in a packet with probability `rate`. Shorthand: `corrupt: 0.001`. */
export interface CorruptConfig {
  /** 0..1 */
  rate: number;
  /** Stream mode: a corrupted chunk is retransmitted after this stall, ms (checksums catch it). Default 200. */
  retransmitMs?: number;
}

/** Nothing gets through (datagram: dropped, cause 'outage'; stream: held until it ends). */
export interface OutageConfig {
  /** How long, ms; absent = until removed (blackhole). Shorthand: `outage: 2000`, `outage: true`. */
  durationMs?: number;
}

/** Stream: cut chunks into pieces of ~averageSize bytes spaced by delayUs (Toxiproxy `slicer`). */
export interface SlicerConfig {
  /** Mean piece size, bytes (> 0). */
  averageSize: number;
  /** Piece size varies uniformly by +- this, bytes. Default 0. */
  sizeVariation?: number;
  /** Delay between pieces, microseconds. Default 0. */
  delayUs?: number;
}

/** Stream: stop all data; close the connection after timeoutMs (0 = never close) (Toxiproxy `timeout`). */
export interface TimeoutConfig {
  timeoutMs: number;
}

/** Stream: reset the connection (RST) timeoutMs after the first data in this direction, which is dropped (Toxiproxy `reset_peer`). */
export interface ResetPeerConfig {
  timeoutMs: number;
}

/** Stream: delay the half-close (FIN) by delayMs (Toxiproxy `slow_close`). */
export interface SlowCloseConfig {
  delayMs: number;
}

/** Stream: close the connection once `bytes` have passed (Toxiproxy `limit_data`). */
export interface LimitDataConfig {
  bytes: number;
}

/** One direction's configuration in the short form. Every key is optional; absent = not impaired. */
export interface DirectionConfig {
  latency?: number | LatencyConfig;
  loss?: number | LossConfig;
  bandwidth?: number | BandwidthConfig;
  duplicate?: number | DuplicateConfig;
  reorder?: number | ReorderConfig;
  corrupt?: number | CorruptConfig;
  outage?: boolean | number | OutageConfig;
  slicer?: SlicerConfig;
  timeout?: number | TimeoutConfig;
  resetPeer?: number | ResetPeerConfig;
  slowClose?: number | SlowCloseConfig;
  limitData?: number | LimitDataConfig;
}

/** Keys of DirectionConfig; each is also the stage name and the registry type it compiles to. */
export type ImpairmentKey = keyof DirectionConfig;

/** Order in which `set()` places its stages in a chain (Toxiproxy-API stages follow, in insertion order). */
export const CANONICAL_ORDER: readonly ImpairmentKey[] = [
  'outage',
  'timeout',
  'resetPeer',
  'limitData',
  'loss',
  'corrupt',
  'duplicate',
  'bandwidth',
  'latency',
  'reorder',
  'slicer',
  'slowClose',
];

/**
 * A link's configuration: keys at the top apply to both directions, `upstream`/`downstream` override
 * per direction. `set()` merges it into the current one; a key set to `null` or `0` removes that stage.
 */
export interface LinkConfig extends DirectionConfig {
  upstream?: DirectionConfig;
  downstream?: DirectionConfig;
}

/** A patch: like LinkConfig but `null` removes a key. */
export type LinkConfigPatch = {
  [K in ImpairmentKey]?: DirectionConfig[K] | null;
} & { upstream?: DirectionPatch | null; downstream?: DirectionPatch | null };

/** Per-direction patch: `null` removes a key. */
export type DirectionPatch = { [K in ImpairmentKey]?: DirectionConfig[K] | null };

// ---------------------------------------------------------------------------------------------------
// Stages

/** A datagram, or a chunk / the end of a TCP stream, travelling through a chain. */
export interface Packet {
  /** 'fin' carries a half-close in stream order (empty data). Packet-level stages pass it unharmed. */
  kind: 'data' | 'fin';
  data: Buffer;
  /** Entry order in this chain (0, 1, 2...); duplicates share their original's seq. */
  seq: number;
  /** Clock time it entered the chain, ms. The sink records now - inMs as delivered latency. */
  inMs: number;
}

/** Why a packet did not arrive. */
export type DropCause = 'loss' | 'queue' | 'outage' | 'timeout' | 'limit' | 'closed' | 'corrupt';

/** Events a stage counts in the direction's statistics. */
export type StageCounter = 'duplicated' | 'corrupted' | 'retransmitted' | 'reorderedByStage' | 'absorbed';

/** A cancellable scheduled callback. */
export interface TimerHandle {
  cancel(): void;
}

/** Schedules callbacks at absolute clock times (ms); everything due fires in due order, then FIFO. */
export interface Scheduler {
  readonly clock: Clock;
  /** Run fn at clock time dueMs (at once, asynchronously, when already due). */
  at(dueMs: number, fn: () => void): TimerHandle;
  /** Cancel everything pending; later `at` calls are ignored. */
  close(): void;
}

/** What a stage may do; given once to its factory. */
export interface StageContext {
  readonly clock: Clock;
  /** This stage's own stream (forked from the direction's by stage name). */
  readonly random: Random;
  readonly mode: ChainMode;
  readonly direction: Direction;
  /** Hand a packet to the next stage (synchronously). */
  emit(packet: Packet): void;
  /** Record a packet as lost for `cause`. */
  drop(packet: Packet, cause: DropCause): void;
  /** Be called back at clock time dueMs (precise scheduler). */
  at(dueMs: number, fn: () => void): TimerHandle;
  count(counter: StageCounter, n?: number): void;
  /** Stream: abort the connection with a reset (RST) in both directions. Datagram: no-op. */
  reset(reason: string): void;
  /** Stream: close the connection gracefully in both directions. Datagram: no-op. */
  close(reason: string): void;
  /** Stream: ask the source to pause (true) or resume (false) reading; stages use it for bounded queues. */
  backpressure(on: boolean): void;
}

/** One stage of a chain. Implementations live one per file in src/impair/impairments/. */
export interface Impairment<C = unknown> {
  readonly type: string;
  /** Take one packet; forward it (or not, or later, or twice) through the context. */
  push(packet: Packet): void;
  /** Apply new parameters atomically (latency/slow close re-time held packets from their arrival). */
  update(config: C): void;
  /** Being removed: emit everything held now, in order, and cancel timers. */
  flush(): void;
  /** Connection gone: cancel timers, forget held packets (counted by the chain as 'closed'). */
  dispose(): void;
  /** Packets currently held (for stats and tests). */
  held(): number;
}

/** How the registry knows an impairment type. */
export interface ImpairmentDefinition<C = unknown> {
  /** Registry name (the Toxiproxy-API `type`; new packet-level behaviours get new names). */
  readonly type: string;
  /** One line for docs and `--help`. */
  readonly summary: string;
  /** Chain modes it applies to; in others it is refused by validation. */
  readonly modes: readonly ChainMode[];
  /** Turn raw input (shorthand or object) into a config, pushing every problem found to `problems`. */
  normalize(raw: unknown, path: string, problems: string[]): C | undefined;
  create(config: C, ctx: StageContext): Impairment<C>;
}

/** A stage as data: what the Toxiproxy API lists and adds. */
export interface StageSpec {
  /** Unique in its chain. Stages made by set() are named after their key ('latency'). */
  name: string;
  /** Registry type. */
  type: string;
  /** Normalised config of that type. */
  config: unknown;
  /** 0..1: probability a connection (UDP: a session) gets this stage at all. Default 1 (Toxiproxy `toxicity`). */
  toxicity?: number;
}

// ---------------------------------------------------------------------------------------------------
// Statistics (observed, serialisable, with the configuration beside them)

/** Observed figures of one direction, summed over its sessions/connections. */
export interface DirectionStats {
  packetsIn: number;
  bytesIn: number;
  packetsOut: number;
  bytesOut: number;
  /** Dropped packets by cause. */
  dropped: Partial<Record<DropCause, number>>;
  droppedTotal: number;
  duplicated: number;
  corrupted: number;
  retransmitted: number;
  /** Packets delivered after one that entered later (observed at the sink). */
  reordered: number;
  /** Packets currently held in stages. */
  held: number;
  /** Bytes entered and not yet delivered or dropped (TCP: bounded by backpressure). */
  heldBytes: number;
  /** Time from entering the chain to delivery, ms. */
  latencyMs: HistogramSummary;
  /** bytesOut * 8 / active time (first packet in .. last packet out), kbit/s. */
  achievedKbps: number;
  /** Delivered / entered - 1 for duplication, dropped / entered for loss: quick comparisons. */
  lossRate: number;
  duplicateRate: number;
  /** The stage specs in force when the stats were taken. */
  configured: StageSpec[];
  /** What the configuration in force implies, to set beside the observed figures (absent keys: no claim). */
  expected: ExpectedFigures;
}

/** Figures implied by a direction's configuration (long-run values; datagram semantics). */
export interface ExpectedFigures {
  /** Long-run loss probability of the loss stages (outages not included). */
  lossRate?: number;
  duplicateRate?: number;
  /** Mean added one-way delay of the latency stages, ms (queueing not included). */
  latencyMs?: number;
  /** Smallest configured bandwidth, kbit/s. */
  rateKbps?: number;
}

/** Observed figures of one link. */
export interface LinkStats {
  id: string;
  protocol: LinkProtocol;
  listen: { host: string; port: number };
  upstreamAddress: { host: string; port: number };
  /** UDP: client source addresses mapped; TCP: connections accepted. */
  sessions: { active: number; total: number; evicted: number; refused: number };
  upstream: DirectionStats;
  downstream: DirectionStats;
  /** True for a link closed before the stats were taken (its final figures). */
  closed?: boolean;
}

/** Observed figures of a whole network. */
export interface NetworkStats {
  seed: number;
  links: LinkStats[];
}

// ---------------------------------------------------------------------------------------------------
// Timelines, profiles, history

/** One step of a timeline: at `at` ms after `timeline()` was called, apply `profile` then the rest. */
export interface TimelineStep extends LinkConfigPatch {
  /** ms after the timeline starts. */
  at: number;
  /** Replace the configuration with this named profile first. */
  profile?: ProfileName;
  /** Only this link (id or index); default all links. */
  link?: string | number;
}

/** A named configuration; documented numbers in profiles.ts. */
export interface Profile {
  name: string;
  description: string;
  config: LinkConfig;
}

/** One applied change, for the report's network timeline. */
export interface NetworkChange {
  /** ms since the network was created (its clock). */
  tMs: number;
  /** Unix ms. */
  wallMs: number;
  /** Link id, absent = all links. */
  link?: string;
  direction: Direction | 'both';
  /** 'set' | 'profile' | 'timeline' | 'outage-end' | 'stage' (Toxiproxy API) | 'reset'. */
  source: string;
  /** Short label ('wifi_bad', 'outage 2000ms', 'latency=80'). */
  label: string;
  /** The change as given (serialisable). */
  change: unknown;
}

// ---------------------------------------------------------------------------------------------------
// Control surfaces (implemented by src/impair/link.ts and src/impair/network.ts)

/** Control of one direction of one link, or of all links (network.upstream / network.downstream). */
export interface DirectionControl {
  readonly direction: Direction;
  /** Merge a short-form patch into this direction (null removes a key). Atomic. */
  set(patch: DirectionPatch): void;
  /** The stage specs in chain order (short-form stages first, then API stages). */
  stages(): StageSpec[];
  /** Add a stage (validated; ERR_STAGE_EXISTS if the name is taken). Appended unless index given. */
  addStage(spec: StageSpec, index?: number): void;
  /** Replace a stage's config in place (ERR_STAGE_NOT_FOUND). Atomic (see Impairment.update). */
  updateStage(name: string, config: unknown, toxicity?: number): void;
  /** Remove a stage; it flushes what it holds downstream (ERR_STAGE_NOT_FOUND). */
  removeStage(name: string): void;
  /** Remove every stage. */
  clear(): void;
}

/** An open link: where the client connects, and the controls. */
export interface LinkHandle {
  readonly id: string;
  readonly protocol: LinkProtocol;
  /** Where the client must connect (bound address; port assigned when 0 was asked). */
  readonly listen: { host: string; port: number };
  /** The server address traffic goes to. */
  readonly upstreamAddress: { host: string; port: number };
  readonly upstream: DirectionControl;
  readonly downstream: DirectionControl;
  /** Merge a patch into both directions (top-level keys) and per direction. Atomic. */
  set(patch: LinkConfigPatch): void;
  /** Replace the configuration with a named profile (built-in or defined). */
  profile(name: string): void;
  /** Remove every stage (perfect link). */
  reset(): void;
  /** The current configuration in short form (API-added stages are listed by stages()). */
  config(): LinkConfig;
  stats(): LinkStats;
  /**
   * Stop listening, close every session/connection. TCP: 'reset' (RST, default) or 'graceful' (FIN,
   * as Toxiproxy closes the connections of a disabled proxy). Never throws.
   */
  close(how?: 'reset' | 'graceful'): Promise<void>;
}
