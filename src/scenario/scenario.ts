// A spec-less scenario: settings gathered from flags and a YAML file (each value remembering where it
// came from), checked in one pass with every problem reported at once, then expanded into entries
// (one per --matrix profile). The generated scenario test runs each entry through the fixtures.
//
//   argv ──┐                        ┌─ problems[] ─▶ ERR_CONFIG_INVALID (all at once, file:line)
//          ├─ RawValues ─ resolve ──┤
//   YAML ──┘  (flags win)           └─ Scenario { entries[] } ─▶ generated *.scenario.spec.ts

import path from 'node:path';
import { didYouMean } from '../config/closest.ts';
import { bool, num, oneOf, str, stringArray } from '../config/index.ts';
import type { LinkConfigPatch } from '../impair/types.ts';
import { checkSwarmConfig } from './mud-scenario-config.ts';
import { optionByFlag, SCENARIO_OPTIONS, type ScenarioOption } from './options.ts';

/** A setting as given: its value (flag text, or a YAML scalar) and where it was given. */
export interface RawValue {
  value: unknown;
  /** `--clients`, or `scenario.yaml:3:10`. */
  where: string;
}

/** Flag name (no dashes) -> value as given. */
export type RawValues = Map<string, RawValue>;

export interface ScenarioThresholds {
  maxP99Ms?: number;
  minRateHz?: number;
  maxUnderrunsPerMin?: number;
  maxKillFailures?: number;
}

/** One run of the scenario: the network it runs through. */
export interface ScenarioEntry {
  /** Unique, file-name safe: the profile, or `custom`. */
  name: string;
  /** Profile applied to every link first, or null. */
  profile: string | null;
  /** Link settings applied on top of the profile (from --lag/--jitter/--loss/--bw-kbps), or null. */
  link: LinkConfigPatch | null;
}

/** A checked scenario, JSON-serialisable (the generated test reads it back). */
export interface Scenario {
  kind: 'game' | 'mud';
  clients: number;
  behavior: string;
  durationS: number;
  staggerMs: number;
  /** Run seed, or null for a fresh one. */
  seed: number | null;
  entries: ScenarioEntry[];
  thresholds: ScenarioThresholds;
  /** MUD: bots and the swarm config file (absolute). */
  bots: number | null;
  swarmConfig: string | null;
  /** MUD: the MUD the bots play on: the config's `connection`, or the fixture MUD when it has none. */
  mudTarget: 'config' | 'fixture' | null;
  /** Absolute report directory. */
  outputDir: string;
  /** Absolute path for the results JSON, or null. */
  jsonOut: string | null;
  progressIntervalS: number;
  /** Where each setting came from, for the report and the run header. */
  sources: Record<string, string>;
}

export const SCENARIO_DEFAULTS = {
  clients: 4,
  behavior: 'random_walk',
  durationS: 30,
  staggerMs: 50,
  progressIntervalS: 5,
} as const;

/**
 * Convert one raw value (flag text or a YAML scalar) and check it with the shared option checks
 * (src/config), its location as the path: problems read `--clients: must be >= 1, got 0` or
 * `scenario.yaml:3:10: ...`. Returns the value or undefined.
 */
function convert(opt: ScenarioOption, raw: RawValue, problems: string[]): unknown {
  // `--clients`, or `scenario.yaml:3:10 network.loss` (file position and the key).
  const at = raw.where.startsWith('--') || !opt.yaml ? raw.where : `${raw.where} ${opt.yaml.join('.')}`;
  const v = raw.value;
  switch (opt.kind) {
    case 'boolean':
      return bool(v === 'true' ? true : v === 'false' ? false : v, at, problems, false);
    case 'string': {
      if (v === true && opt.valueOptional) return true;
      const allowed = opt.oneOf?.();
      return allowed ? oneOf(v, at, allowed, problems, false) : str(v, at, problems, { nonEmpty: true });
    }
    case 'list': {
      const items = typeof v === 'string' ? v.split(',').map((x) => x.trim()) : v;
      const list = stringArray(items, at, problems, false);
      if (!list) return undefined;
      if (list.length === 0) return void problems.push(`${at}: must list at least one name`);
      const allowed = opt.oneOf?.();
      const ok = allowed
        ? list.every((x, k) => oneOf(x, `${at}[${k}]`, allowed, problems, false) !== undefined)
        : true;
      const dupes = list.filter((x, k) => list.indexOf(x) !== k);
      if (dupes.length) problems.push(`${at}: ${dupes.join(', ')} listed twice`);
      return ok && dupes.length === 0 ? list : undefined;
    }
    default: {
      // Flags arrive as text: a numeric string is a number, anything else is reported as given.
      const n = typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
      return num(n, at, problems, { min: opt.min, max: opt.max, integer: opt.kind === 'int' });
    }
  }
}

/**
 * Check every setting and build the scenario. `flags` win over `file`. Paths resolve against `cwd`.
 * Returns every problem found, or the scenario.
 */
