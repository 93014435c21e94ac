// The engine-agnostic game process contract: which command runs, with which environment variables.
// The variable names are those of ARCHITECTURE.md ("Game process contract"); an engine launcher
// (src/game/godot.ts, or a user's own) only supplies `command` and `args`.

import { NetwrightConfigError } from '../errors.ts';
import type { GameEventNames } from './event-names.ts';

/** Behaviours every contract-honouring client understands (TEST_BEHAVIOR). */
export const GAME_BEHAVIORS = [
  'random_walk',
  'stress_test',
  'chunk_crossing',
  'circle_pattern',
  'figure_eight',
  'collision_test',
  'churn',
  'convergence',
  'route_replay',
  'idle',
] as const;
export type GameBehavior = (typeof GAME_BEHAVIORS)[number];
/**
 * A behaviour name: the bundled ones complete in the editor, any other string is accepted by the type
 * (another engine's behaviours) and checked at run time against the launcher's list.
 */
export type GameBehaviorName = GameBehavior | (string & {});

/** In-engine impairment (the game's own simulator), mapped to TEST_* variables. */
export interface InEngineImpairment {
  /** 0..1 */
  packetLoss?: number;
  lagMs?: number;
  jitterMs?: number;
  bandwidthKbps?: number;
  /** 0..1 */
  duplicateRate?: number;
}

/** Netcode tuning overrides (NET_CFG_*). */
export interface NetcodeTuning {
  /** Interpolation delay behind the server clock, ms. */
  interpDelayMs?: number;
  /** Jitter buffer length (snapshots). */
  jitterBuffer?: number;
}

/** Everything needed to start one game process, independent of the engine. */
export interface GameProcessSpec {
  mode: 'server' | 'client';
  /** Server: port to listen on. Client: port to connect to (its network link's listen port). */
  port: number;
  host?: string;
  /** 1..n, clients only. */
  clientId?: number;
  behavior?: GameBehaviorName;
  /** Seconds; the process quits by itself after it (a safety net, netwright stops it sooner). */
  durationS?: number;
  seed: number;
  impairment?: InEngineImpairment;
  tuning?: NetcodeTuning;
  /** `host:port` of netwright's control socket. */
  control?: string;
  /** Extra variables, applied last (game-specific knobs). */
  env?: Record<string, string>;
}

/** Check a spec and collect every problem at once. */
export function validateGameProcessSpec(spec: GameProcessSpec): void {
  const problems: string[] = [];
  if (spec.mode !== 'server' && spec.mode !== 'client')
    problems.push(`mode must be server|client (got ${spec.mode})`);
  if (!Number.isInteger(spec.port) || spec.port <= 0 || spec.port > 65535)
    problems.push(`port must be 1..65535 (got ${spec.port})`);
  if (spec.mode === 'client' && !(Number.isInteger(spec.clientId) && (spec.clientId as number) >= 1))
    problems.push(`clientId must be an integer >= 1 for clients (got ${spec.clientId})`);
  if (!Number.isInteger(spec.seed)) problems.push(`seed must be an integer (got ${spec.seed})`);
  if (spec.durationS !== undefined && !(spec.durationS > 0))
    problems.push(`durationS must be > 0 (got ${spec.durationS})`);
  const imp = spec.impairment ?? {};
  for (const k of ['packetLoss', 'duplicateRate'] as const) {
    const v = imp[k];
    if (v !== undefined && !(v >= 0 && v <= 1))
      problems.push(`impairment.${k} must be within 0..1 (got ${v})`);
  }
  for (const k of ['lagMs', 'jitterMs', 'bandwidthKbps'] as const) {
    const v = imp[k];
    if (v !== undefined && !(v >= 0)) problems.push(`impairment.${k} must be >= 0 (got ${v})`);
  }
  if (problems.length > 0) throw new NetwrightConfigError(`game ${spec.mode} spec`, problems);
}

