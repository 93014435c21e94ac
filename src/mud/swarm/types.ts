// The swarm's public shapes: what a swarm is told (SwarmOptions, plain data so it crosses worker
// threads and comes from YAML), what it reports while running and at the end (SwarmSnapshot: plain,
// serialisable and mergeable across workers, shards and machines), and how a run ends (SwarmResult,
// SwarmFault). The coordinator (MudSwarm, runSwarm) and the merge live beside this file.

import type { ResourceLimits } from 'node:worker_threads';
import type { HistogramSummary } from '../../metrics/histogram.ts';
import type { BotTuning } from '../bot/behavior.ts';
import type { CommandQueueOptions } from '../bot/command-queue.ts';
import type { Credentials } from '../bot/dialogue.ts';
import type { LivenessOptions } from '../bot/liveness.ts';
import type { ReconnectOptions } from '../bot/options.ts';
import type { ConnectMudOptions } from '../client/connection.ts';

/** One login of a credentials list (a file of name:password lines, a YAML list). */
export interface SwarmLogin {
  name: string;
  password: string;
}

/** Which part of a population this process plays: shard `index` (0-based) of `count`. */
export interface SwarmShard {
  index: number;
  count: number;
}

/** The character a bot creates when the server does not know its name. */
export type SwarmNewCharacter = Omit<Credentials, 'name' | 'password'>;

/** Everything a swarm is told. Plain data: no functions, so it crosses worker threads unchanged. */
export interface SwarmOptions {
  host: string;
  port: number;
  /** Use TLS (self-signed accepted). Default false. */
  tls?: boolean;
  /** Bots to run (in this process, or over its workers; a shard runs its part of this). */
  bots: number;
  /**
   * Name pattern, letters only (ROM refuses digits): `Bot` -> Bota, Botb, ... Botz, Botaa; or with
   * `{letters}` where the index goes: `{letters}Bot`. Default `Swarm`. Ignored when `credentials` given.
   */
  name?: string;
  /** Explicit logins, one per bot (at least `bots` of them). Passwords are never logged. */
  credentials?: SwarmLogin[];
  /** Password of pattern-named bots. Default `process.env[passwordEnv]`, else netwright's bot default. */
  password?: string;
  /** Environment variable holding the password (read by the coordinator; never put in argv). */
  passwordEnv?: string;
  /** Race, class... of created characters; `create: false` makes unknown names fail. */
  newCharacter?: SwarmNewCharacter;
  /** Behaviour names (default: all default behaviours, in their priority order). */
  behaviors?: string[];
  /** Knobs of the default behaviours. */
  tuning?: Partial<BotTuning>;
  /** Command pacing of each bot. */
  queue?: CommandQueueOptions;
  /** Silence watch of each bot (false: off; a closed socket is still noticed at once). */
  liveness?: LivenessOptions | false;
  /** Reconnect bots with backoff + jitter after the server closed (off by default: a fault ends the run). */
  reconnect?: ReconnectOptions | boolean;
  /** Each bot's default wait (login, a command's prompt), ms. Default 15000. */
  timeoutMs?: number;
  /**
   * Longest wait of each closing bot for the server's goodbye after `quit` (fleeing a fight first), ms.
   * Default 4000. A stop for a dead or hung server does not wait.
   */
  quitTimeoutMs?: number;
  /** Connection and protocol options of every bot (connectTimeoutMs, wakeEveryMs, session...). */
  connection?: Omit<ConnectMudOptions, 'host' | 'port' | 'tls' | 'signal'>;
  /** Time between two bots' connects, ms. Default 20. */
  staggerMs?: number;
  /** Most connections still waiting for their greeting / login at once. Default 16. */
  maxPendingGreetings?: number;
  /** Run time from start, ms; the swarm stops gracefully after it. Default 60000. */
  durationMs?: number;
  /** Worker threads the bots are split over (tinypool). Default 1 (this thread). */
  workers?: number;
  /** Play only this shard's part of the population (names disjoint across shards). */
  shard?: SwarmShard;
  /** Run seed; each bot's seed derives from it and its name. Default 1. */
  seed?: number;
  /** Serve Prometheus text at http://metricsHost:metricsPort/metrics while running (0 = any port). */
  metricsPort?: number;
  /** Address of the metrics server. Default 127.0.0.1 (loopback). */
  metricsHost?: string;
  /** Progress event period, ms. Default 1000. */
  progressEveryMs?: number;
  /** Width of one time-series window (active bots, p99 latency), ms. Default 1000. */
  windowMs?: number;
  /** Stop and fail when the fault finder sees the server die, hang or refuse logins. Default true. */
  failOnFault?: boolean;
}

/** Number of bots in each state. */
export interface SwarmBotCounts {
  /** Bots the swarm is asked to keep running now. */
  target: number;
  /** Connected, logged in and playing. */
  active: number;
  /** Connecting or logging in. */
  connecting: number;
  /** Connections opened so far. */
  total: number;
  /** Connections or logins that failed. */
  failed: number;
  /** Logins that reached the game. */
  logins: number;
  /** Bots closed (removed, stopped, or closed by the server). */
  closed: number;
}

