// What fixtures attach to `task.meta.netwright` (via fixtures/meta.ts `attachMeta(task, key, value)`),
// and what the reporter reads back in the main process. Everything here must be JSON-serialisable.
//
// Be liberal: every object type carries an index signature, unknown keys are kept (bounded by
// `normalizeMeta` in ./normalize-meta.ts), and every field is optional except where noted.
//
// Time bases (all in milliseconds):
//   - `t` (events)          : unix epoch ms, as emitted by game processes ([LOG_JSON] lines).
//   - `tMs` (network/series): ms since `t0`, the unix ms at which the test's fixtures started.
//   When `t0` is absent, the renderer aligns series on their own minimum.

/** The key under `task.meta` that holds netwright data. */
export const META_KEY = 'netwright';

/** Tail lengths and list sizes the reporter keeps per test (everything beyond is counted as dropped). */
export const META_LIMITS = {
  /** Lines kept per stdout/stderr tail. */
  tailLines: 200,
  /** Characters kept per line. */
  lineChars: 2000,
  /** Processes kept per test. */
  processes: 64,
  /** Events kept per test. */
  events: 500,
  /** Network history entries kept per test. */
  history: 500,
  /** Time series kept per test. */
  series: 32,
  /** Points kept per series (downsampled beyond). */
  points: 2000,
  /** Serialised size (chars) of any unknown extra value before it is replaced by a marker. */
  extraChars: 20_000,
} as const;

/** Same shape as src/process `ProcessResult`; what the reporter needs from a finished process. */
export interface ProcessMeta {
  name: string;
  command?: string;
  pid?: number;
  exitCode?: number | null;
  signal?: string | null;
  /** 'exited' | 'stopped' | 'killed' | 'wall-clock' | 'fatal-pattern' | 'crashed' | 'spawn-failed' | ... */
  reason?: string;
  failed?: boolean;
  timedOut?: boolean;
  durationMs?: number;
  stdoutTail?: string[];
  stderrTail?: string[];
  /** Absolute paths of the full per-process logs; the report points at them for what it cut. */
  logPaths?: { stdout?: string; stderr?: string; [k: string]: string | undefined };
  error?: { code?: string; message?: string; hint?: string; details?: Record<string, unknown> };
  [k: string]: unknown;
}

/** Latency distribution in ms (shape of src/metrics `HistogramSummary`). */
export interface HistogramMeta {
  count?: number;
  min?: number;
  max?: number;
  mean?: number;
  p50?: number;
  p90?: number;
  p95?: number;
  p99?: number;
  p999?: number;
  [k: string]: unknown;
}

/** Metrics of one game process (server or client), as summarised at teardown. */
export interface GameProcessMetricsMeta {
  /** Round-trip / input-to-ack latency, ms. */
  latencyMs?: HistogramMeta;
  /** Snapshots received (client) or sent (server) per second, mean over the run. */
  snapshotRateHz?: number;
  snapshots?: number;
  /** Interpolation/jitter buffer underruns. */
  underruns?: number;
  /** Reconnects / disconnects observed. */
  reconnects?: number;
  disconnects?: number;
  /** Position divergence between client and server, world units. */
  maxDivergence?: number;
  [k: string]: unknown;
}

/** Game metric summaries keyed by process name ('server', 'client-1', ...). */
export interface GameMeta {
  servers?: Record<string, GameProcessMetricsMeta>;
  clients?: Record<string, GameProcessMetricsMeta>;
  [k: string]: unknown;
}

/** One change of network configuration, in order. */
export interface NetworkChangeMeta {
  /** ms since `t0` (or since the network's own origin; `wallMs` then aligns it). */
  tMs: number;
  /** unix ms of the change, when known: preferred for aligning with `t0`. */
  wallMs?: number;
  /** What changed: a LinkConfig, a profile name, `{ outage: true }`... kept as given. */
  change: unknown;
  /** Link id, absent when the change applies to all links. */
  link?: string;
  /** 'up' (client->server) | 'down' | 'both'. */
  direction?: string;
  /** Short human label for the timeline ('wifi_good', 'outage 2s'). */
  label?: string;
  [k: string]: unknown;
}

/** Observed vs configured figures for one direction of one link. */
export interface LinkDirectionStatsMeta {
  packets?: number;
  bytes?: number;
  dropped?: number;
  duplicated?: number;
  reordered?: number;
  corrupted?: number;
  queueOverflows?: number;
  configured?: Record<string, unknown>;
  observed?: Record<string, unknown>;
  [k: string]: unknown;
}