export function resolveScenario(
  flags: RawValues,
  file: RawValues,
  opts: { cwd: string; env?: NodeJS.ProcessEnv },
): { scenario: Scenario } | { problems: string[] } {
  const problems: string[] = [];
  const env = opts.env ?? process.env;
  const merged: RawValues = new Map([...file, ...flags]);
  const values = new Map<string, unknown>();
  const sources: Record<string, string> = {};
  for (const [flag, raw] of merged) {
    const opt = optionByFlag(flag);
    if (!opt) {
      problems.push(
        `${raw.where}: unknown setting '${flag}'${didYouMean(
          flag,
          SCENARIO_OPTIONS.map((o) => o.flag),
        )}`,
      );
      continue;
    }
    const v = convert(opt, raw, problems);
    if (v !== undefined) {
      values.set(flag, v);
      sources[flag] = raw.where;
    }
  }
  const get = <T>(flag: string): T | undefined => values.get(flag) as T | undefined;
  const where = (flag: string) => merged.get(flag)?.where ?? `--${flag}`;

  const mud = get<boolean>('mud') === true;
  const gameOnly = ['clients', 'behavior', 'stagger', 'min-rate-hz', 'max-underruns-per-min'];
  let mudTarget: Scenario['mudTarget'] = null;
  if (mud) {
    for (const f of gameOnly.filter((f) => values.has(f)))
      problems.push(`${where(f)}: --${f} is for game scenarios; a --mud scenario runs bots (--bots)`);
    if (!values.has('bots') && !merged.has('bots'))
      problems.push('--mud needs --bots N (how many bots to run)');
    const cfg = get<string>('config');
    if (!cfg)
      problems.push(
        '--mud needs --config swarm.yaml (the bots: credentials, behaviours...; see examples/mud/)',
      );
    else
      mudTarget = checkSwarmConfig(path.resolve(opts.cwd, cfg), {
        bots: get<number>('bots'),
        durationS: get<number>('duration'),
        seed: get<number>('seed'),
        cwd: opts.cwd,
        env,
        problems,
      });
  } else {
    for (const f of ['bots', 'max-kill-failures'].filter((f) => values.has(f)))
      problems.push(
        `${where(f)}: --${f} is for MUD scenarios (fights the bots start and do not win); add --mud or drop it`,
      );
  }
  const profile = get<string>('profile');
  const matrix = get<string[]>('matrix');
  if (profile && matrix)
    problems.push(`${where('matrix')}: --matrix runs one scenario per profile; drop --profile ${profile}`);
  if (values.has('jitter') && !values.has('lag'))
    problems.push(`${where('jitter')}: --jitter varies --lag; give --lag too (--lag 0 for jitter alone)`);

  const link: Record<string, unknown> = {};
  const lag = get<number>('lag');
  const jitter = get<number>('jitter');
  if (lag !== undefined) link.latency = jitter ? { latencyMs: lag, jitterMs: jitter } : lag;
  if (get<number>('loss') !== undefined) link.loss = get<number>('loss');
  if (get<number>('bw-kbps') !== undefined) link.bandwidth = get<number>('bw-kbps');
  const linkPatch = Object.keys(link).length > 0 ? (link as LinkConfigPatch) : null;
  const entries: ScenarioEntry[] = (matrix ?? [profile ?? null]).map((p) => ({
    name: p ?? (linkPatch ? 'custom' : 'perfect'),
    profile: p,
    link: linkPatch,
  }));

  if (problems.length > 0) return { problems };
  const outputDir = path.resolve(
    opts.cwd,
    get<string>('output-dir') ?? (env.NETWRIGHT_OUTPUT_DIR || 'netwright-report'),
  );
  const jsonOut = values.get('json-out');
  const thresholds: ScenarioThresholds = {};
  const t = (key: keyof ScenarioThresholds, flag: string) => {
    const v = get<number>(flag);
    if (v !== undefined) thresholds[key] = v;
  };
  t('maxP99Ms', 'max-p99-ms');
  t('minRateHz', 'min-rate-hz');
  t('maxUnderrunsPerMin', 'max-underruns-per-min');
  t('maxKillFailures', 'max-kill-failures');
  const swarm = mud ? get<string>('config') : undefined;
  return {
    scenario: {
      kind: mud ? 'mud' : 'game',
      clients: get<number>('clients') ?? SCENARIO_DEFAULTS.clients,
      behavior: get<string>('behavior') ?? SCENARIO_DEFAULTS.behavior,
      durationS: get<number>('duration') ?? SCENARIO_DEFAULTS.durationS,
      staggerMs: get<number>('stagger') ?? SCENARIO_DEFAULTS.staggerMs,
      seed: get<number>('seed') ?? null,
      entries,
      thresholds,
      bots: get<number>('bots') ?? null,
      swarmConfig: swarm ? path.resolve(opts.cwd, swarm) : null,
      mudTarget,
      outputDir,
      jsonOut:
        jsonOut === undefined
          ? null
          : jsonOut === true
            ? path.join(outputDir, 'scenario-results.json')
            : path.resolve(opts.cwd, String(jsonOut)),
      progressIntervalS: get<number>('progress-interval') ?? SCENARIO_DEFAULTS.progressIntervalS,
      sources,
    },
  };
}

/** One line describing the scenario: `4 clients random_walk for 30 s over wifi_good, wifi_bad`. */
export function describeScenario(s: Scenario): string {
  const nets = s.entries.map((e) => e.name).join(', ');
  const who = s.kind === 'mud' ? `${s.bots} MUD bots` : `${s.clients} clients ${s.behavior}`;
  return `${who} for ${s.durationS} s over ${nets}`;
}