/** One window of the time series (for the report's plot). */
export interface SwarmWindow {
  /** Window end, unix ms. */
  t: number;
  /** Bots active at the window's end. */
  active: number;
  /** Commands answered in the window. */
  responses: number;
  /** p99 command latency in the window, ms (the highest of merged parts' p99s). */
  p99Ms: number;
}

/** Serialisable, mergeable figures of a swarm (or of one worker or shard of it). */
export interface SwarmSnapshot {
  /** Format version of this object. */
  version: 1;
  /** Run seed. */
  seed: number;
  /** When the swarm (earliest part) started, unix ms. */
  startedAt: number;
  /** Time since start at this snapshot, ms (the longest of merged parts). */
  elapsedMs: number;
  /** How many parts (workers, shards) this snapshot merges. */
  parts: number;
  bots: SwarmBotCounts;
  /** Commands written. */
  commands: number;
  /** Commands answered by a prompt. */
  responses: number;
  bytesIn: number;
  bytesOut: number;
  kills: number;
  deaths: number;
  flees: number;
  xp: number;
  levels: number;
  reconnects: number;
  lagRefusals: number;
  /** Bots whose `quit` the server did not confirm when closed (their characters may stay link-dead). */
  quitUnconfirmed: number;
  /** Errors by code. */
  errors: Record<string, number>;
  /**
   * The earliest occurrences of each error code (at most MAX_ERROR_SAMPLES each): which bot, what it
   * was doing, when, what it said. Absent in snapshots of older netwright versions.
   */
  errorSamples?: Record<string, SwarmErrorSample[]>;
  /** Time bots spent in each behaviour, ms (summed over bots). */
  behaviors: Record<string, number>;
  /** Command write -> prompt latency over every bot, ms. */
  latencyMs: HistogramSummary;
  /** The same histogram, HDR-encoded (compressed base64), for exact merging. */
  latencyHdr: string;
  /** Login (connect -> game prompt) time, ms. */
  loginMs: HistogramSummary;
  loginHdr: string;
  /** Time series, oldest first, bounded (MAX_SWARM_WINDOWS). */
  series: SwarmWindow[];
  /** The fault that ended the run, if any. */
  fault?: SwarmFault;
}

/** One occurrence of an error in a swarm. */
export interface SwarmErrorSample {
  bot: string;
  doing: string;
  /** Unix ms. */
  at: number;
  message: string;
}

/** Occurrences kept per error code in a snapshot. */
export const MAX_ERROR_SAMPLES = 3;

/** Keep `sample` among the earliest MAX_ERROR_SAMPLES of its code in `into`. */
export function addErrorSample(
  into: Record<string, SwarmErrorSample[]>,
  code: string,
  sample: SwarmErrorSample,
): void {
  into[code] ??= [];
  const list = into[code];
  if (list.length >= MAX_ERROR_SAMPLES && sample.at >= list[list.length - 1]!.at) return;
  list.push(sample);
  list.sort((a, b) => a.at - b.at);
  if (list.length > MAX_ERROR_SAMPLES) list.length = MAX_ERROR_SAMPLES;
}

/** Most windows kept in a snapshot's series (oldest merged pairwise beyond it). */
export const MAX_SWARM_WINDOWS = 600;

/** What kind of trouble the fault finder saw. */
export type SwarmFaultKind = 'server-died' | 'server-silent' | 'logins-refused';

/** The fault that ended a run: when, what the bots were doing, what each saw last. */
export interface SwarmFault {
  kind: SwarmFaultKind;
  /** One-sentence account, e.g. "every bot stalled at the same moment: the server stopped answering". */
  message: string;
  /** When the fault happened (first bot's close / last answer / first refusal), unix ms. */
  at: number;
  /** Time from start to the fault, ms. */
  atMs: number;
  /** Time from the fault to the swarm noticing it, ms. */
  noticedAfterMs: number;
  /** Bots the fault hit. */
  bots: number;
  /** What the bots were doing just before: count per behaviour (or 'logging in'). */
  doing: Record<string, number>;
  /** The last lines a few bots saw (passwords masked), bounded. */
  lastLines: { bot: string; doing: string; lines: string[] }[];
}

/** How a run ended, whatever the reason (success and failure have one shape). */
export interface SwarmResult {
  reason: 'time' | 'aborted' | 'fault';
  durationMs: number;
  seed: number;
  snapshot: SwarmSnapshot;
  fault?: SwarmFault;
}

/** Events of a running swarm. */
export interface SwarmEvents {
  /** Every `progressEveryMs`. */
  progress: (s: SwarmSnapshot) => void;
  /** The fault finder saw the server die, hang or refuse logins. */
  fault: (f: SwarmFault) => void;
}

/** What runSwarm is told besides the options. */
export interface RunSwarmControl {
  signal?: AbortSignal;
  onProgress?: (s: SwarmSnapshot) => void;
  onFault?: (f: SwarmFault) => void;
  /** Module each worker thread runs (default: the swarm's worker.ts); tests give one that crashes. */
  workerModule?: string;
  /** Heap limits of each worker thread (Node's Worker resourceLimits); default Node's own. */
  workerResourceLimits?: ResourceLimits;
}