/** Network stats: per link id, per direction. */
export interface NetworkStatsMeta {
  links?: Record<
    string,
    { up?: LinkDirectionStatsMeta; down?: LinkDirectionStatsMeta; [k: string]: unknown }
  >;
  [k: string]: unknown;
}

/** The network a test ran on: the config at the end, its history, and what was observed. */
export interface NetworkMeta {
  /** unix ms origin of the network's own `tMs`. */
  t0?: number;
  config?: unknown;
  history?: NetworkChangeMeta[];
  stats?: NetworkStatsMeta;
  backend?: string;
  [k: string]: unknown;
}

/** Summary of one MUD bot. */
export interface MudBotMeta {
  name?: string;
  kills?: number;
  deaths?: number;
  commands?: number;
  rooms?: number;
  disconnects?: number;
  /** Command -> response latency, ms. */
  latencyMs?: HistogramMeta;
  [k: string]: unknown;
}

/** MUD bots and server summaries, bots keyed by bot name. */
export interface MudMeta {
  bots?: Record<string, MudBotMeta>;
  server?: Record<string, unknown>;
  [k: string]: unknown;
}

/** One noteworthy event (anomaly): underrun, latency spike, disconnect, script error... */
export interface MetaEvent {
  /** unix ms. */
  t: number;
  /** Process or subsystem: 'server', 'client-2', 'network', 'bot-1'. */
  source: string;
  event: string;
  level?: string;
  message?: string;
  [k: string]: unknown;
}

/** A time series for plots. `points` are [tMs since t0, value]; a null value is a gap (no data then). */
export interface TimeSeriesMeta {
  name: string;
  /** 'ms', 'Hz', 'count', ... */
  unit: string;
  points: [number, number | null][];
  /** Process the series belongs to ('client-1'). */
  source?: string;
  /** unix ms origin of these points when it is not the test's `t0` (they are shifted onto it). */
  t0?: number;
  [k: string]: unknown;
}

/**
 * A bound a matcher checked a figure against (fixtures/matchers/threshold.ts), drawn on the figure's
 * plot: `p99 latency < 150 ms` on the series matching `series`.
 */
export interface ThresholdMeta {
  /** What is bounded: 'p99 latency', 'snapshot rate', 'kills'. */
  figure: string;
  op: '<' | '<=' | '>' | '>=' | '=';
  /** The bound, in `unit`. */
  value: number;
  /** The assertion failed on it (its last verdict). */
  failed: boolean;
  /** The figure measured when it was checked. */
  observed?: number;
  /** Regular expression (case-insensitive) matched against plotted series names ('latency|delay'). */
  series?: string;
  unit?: string;
  /** Figure of the bots' bars it bounds ('kills'). */
  bar?: string;
  /** The client or bot measured. */
  source?: string;
  /** The matcher that recorded it. */
  by?: string;
}

/** Everything netwright attaches to one test: `task.meta.netwright`. */
export interface NetwrightTestMeta {
  /** This test's seed (derived from the run seed and the test name). */
  seed?: number;
  /** The run seed: NETWRIGHT_SEED=<runSeed> replays the run (and this test's derived seed). */
  runSeed?: number;
  /** Extra log files to scan for evidence, besides each process's logPaths. */
  logs?: { source: string; path: string }[];
  /** Versions of engines/tools used by the test ({ godot: '3.2.3' }). */
  versions?: Record<string, string>;
  /** unix ms at which the test's fixtures started: origin of every `tMs`. */
  t0?: number;
  /** Directory holding this test's logs. */
  logDir?: string;
  processes?: ProcessMeta[];
  game?: GameMeta;
  network?: NetworkMeta;
  mud?: MudMeta;
  events?: MetaEvent[];
  timeseries?: TimeSeriesMeta[];
  /** Bounds checked by matchers (the last verdict of each). */
  thresholds?: ThresholdMeta[];
  [k: string]: unknown;
}

/** Keys fixtures may pass to `attachMeta` (others are kept too, as extras). */
export type MetaKey =
  | 'seed'
  | 'runSeed'
  | 'logs'
  | 'versions'
  | 't0'
  | 'logDir'
  | 'processes'
  | 'game'
  | 'network'
  | 'mud'
  | 'events'
  | 'timeseries'
  | 'thresholds';
