// Every option of a MudBot in one place (wt-harden's config validation and the swarm's YAML map onto
// these types). Defaults are documented on each field.
import type { Clock } from '../../util/clock.ts';
import type { Behavior, BotTuning } from './behavior.ts';
import type { CommandQueueOptions } from './command-queue.ts';
import type { Credentials, DialogueStep } from './dialogue.ts';
import type { LivenessOptions } from './liveness.ts';
import type { GamePattern } from './patterns.ts';

/** Reconnecting after the server closed or went silent (only when configured). */
export interface ReconnectOptions {
  /** Attempts per outage before play() fails with the fault. Default 5. */
  attempts?: number;
  /** First delay, ms; doubles per attempt. Default 500. */
  baseMs?: number;
  /** Largest delay, ms. Default 15000. */
  maxMs?: number;
  /** Random share of each delay (0..1), from the bot's seeded random. Default 0.3. */
  jitter?: number;
}

/** One reconnect attempt's outcome, told to `onReconnect` (a swarm's fault finder reads it). */
export interface ReconnectAttempt {
  /** The bot's label. */
  bot: string;
  /** 0-based attempt within this outage. */
  attempt: number;
  /**
   * back: logged in again; unreachable: the connect failed; no-greeting: the connection was accepted
   * but the server said nothing within the silence threshold (a hung server: the kernel's backlog still
   * accepts); login-failed: greeted, but the login did not complete.
   */
  outcome: 'back' | 'unreachable' | 'no-greeting' | 'login-failed';
  /** Code of the fault that began the outage (ERR_MUD_CLOSED, ERR_MUD_SILENT). */
  cause: string;
  /** When the bot noticed that fault, on its clock's monotonic scale (clock.now()), ms. */
  faultAtMs: number;
  /** What the bot was doing when the fault came. */
  doing: string;
  /** The last lines it saw before the fault (passwords masked). */
  tail: string[];
}

/** Everything a bot can be told. Credentials (name/password/create...) are the login part. */
export interface MudBotOptions extends Credentials {
  /** Label in reports (default the character name). */
  label?: string;
  /** Default time for each wait (login, a command's prompt), ms. Default 15000. */
  timeoutMs?: number;
  /** Longest wait on close for the server's goodbye after `quit` (fleeing a fight first), ms. Default 4000. */
  quitTimeoutMs?: number;
  clock?: Clock;
  /** Seed of the bot's random choices and reconnect jitter. Default derived from the name. */
  seed?: number;
  /** Replace the game-text pattern table (default ROM_PATTERNS). */
  patterns?: readonly GamePattern[];
  /** Patterns tried before the table (for a MUD's own lines). */
  extraPatterns?: readonly GamePattern[];
  /** Replace the login dialogue table (default ROM_DIALOGUE). */
  dialogue?: readonly DialogueStep[];
  /** What play() runs (default defaultBehaviors()). */
  behaviors?: readonly Behavior[];
  /** Knobs of the default behaviours. */
  tuning?: Partial<BotTuning>;
  /** Command pacing. */
  queue?: CommandQueueOptions;
  /** Silence watch; false turns it off (a closed socket is still noticed at once). */
  liveness?: LivenessOptions | false;
  /** Reconnect with backoff + jitter when the server closes or goes silent during play(). Off by default. */
  reconnect?: ReconnectOptions | boolean;
  /** Bytes of transcript kept (passwords masked). Default 64 KiB; 0 keeps none (swarms). */
  transcriptBytes?: number;
  /** Commands kept as [time, latency] points for the report's plot. Default 600; 0 keeps none (swarms). */
  latencySeries?: number;
  /** Extra secrets masked in transcripts and errors besides the password. */
  secrets?: string[];
  /** Told every answered command's latency, ms (a swarm's shared histograms). */
  onAnswered?: (latencyMs: number) => void;
  /** Told the outcome of every reconnect attempt (a swarm's fault finder). */
  onReconnect?: (attempt: ReconnectAttempt) => void;
}

/** What play() is told. */
export interface PlayOptions {
  /** Play at most this long, ms. Default 300000 when neither `until` nor `signal` is given. */
  for?: number;
  /** Stop as soon as this holds (checked after every game event and between behaviours). */
  until?: () => boolean;
  signal?: AbortSignal;
}

/** Why play() returned. */
export interface PlayResult {
  reason: 'time' | 'until' | 'aborted';
  durationMs: number;
  reconnects: number;
}

/** MSDP variables a bot asks the server to report (Mud98's names). */
export const DEFAULT_MSDP_REPORT = [
  'HEALTH',
  'HEALTH_MAX',
  'MANA',
  'MANA_MAX',
  'MOVEMENT',
  'MOVEMENT_MAX',
  'LEVEL',
  'EXPERIENCE',
  'MONEY',
  'POSITION',
  'ROOM',
  'ROOM_VNUM',
];

/** Delay before reconnect attempt `n` (0-based), ms: exponential, capped, with seeded jitter. */
export function reconnectDelay(n: number, opts: ReconnectOptions, random: () => number): number {
  const base = opts.baseMs ?? 500;
  const max = opts.maxMs ?? 15_000;
  const jitter = Math.min(1, Math.max(0, opts.jitter ?? 0.3));
  const d = Math.min(max, base * 2 ** n);
  return Math.round(d * (1 - jitter + 2 * jitter * random()));
}
