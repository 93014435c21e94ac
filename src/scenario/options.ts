// Every scenario setting in one table: its command-line flag, its key in a scenario YAML file, how its
// value is read and checked, and its line of help. The argv parser, the YAML reader, the validator and
// `netwright run --help` all read this table; a new setting is one entry here.

import { GAME_BEHAVIORS } from '../game/process-spec.ts';
import { builtInProfiles } from '../impair/profiles.ts';

const profileNames = (): string[] => builtInProfiles().map((p) => p.name);

/** How a value is read: from a flag's text, or from a YAML scalar/sequence. */
export type ValueKind = 'int' | 'number' | 'string' | 'boolean' | 'list';

export interface ScenarioOption {
  /** Command-line flag without the dashes, kebab-case: `bw-kbps`. */
  flag: string;
  /** Path of the key in a scenario YAML file (`['network', 'bw_kbps']`), or null for flag-only options. */
  yaml: readonly string[] | null;
  kind: ValueKind;
  /** Inclusive bounds for numbers. */
  min?: number;
  max?: number;
  /** A value must be one of these (strings, or each item of a list). */
  oneOf?: () => readonly string[];
  /** A flag that may be given without its value (`--json-out` or `--json-out FILE`). */
  valueOptional?: boolean;
  /** Placeholder shown in help: `N`, `MS`. */
  arg?: string;
  help: string;
  group: 'scenario' | 'network' | 'thresholds' | 'mud' | 'output';
}

/** Largest seed (seeds are unsigned 32-bit). */
export const MAX_SEED = 0xffffffff;

