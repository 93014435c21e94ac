// A MUD bot / swarm config in the shape MUD bot users already write, checked in one pass (every
// problem at once, with paths that the YAML front end turns into file:line). Keys are snake_case.
//
//   connection:    { host: 127.0.0.1, port: 4000, tls: false, gmcp: false, msdp: true, wake_every_ms: 500 }
//   credentials:   { name: Bot | name_pattern: "Bot{letters}" | file: bots.txt, password_env: MUD_PW }
//   new_character: { race: human, class: warrior, sex: m, alignment: n, weapon: sword }
//   behaviors:     [survive, { combat: { targets: [monster] } }, heal, loot, explore, idle]
//   throttle:      { min_gap_ms: 0, max_per_second: 20 }
//   reconnect:     { attempts: 5, base_ms: 500 }          (or true / false)
//   logging:       { level: info, progress_interval_s: 5, transcript_bytes: 65536, transcript_dir: logs }
//   swarm:         { bots: 50, stagger_ms: 300, duration_s: 300, workers: 2, shard: 0/4, metrics_port: 9464 }
import { bool, knownKeys, num, obj, oneOf, type Problems, port, str } from '../../config/index.ts';

import { checkRomName } from '../bot/validate-options.ts';
import { swarmBotName } from '../swarm/names.ts';
import { type BehaviorSelection, checkBehaviors } from './behavior-options.ts';
import {
  type BotLogin,
  checkNamePattern,
  type PasswordSource,
  readLoginsFile,
  readPassword,
} from './credentials.ts';

/**
 * A shard of a population split over machines: shard `index` of `count` runs the bots whose index
 * % count === index. Counted from 0, as Kubernetes' JOB_COMPLETION_INDEX (`--shard $JOB_COMPLETION_INDEX/4`).
 */
export interface Shard {
  index: number;
  count: number;
}

/** Log levels: quiet (summary only), info (progress lines), debug (the bot's transcript live). */
export const LOG_LEVELS = ['quiet', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A checked config (JSON-serialisable: no password in it; `MudConfigLogins` holds those). */
export interface MudConfig {
  connection: {
    host: string;
    port: number;
    tls: boolean;
    connectTimeoutMs?: number;
    wakeEveryMs?: number;
    idlePromptMs?: number;
    msdp?: boolean;
    gmcp?: boolean;
    mccp?: boolean;
  };
  credentials: {
    /** One name, a pattern with {letters}, or a name:password file. */
    source: { name: string } | { pattern: string } | { file: string };
    /** Password of `name` / `pattern` bots (absent with a logins file). */
    password?: PasswordSource;
    create: boolean;
    takeOver?: boolean;
  };
  newCharacter: { race?: string; cls?: string; sex?: string; alignment?: string; weapon?: string };
  behaviors: BehaviorSelection;
  throttle: {
    minGapMs?: number;
    maxPerSecond?: number;
    lagBackoffMs?: number;
    maxBackoffMs?: number;
    lagRetries?: number;
    commandTimeoutMs?: number;
  };
  reconnect: boolean | { attempts?: number; baseMs?: number; maxMs?: number; jitter?: number };
  logging: {
    level: LogLevel;
    progressIntervalS: number;
    transcriptBytes?: number;
    latencySeries?: number;
    /** Directory for masked transcripts of failing bots, or undefined. */
    transcriptDir?: string;
  };
  swarm: {
    bots: number;
    staggerMs: number;
    durationS: number;
    workers: number;
    shard: Shard | null;
    /** Prometheus /metrics port (0 = any free one), or null for none. */
    metricsPort: number | null;
    metricsHost: string;
    /** Connections still waiting for a greeting at once (Mud98 greets about 4/s from a backlog of 3). */
    maxPendingGreetings?: number;
  };
  /** Run seed (bots' random choices), or null for a fresh one. */
  seed: number | null;
  /** Login / wait timeout of each bot, ms. */
  timeoutMs?: number;
  /** Longest wait of a closing bot for the server's goodbye after `quit`, ms. */
  quitTimeoutMs?: number;
}

/** Logins resolved from the credentials (passwords in memory only). */
export type MudConfigLogins = (index: number) => BotLogin;

export const MUD_CONFIG_DEFAULTS = {
  staggerMs: 300,
  durationS: 60,
  workers: 1,
  progressIntervalS: 5,
  metricsHost: '127.0.0.1',
} as const;

const TOP = [
  'connection',
  'credentials',
  'new_character',
  'behaviors',
  'throttle',
  'reconnect',
  'logging',
  'swarm',
  'seed',
  'timeout_ms',
  'quit_timeout_ms',
];
const CONNECTION = [
  'host',
  'port',
  'tls',
  'connect_timeout_ms',
  'wake_every_ms',
  'idle_prompt_ms',
  'msdp',
  'gmcp',
  'mccp',
];
// 'password' is known so that it gets its own message below, not "unknown key".
const CREDENTIALS = [
  'name',
  'name_pattern',
  'file',
  'password_env',
  'password_file',
  'create',
  'take_over',
  'password',
];
const NEW_CHARACTER = ['race', 'class', 'sex', 'alignment', 'weapon'];
const THROTTLE = [
  'min_gap_ms',
  'max_per_second',
  'lag_backoff_ms',
  'max_backoff_ms',
  'lag_retries',
  'command_timeout_ms',
];
const RECONNECT = ['attempts', 'base_ms', 'max_ms', 'jitter'];
const LOGGING = ['level', 'progress_interval_s', 'transcript_bytes', 'latency_series', 'transcript_dir'];
const SWARM = [
  'bots',
  'stagger_ms',
  'duration_s',
  'workers',
  'shard',
  'metrics_port',
  'metrics_host',
  'max_pending_greetings',
];
const HOUR_MS = 3_600_000;
const MS = (max = HOUR_MS) => ({ optional: true, min: 0, max, unit: 'ms' });

/** `k/n` with 0 <= k < n (shards count from 0, like JOB_COMPLETION_INDEX). */
export function parseShard(raw: unknown, at: string, p: Problems): Shard | null | undefined {
  if (raw === undefined || raw === null) return null;
  const m = typeof raw === 'string' ? /^(\d+)\/(\d+)$/.exec(raw.trim()) : null;
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index >= count) {
    const last = m && count >= 1 ? ` (the last of ${count} is ${count - 1}/${count})` : '';
    p.add(
      at,
      `expected k/n with 0 <= k < n: shards count from 0, as JOB_COMPLETION_INDEX${last}; got ${JSON.stringify(raw)}`,
    );
    return undefined;
  }
  return { index, count };
}

