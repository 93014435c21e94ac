// Validation of `mudBot({...})` options before any socket opens: every problem at once, with paths
// and hints (ERR_CONFIG_INVALID through src/config). The character rules are ROM 2.4's (Mud98 keeps
// them): names are 2-12 letters, passwords at least 5 characters.
import {
  bool,
  type ConfigProblem,
  knownKeys,
  num,
  obj,
  type ProblemSink,
  Problems,
  report,
  show,
  str,
  stringArray,
} from '../../config/index.ts';
import { DEFAULT_TUNING } from './behavior.ts';

/** Option keys `mudBot()` accepts: MudBotOptions (with Credentials) plus the fixture's own. */
export const MUD_BOT_OPTION_KEYS: readonly string[] = [
  // Credentials
  'name',
  'password',
  'create',
  'race',
  'sex',
  'cls',
  'alignment',
  'weapon',
  'takeOver',
  // MudBotOptions
  'label',
  'timeoutMs',
  'quitTimeoutMs',
  'clock',
  'seed',
  'patterns',
  'extraPatterns',
  'dialogue',
  'behaviors',
  'tuning',
  'queue',
  'liveness',
  'reconnect',
  'transcriptBytes',
  'latencySeries',
  'onAnswered',
  'onReconnect',
  'secrets',
  // fixture / BotFactory
  'direct',
  'tls',
  'connection',
];

const TUNING_PERCENTS = [
  'fleeBelowPercent',
  'recallBelowPercent',
  'restBelowPercent',
  'restUntilPercent',
  'engageAbovePercent',
] as const;
const QUEUE_KEYS = [
  'minGapMs',
  'maxPerSecond',
  'lagBackoffMs',
  'maxBackoffMs',
  'lagRetries',
  'timeoutMs',
  'maxQueued',
];
const LIVENESS_KEYS = ['probeAfterMs', 'silentMs', 'maxSilenceMs'];
const RECONNECT_KEYS = ['attempts', 'baseMs', 'maxMs', 'jitter'];
const CONNECTION_KEYS = [
  'connectTimeoutMs',
  'session',
  'maxJournal',
  'maxJournalBytes',
  'wakeEveryMs',
  'idlePromptMs',
  'signal',
];
const HOUR_MS = 3_600_000;

/** Arrays of table entries ({ name, pattern: RegExp }) for patterns, extraPatterns and dialogue. */
function patternList(raw: unknown, path: string, p: Problems): void {
  if (raw === undefined) return;
  if (!Array.isArray(raw)) {
    p.add(path, 'expected an array of { name, pattern: RegExp, ... }');
    return;
  }
  raw.forEach((e, i) => {
    const o = obj(e, `${path}[${i}]`, p);
    if (!o) return;
    str(o.name, `${path}[${i}].name`, p, { nonEmpty: true });
    if (!(o.pattern instanceof RegExp)) p.add(`${path}[${i}].pattern`, 'expected a RegExp');
  });
}

/** Behaviours: { name, priority, canStart(state), run(ctx) }. */
function behaviorList(raw: unknown, p: Problems): void {
  if (raw === undefined) return;
  if (!Array.isArray(raw)) {
    p.add('behaviors', 'expected an array of behaviours (e.g. [...defaultBehaviors(), mine])');
    return;
  }
  const names = new Set<string>();
  raw.forEach((b, i) => {
    const o = obj(b, `behaviors[${i}]`, p);
    if (!o) return;
    const name = str(o.name, `behaviors[${i}].name`, p, { nonEmpty: true });
    if (name && names.has(name)) p.add(`behaviors[${i}].name`, `'${name}' is listed twice`);
    if (name) names.add(name);
    num(o.priority, `behaviors[${i}].priority`, p);
    for (const fn of ['canStart', 'run'])
      if (typeof o[fn] !== 'function') p.add(`behaviors[${i}].${fn}`, 'expected a function');
  });
}

/** Numbers of a sub-object, all >= 0 within `max`. */
function numbers(raw: unknown, path: string, keys: readonly string[], p: Problems, max: number): void {
  if (raw === undefined) return;
  const o = obj(raw, path, p);
  if (!o) return;
  knownKeys(o, keys, path, p);
  for (const k of keys)
    if (k !== 'session' && k !== 'signal') num(o[k], `${path}.${k}`, p, { optional: true, min: 0, max });
}