export const SCENARIO_OPTIONS: readonly ScenarioOption[] = [
  // scenario
  {
    flag: 'clients',
    yaml: ['clients'],
    kind: 'int',
    min: 1,
    max: 64,
    arg: 'N',
    help: 'game clients, each through its own network link (default 4)',
    group: 'scenario',
  },
  {
    flag: 'behavior',
    yaml: ['behavior'],
    kind: 'string',
    oneOf: () => GAME_BEHAVIORS,
    arg: 'NAME',
    help: 'what every client does: random_walk (default), stress_test, churn, ... (TEST_BEHAVIOR)',
    group: 'scenario',
  },
  {
    flag: 'duration',
    yaml: ['duration'],
    kind: 'number',
    min: 1,
    max: 86_400,
    arg: 'S',
    help: 'seconds measured once every client has its first snapshot (default 30)',
    group: 'scenario',
  },
  {
    flag: 'stagger',
    yaml: ['stagger'],
    kind: 'number',
    min: 0,
    max: 10_000,
    arg: 'MS',
    help: 'delay between client starts (default 50)',
    group: 'scenario',
  },
  {
    flag: 'seed',
    yaml: ['seed'],
    kind: 'int',
    min: 0,
    max: MAX_SEED,
    arg: 'N',
    help: 'run seed (default: fresh, printed and in the report; NETWRIGHT_SEED works too)',
    group: 'scenario',
  },
  // network
  {
    flag: 'profile',
    yaml: ['network', 'profile'],
    kind: 'string',
    oneOf: profileNames,
    arg: 'NAME',
    help: 'network profile of every link: wifi_good, wifi_bad, lte, 3g, lossy_5, ... (default perfect)',
    group: 'network',
  },
  {
    flag: 'matrix',
    yaml: ['matrix'],
    kind: 'list',
    oneOf: profileNames,
    arg: 'A,B,C',
    help: 'one scenario per profile, one report (each its own spec file, so --shard splits them)',
    group: 'network',
  },
  {
    flag: 'lag',
    yaml: ['network', 'lag'],
    kind: 'number',
    min: 0,
    max: 60_000,
    arg: 'MS',
    help: 'one-way latency of each link, both directions (on top of --profile)',
    group: 'network',
  },
  {
    flag: 'jitter',
    yaml: ['network', 'jitter'],
    kind: 'number',
    min: 0,
    max: 60_000,
    arg: 'MS',
    help: 'jitter (normal sd) around --lag',
    group: 'network',
  },
  {
    flag: 'loss',
    yaml: ['network', 'loss'],
    kind: 'number',
    min: 0,
    max: 1,
    arg: 'RATE',
    help: 'packet loss 0..1, both directions',
    group: 'network',
  },
  {
    flag: 'bw-kbps',
    yaml: ['network', 'bw_kbps'],
    kind: 'number',
    min: 1,
    max: 100_000_000,
    arg: 'KBPS',
    help: 'bandwidth of each direction, kbit/s',
    group: 'network',
  },
  // thresholds
  {
    flag: 'max-p99-ms',
    yaml: ['thresholds', 'max_p99_ms'],
    kind: 'number',
    min: 0,
    arg: 'MS',
    help: 'fail when any client’s p99 snapshot delay is above MS (--mud: the command latency p99 over every bot)',
    group: 'thresholds',
  },
  {
    flag: 'min-rate-hz',
    yaml: ['thresholds', 'min_rate_hz'],
    kind: 'number',
    min: 0,
    arg: 'HZ',
    help: 'fail when any client receives fewer snapshots per second over the run',
    group: 'thresholds',
  },
  {
    flag: 'max-underruns-per-min',
    yaml: ['thresholds', 'max_underruns_per_min'],
    kind: 'number',
    min: 0,
    arg: 'N',
    help: 'fail when any client’s jitter buffer runs dry more often',
    group: 'thresholds',
  },
  {
    flag: 'max-kill-failures',
    yaml: ['thresholds', 'max_kill_failures'],
    kind: 'int',
    min: 0,
    arg: 'N',
    help: 'MUD (--mud): fail when more fights than N end without the kill (fled, died, timed out)',
    group: 'thresholds',
  },
  // mud
  {
    flag: 'mud',
    yaml: ['mud'],
    kind: 'boolean',
    help: 'a MUD bot swarm instead of game clients (with --bots and a swarm --config)',
    group: 'mud',
  },
  {
    flag: 'bots',
    yaml: ['bots'],
    kind: 'int',
    min: 1,
    max: 100_000,
    arg: 'N',
    help: 'MUD bots (with --mud)',
    group: 'mud',
  },
  // output
  {
    flag: 'config',
    yaml: null,
    kind: 'string',
    arg: 'FILE',
    help: 'scenario YAML (the keys of these flags, snake_case; flags override it)',
    group: 'output',
  },
  {
    flag: 'json-out',
    yaml: ['json_out'],
    kind: 'string',
    valueOptional: true,
    arg: '[FILE]',
    help: 'also write the scenario results as JSON (default <output-dir>/scenario-results.json)',
    group: 'output',
  },
  {
    flag: 'output-dir',
    yaml: ['output_dir'],
    kind: 'string',
    arg: 'DIR',
    help: 'where the report goes (default netwright-report, or NETWRIGHT_OUTPUT_DIR)',
    group: 'output',
  },
  {
    flag: 'progress-interval',
    yaml: ['progress_interval'],
    kind: 'number',
    min: 0.5,
    max: 3600,
    arg: 'S',
    help: 'seconds between progress lines while a scenario runs (default 5)',
    group: 'output',
  },
];

/** The option of a flag name (no dashes), or undefined. */
export function optionByFlag(flag: string): ScenarioOption | undefined {
  return SCENARIO_OPTIONS.find((o) => o.flag === flag);
}

/** Help text for the scenario options, grouped. */
export function scenarioOptionsHelp(): string {
  const groups: [ScenarioOption['group'], string][] = [
    ['scenario', 'scenario'],
    ['network', 'network (every client’s link)'],
    ['thresholds', 'thresholds (decide the exit code)'],
    ['mud', 'MUD'],
    ['output', 'config and output'],
  ];
  const label = (o: ScenarioOption) => `--${o.flag}${o.arg ? ` ${o.arg}` : ''}`;
  const width = Math.max(...SCENARIO_OPTIONS.map((o) => label(o).length));
  return groups
    .map(([g, title]) => {
      const lines = SCENARIO_OPTIONS.filter((o) => o.group === g).map(
        (o) => `  ${label(o).padEnd(width)}  ${o.help}`,
      );
      return `${title}:\n${lines.join('\n')}`;
    })
    .join('\n');
}