/** A section that may be absent: its object (or {}), with unknown keys reported. */
function section(
  o: Record<string, unknown>,
  key: string,
  keys: readonly string[],
  p: Problems,
): Record<string, unknown> {
  if (o[key] === undefined || o[key] === null) return {};
  const s = obj(o[key], key, p);
  if (!s) return {};
  knownKeys(s, keys, key, p);
  return s;
}

/** Drop undefined fields (so spreads keep defaults). */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Check a config (plain data from YAML, with flag overrides already applied). Paths in problems are
 * the YAML keys (`swarm.bots`). Relative file paths resolve against `baseDir`. Returns the config and
 * its logins when nothing is wrong.
 */
export function checkMudConfig(
  raw: unknown,
  p: Problems,
  ctx: { baseDir: string; env: NodeJS.ProcessEnv },
): { config: MudConfig; logins: MudConfigLogins } | undefined {
  const before = p.size;
  const o = raw === null || raw === undefined ? {} : obj(raw, '', p);
  if (!o) return undefined;
  knownKeys(o, TOP, '', p);
  const resolve = (f: string) => (f.startsWith('/') ? f : `${ctx.baseDir}/${f}`);

  const c = section(o, 'connection', CONNECTION, p);
  const host = str(c.host, 'connection.host', p, { nonEmpty: true });
  const mudPort = port(c.port, 'connection.port', p);
  const connection = defined({
    host: host ?? '',
    port: mudPort ?? 0,
    tls: bool(c.tls, 'connection.tls', p) ?? false,
    connectTimeoutMs: num(c.connect_timeout_ms, 'connection.connect_timeout_ms', p, MS()),
    wakeEveryMs: num(c.wake_every_ms, 'connection.wake_every_ms', p, MS(60_000)),
    idlePromptMs: num(c.idle_prompt_ms, 'connection.idle_prompt_ms', p, MS(60_000)),
    msdp: bool(c.msdp, 'connection.msdp', p),
    gmcp: bool(c.gmcp, 'connection.gmcp', p),
    mccp: bool(c.mccp, 'connection.mccp', p),
  });

  const s = section(o, 'swarm', SWARM, p);
  const bots = num(s.bots, 'swarm.bots', p, { optional: true, integer: true, min: 1, max: 100_000 }) ?? 1;
  const shard = parseShard(s.shard, 'swarm.shard', p);
  const metricsPort =
    s.metrics_port === null
      ? null
      : port(s.metrics_port, 'swarm.metrics_port', p, {
          optional: true,
          allowAny: true,
        });
  const swarm = defined({
    bots,
    staggerMs: num(s.stagger_ms, 'swarm.stagger_ms', p, MS(60_000)) ?? MUD_CONFIG_DEFAULTS.staggerMs,
    durationS:
      num(s.duration_s, 'swarm.duration_s', p, { optional: true, min: 1, max: 7 * 86_400, unit: 's' }) ??
      MUD_CONFIG_DEFAULTS.durationS,
    workers:
      num(s.workers, 'swarm.workers', p, { optional: true, integer: true, min: 1, max: 256 }) ??
      MUD_CONFIG_DEFAULTS.workers,
    shard: shard ?? null,
    metricsPort: metricsPort ?? null,
    metricsHost:
      str(s.metrics_host, 'swarm.metrics_host', p, { optional: true, nonEmpty: true }) ??
      MUD_CONFIG_DEFAULTS.metricsHost,
    maxPendingGreetings: num(s.max_pending_greetings, 'swarm.max_pending_greetings', p, {
      optional: true,
      integer: true,
      min: 1,
      max: 100_000,
    }),
  });
  if (shard && shard.count > bots)
    p.add('swarm.shard', `${shard.count} shards of ${bots} bots would leave shards empty`);

  const cr = section(o, 'credentials', CREDENTIALS, p);
  const inlinePassword = cr.password !== undefined;
  if (inlinePassword)
    p.add(
      'credentials.password',
      'passwords are never read from a config file (it gets committed, copied and logged): use password_env: VAR or password_file: path (mode 600)',
    );
  const given = (['name', 'name_pattern', 'file'] as const).filter((k) => cr[k] !== undefined);
  let source: MudConfig['credentials']['source'] | undefined;
  let logins: MudConfigLogins | undefined;
  if (given.length !== 1) {
    p.add(
      'credentials',
      given.length === 0
        ? 'say who logs in: name (one bot), name_pattern with {letters} (a swarm) or file (name:password lines)'
        : `give one of name, name_pattern, file (got ${given.join(', ')})`,
    );
  } else if (given[0] === 'name') {
    const before2 = p.size;
    checkRomName(cr.name, 'credentials.name', p);
    if (p.size === before2) source = { name: cr.name as string };
    if (bots > 1)
      p.add('credentials.name', `one name for ${bots} bots: use name_pattern: "${String(cr.name)}{letters}"`);
  } else if (given[0] === 'name_pattern') {
    const pat = str(cr.name_pattern, 'credentials.name_pattern', p, { nonEmpty: true });
    if (pat && checkNamePattern(pat, bots, 'credentials.name_pattern', p)) source = { pattern: pat };
  } else {
    const f = str(cr.file, 'credentials.file', p, { nonEmpty: true });
    if (f) {
      source = { file: resolve(f) };
      const list = readLoginsFile(resolve(f), 'credentials.file', p);
      if (list.length > 0 && list.length < bots)
        p.add('credentials.file', `lists ${list.length} logins for ${bots} bots`);
      logins = (i) => list[i]!;
    }
  }
  const pwKeys = (['password_env', 'password_file'] as const).filter((k) => cr[k] !== undefined);
  let password: PasswordSource | undefined;
  if (given[0] === 'file' && pwKeys.length > 0)
    p.add(`credentials.${pwKeys[0]}`, 'a credentials file carries its own passwords (name:password lines)');
  else if (given.length === 1 && given[0] !== 'file' && !(inlinePassword && pwKeys.length === 0)) {
    if (pwKeys.length !== 1)
      p.add(
        'credentials',
        pwKeys.length === 0
          ? 'say where the password is: password_env: VAR (an environment variable) or password_file: path (mode 600)'
          : 'give one of password_env, password_file',
      );
    else if (pwKeys[0] === 'password_env') {
      const v = str(cr.password_env, 'credentials.password_env', p, {
        pattern: /^[A-Za-z_][A-Za-z0-9_]*$/,
        patternHint: 'the name of an environment variable (MUD_PW), not the password',
      });
      if (v) password = { env: v };
    } else {
      const f = str(cr.password_file, 'credentials.password_file', p, { nonEmpty: true });
      if (f) password = { file: resolve(f) };
    }
  }
  if (password && source && !('file' in source)) {
    const pw = readPassword(password, `credentials.${pwKeys[0]}`, p, ctx.env);
    const src = source;
    if (pw !== undefined)
      logins = (i) => ({ name: 'name' in src ? src.name : swarmBotName(src.pattern, i), password: pw });
  }
  const credentials = defined({
    source: source ?? { name: '' },
    password,
    create: bool(cr.create, 'credentials.create', p) ?? true,
    takeOver: bool(cr.take_over, 'credentials.take_over', p),
  });

  const nc = section(o, 'new_character', NEW_CHARACTER, p);
  const letters = (k: string) =>
    str(nc[k], `new_character.${k}`, p, {
      optional: true,
      pattern: /^[A-Za-z][A-Za-z -]*$/,
      patternHint: 'a name the server offers (letters)',
    });
  const newCharacter = defined({
    race: letters('race'),
    cls: letters('class'),
    sex: str(nc.sex, 'new_character.sex', p, {
      optional: true,
      pattern: /^[mfne]/i,
      patternHint: "ROM asks M/F (or N/E): use 'm' or 'f'",
    }),
    alignment: str(nc.alignment, 'new_character.alignment', p, {
      optional: true,
      pattern: /^[gne]/i,
      patternHint: "use 'g' (good), 'n' (neutral) or 'e' (evil)",
    }),
    weapon: letters('weapon'),
  });

  const behaviors = checkBehaviors(o.behaviors, p);

  const t = section(o, 'throttle', THROTTLE, p);
  const throttle = defined({
    minGapMs: num(t.min_gap_ms, 'throttle.min_gap_ms', p, MS()),
    maxPerSecond: num(t.max_per_second, 'throttle.max_per_second', p, {
      optional: true,
      min: 0,
      max: 10_000,
      unit: 'commands/s (0 = no cap)',
    }),
    lagBackoffMs: num(t.lag_backoff_ms, 'throttle.lag_backoff_ms', p, MS()),
    maxBackoffMs: num(t.max_backoff_ms, 'throttle.max_backoff_ms', p, MS()),
    lagRetries: num(t.lag_retries, 'throttle.lag_retries', p, {
      optional: true,
      integer: true,
      min: 0,
      max: 100,
    }),
    commandTimeoutMs: num(t.command_timeout_ms, 'throttle.command_timeout_ms', p, MS()),
  });

  let reconnect: MudConfig['reconnect'] = false;
  if (typeof o.reconnect === 'boolean') reconnect = o.reconnect;
  else if (o.reconnect !== undefined && o.reconnect !== null) {
    const r = section(o, 'reconnect', RECONNECT, p);
    reconnect = defined({
      attempts: num(r.attempts, 'reconnect.attempts', p, {
        optional: true,
        integer: true,
        min: 1,
        max: 1000,
      }),
      baseMs: num(r.base_ms, 'reconnect.base_ms', p, MS()),
      maxMs: num(r.max_ms, 'reconnect.max_ms', p, MS()),
      jitter: num(r.jitter, 'reconnect.jitter', p, { optional: true, min: 0, max: 1 }),
    });
  }

  const l = section(o, 'logging', LOGGING, p);
  const dir = str(l.transcript_dir, 'logging.transcript_dir', p, { optional: true, nonEmpty: true });
  const logging = defined({
    level: oneOf(l.level, 'logging.level', LOG_LEVELS, p) ?? 'info',
    progressIntervalS:
      num(l.progress_interval_s, 'logging.progress_interval_s', p, { optional: true, min: 0.5, max: 3600 }) ??
      MUD_CONFIG_DEFAULTS.progressIntervalS,
    transcriptBytes: num(l.transcript_bytes, 'logging.transcript_bytes', p, {
      optional: true,
      integer: true,
      min: 0,
      max: 16 * 1024 * 1024,
      unit: 'bytes',
    }),
    latencySeries: num(l.latency_series, 'logging.latency_series', p, {
      optional: true,
      integer: true,
      min: 0,
      max: 100_000,
    }),
    transcriptDir: dir ? resolve(dir) : undefined,
  });

  const seed = num(o.seed, 'seed', p, { optional: true, integer: true, min: 0, max: 0xffffffff }) ?? null;
  const timeoutMs = num(o.timeout_ms, 'timeout_ms', p, { optional: true, min: 1, max: HOUR_MS, unit: 'ms' });
  const quitTimeoutMs = num(o.quit_timeout_ms, 'quit_timeout_ms', p, {
    optional: true,
    min: 0,
    max: 600_000,
    unit: 'ms',
  });

  if (p.size > before || !logins) return undefined;
  return {
    config: defined({
      connection,
      credentials,
      newCharacter,
      behaviors,
      throttle,
      reconnect,
      logging,
      swarm,
      seed,
      timeoutMs,
      quitTimeoutMs,
    }) as MudConfig,
    logins,
  };
}