/** The contract's environment variables for a spec (values are strings; unset knobs are omitted). */
export function gameEnv(spec: GameProcessSpec): Record<string, string> {
  validateGameProcessSpec(spec);
  const env: Record<string, string> = {
    TEST_MODE: spec.mode,
    TEST_PORT: String(spec.port),
    TEST_HOST: spec.host ?? '127.0.0.1',
    TEST_SEED: String(spec.seed),
  };
  if (spec.clientId !== undefined) env.TEST_CLIENT_ID = String(spec.clientId);
  if (spec.behavior !== undefined) env.TEST_BEHAVIOR = spec.behavior;
  if (spec.durationS !== undefined) env.TEST_DURATION = String(spec.durationS);
  if (spec.control !== undefined) env.NETWRIGHT_CONTROL = spec.control;
  const imp = spec.impairment ?? {};
  if (imp.packetLoss !== undefined) env.TEST_PACKET_LOSS = String(imp.packetLoss);
  if (imp.lagMs !== undefined) env.TEST_LAG_MS = String(imp.lagMs);
  if (imp.jitterMs !== undefined) env.TEST_JITTER_MS = String(imp.jitterMs);
  if (imp.bandwidthKbps !== undefined) env.TEST_BW_KBPS = String(imp.bandwidthKbps);
  if (imp.duplicateRate !== undefined) env.TEST_DUPLICATE_RATE = String(imp.duplicateRate);
  const tune = spec.tuning ?? {};
  if (tune.interpDelayMs !== undefined) env.NET_CFG_INTERP_DELAY = String(tune.interpDelayMs);
  if (tune.jitterBuffer !== undefined) env.NET_CFG_JITTER_BUF = String(tune.jitterBuffer);
  return { ...env, ...(spec.env ?? {}) };
}

/** How an engine turns a spec into a command line. */
export interface GameLauncher {
  /** Short engine label for logs and reports (`godot3`, `custom`). */
  readonly engine: string;
  command(spec: GameProcessSpec): {
    command: string;
    args: string[];
    cwd?: string;
    env?: Record<string, string>;
  };
  /** Stdout/stderr lines that mean the process is broken (engine script errors). */
  readonly fatalPatterns: RegExp[];
  /** Behaviours its clients understand (TEST_BEHAVIOR); undefined accepts any name. */
  readonly behaviors?: readonly string[];
  /** Source location of an engine error found in the last log lines, when the engine prints one. */
  locateError?(lines: readonly string[]): { file: string; line: number } | undefined;
  /** Event names of this engine's [LOG_JSON] lines, when they differ from the defaults. */
  readonly eventNames?: GameEventNames;
}

/** Any executable that honours the game contract (docs/game-contract.md), run for server and clients. */
export interface GameCommand {
  /** The executable (absolute, relative to `cwd`, or on PATH). */
  command: string;
  /** Arguments, the same for server and clients (the mode comes through TEST_MODE). */
  args?: string[];
  cwd?: string;
  /** Extra environment for every process (the contract's TEST_* variables are set by netwright). */
  env?: Record<string, string>;
  /** Engine label in logs and reports (default `custom`). */
  engine?: string;
  /** Output lines that mean the process is broken (an engine's script-error line). */
  fatalPatterns?: RegExp[];
  locateError?: GameLauncher['locateError'];
  eventNames?: GameEventNames;
  /** Behaviours its clients understand; unknown names are then refused before anything starts. */
  behaviors?: readonly string[];
}

/** Every problem of a GameCommand at once (ERR_CONFIG_INVALID), before any process starts. */
export function validateGameCommand(opts: GameCommand): void {
  const problems: string[] = [];
  const o = (opts ?? {}) as Partial<Record<keyof GameCommand, unknown>>;
  if (typeof o.command !== 'string' || o.command.trim() === '')
    problems.push(`command must be a non-empty string (got ${JSON.stringify(o.command)})`);
  if (o.args !== undefined && !(Array.isArray(o.args) && o.args.every((a) => typeof a === 'string')))
    problems.push('args must be an array of strings');
  if (o.cwd !== undefined && typeof o.cwd !== 'string') problems.push('cwd must be a string');
  if (
    o.env !== undefined &&
    !(typeof o.env === 'object' && o.env !== null && Object.values(o.env).every((v) => typeof v === 'string'))
  )
    problems.push('env must be an object of string values');
  if (o.behaviors !== undefined && !(Array.isArray(o.behaviors) && o.behaviors.length > 0))
    problems.push('behaviors must be a non-empty array of names (leave it out to accept any name)');
  if (problems.length > 0)
    throw new NetwrightConfigError(
      'gameCommand',
      problems,
      "test.override({ gameCommand: { command: './server.x86_64', args: ['--headless'] } }); see docs/engines.md",
    );
}

/**
 * A launcher for any executable that honours the contract (Godot 4, Unity headless, a custom server):
 * the same command for server and clients, mode and ports passed through the environment.
 */
export function commandLauncher(opts: GameCommand): GameLauncher {
  validateGameCommand(opts);
  return {
    engine: opts.engine ?? 'custom',
    behaviors: opts.behaviors,
    eventNames: opts.eventNames,
    fatalPatterns: opts.fatalPatterns ?? [],
    locateError: opts.locateError,
    command: () => ({ command: opts.command, args: opts.args ?? [], cwd: opts.cwd, env: opts.env }),
  };
}
