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
  str,
} from '../../config/index.ts';

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
  // MudBotOptions
  'label',
  'timeoutMs',
  'clock',
  // fixture
  'direct',
  'tls',
];

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
  if (
    o.clock !== undefined &&
    (typeof o.clock !== 'object' ||
      o.clock === null ||
      typeof (o.clock as { now?: unknown }).now !== 'function')
  )
    p.add('clock', 'expected a Clock (an object with now())');
  bool(o.direct, 'direct', p);
  if (bool(o.tls, 'tls', p) === true && ctx.tlsPort === undefined)
    p.add(
      'tls',
      'the MUD has no TLS port: start the fixture MUD with options.tlsPort (0 = any free port), or give a command/address target its tlsPort',
    );
  return [...p.items];
}