function checkBotOptions(o: Record<string, unknown>, p: Problems): void {
  num(o.seed, 'seed', p, { optional: true, integer: true });
  patternList(o.patterns, 'patterns', p);
  patternList(o.extraPatterns, 'extraPatterns', p);
  patternList(o.dialogue, 'dialogue', p);
  behaviorList(o.behaviors, p);
  if (o.tuning !== undefined) {
    const t = obj(o.tuning, 'tuning', p);
    if (t) {
      knownKeys(t, Object.keys(DEFAULT_TUNING), 'tuning', p);
      for (const k of TUNING_PERCENTS)
        num(t[k], `tuning.${k}`, p, { optional: true, min: 0, max: 100, unit: '%' });
      for (const k of ['respawnCheckMs', 'pollMs', 'scoreEveryMs'])
        num(t[k], `tuning.${k}`, p, { optional: true, min: 1, max: HOUR_MS, unit: 'ms' });
      num(t.maxLevelAbove, 'tuning.maxLevelAbove', p, { optional: true, integer: true });
      for (const k of ['targets', 'avoid', 'trainerKeywords', 'practiceKeywords', 'shopKeywords', 'buy'])
        if (t[k] !== undefined) stringArray(t[k], `tuning.${k}`, p);
      if (t.roamVnums !== undefined && t.roamVnums !== null && t.roamVnums !== 'start-area') {
        const r = t.roamVnums;
        if (!Array.isArray(r) || r.length !== 2 || r.some((v) => !Number.isInteger(v)) || r[0] > r[1])
          p.add('tuning.roamVnums', "expected [lowVnum, highVnum], 'start-area' or null");
      }
    }
  }
  numbers(o.queue, 'queue', QUEUE_KEYS, p, HOUR_MS);
  if (o.liveness !== false) numbers(o.liveness, 'liveness', LIVENESS_KEYS, p, HOUR_MS);
  if (typeof o.reconnect !== 'boolean' && o.reconnect !== undefined) {
    numbers(o.reconnect, 'reconnect', RECONNECT_KEYS, p, HOUR_MS);
    const j = (o.reconnect as { jitter?: unknown } | null)?.jitter;
    if (typeof j === 'number' && j > 1) p.add('reconnect.jitter', `must be a fraction 0..1, got ${j}`);
  }
  num(o.latencySeries, 'latencySeries', p, { optional: true, integer: true, min: 0, max: 100_000 });
  num(o.transcriptBytes, 'transcriptBytes', p, {
    optional: true,
    min: 0,
    max: 16 * 1024 * 1024,
    unit: 'bytes',
  });
  if (o.secrets !== undefined) stringArray(o.secrets, 'secrets', p);
  if (o.onAnswered !== undefined && typeof o.onAnswered !== 'function')
    p.add('onAnswered', `expected a function (latencyMs) => void, got ${show(o.onAnswered)}`);
  if (o.onReconnect !== undefined && typeof o.onReconnect !== 'function')
    p.add('onReconnect', `expected a function (attempt) => void, got ${show(o.onReconnect)}`);
  bool(o.takeOver, 'takeOver', p);
  numbers(o.connection, 'connection', CONNECTION_KEYS, p, HOUR_MS);
  const session = (o.connection as { session?: unknown } | undefined)?.session;
  if (session !== undefined) obj(session, 'connection.session', p);
}

/** ROM's check_parse_name: 2-12 letters (the server answers "Illegal name, try another."). */
export function checkRomName(raw: unknown, path: string, problems: ProblemSink, optional = false): void {
  str(raw, path, problems, {
    optional,
    pattern: /^[A-Za-z]{2,12}$/,
    patternHint: 'ROM names are 2-12 letters, no digits, spaces or punctuation',
  });
}

/** ROM's new-password rule: at least 5 characters ("Password must be at least five characters long."). */
export function checkRomPassword(raw: unknown, path: string, problems: ProblemSink, optional = false): void {
  if (raw === undefined && optional) return;
  if (typeof raw !== 'string') {
    report(problems, path, `expected a string, got ${raw === null ? 'null' : typeof raw}`);
    return;
  }
  if (raw.length < 5)
    report(
      problems,
      path,
      `must be at least 5 characters (ROM refuses shorter ones), got ${raw.length === 0 ? 'an empty string' : `${raw.length}`}`,
    );
}

/** What the validator knows about the server the bot will reach. */
export interface MudBotValidationContext {
  /** The server's TLS port, when it has one. */
  tlsPort?: number;
}

/** Problems of `mudBot(opts)`; [] when all is well. Values are never echoed for `password`. */
export function validateMudBotOptions(raw: unknown, ctx: MudBotValidationContext = {}): ConfigProblem[] {
  const p = new Problems();
  if (raw === undefined) return [];
  const o = obj(raw, '', p);
  if (!o) return [...p.items];
  knownKeys(o, MUD_BOT_OPTION_KEYS, '', p);
  checkRomName(o.name, 'name', p, true);
  checkRomPassword(o.password, 'password', p, true);
  bool(o.create, 'create', p);
  for (const k of ['race', 'cls', 'weapon'] as const) str(o[k], k, p, { optional: true, nonEmpty: true });
  str(o.sex, 'sex', p, {
    optional: true,
    pattern: /^[mfne]/i,
    patternHint: "ROM asks M/F (or N/E): use 'm' or 'f'",
  });
  str(o.alignment, 'alignment', p, {
    optional: true,
    pattern: /^[gne]/i,
    patternHint: "use 'g', 'n' or 'e'",
  });
  str(o.label, 'label', p, { optional: true, nonEmpty: true, maxLength: 200 });
  num(o.timeoutMs, 'timeoutMs', p, { optional: true, min: 1, max: 3_600_000, unit: 'ms' });
  num(o.quitTimeoutMs, 'quitTimeoutMs', p, { optional: true, min: 0, max: 600_000, unit: 'ms' });
  if (
    o.clock !== undefined &&
    (typeof o.clock !== 'object' ||
      o.clock === null ||
      typeof (o.clock as { now?: unknown }).now !== 'function')
  )
    p.add('clock', 'expected a Clock (an object with now())');
  checkBotOptions(o, p);
  bool(o.direct, 'direct', p);
  if (bool(o.tls, 'tls', p) === true && ctx.tlsPort === undefined)
    p.add(
      'tls',
      'the MUD has no TLS port: start the fixture MUD with options.tlsPort (0 = any free port), or give a command/address target its tlsPort',
    );
  return [...p.items];
}
