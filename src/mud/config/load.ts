// Load a MUD bot/swarm config: the YAML file (optional), flag overrides on top (`--bots 200` replaces
// swarm.bots), one check, and ERR_CONFIG_INVALID listing every problem at its file:line or flag.
import path from 'node:path';
import { locateProblems, Problems, parseYaml, readYamlFile, type YamlSource } from '../../config/index.ts';
import { type ConfigProblem, NetwrightConfigError } from '../../errors.ts';
import { checkMudConfig, type MudConfig, type MudConfigLogins } from './mud-config.ts';

/** A value given on the command line for a config path. */
export interface ConfigOverride {
  /** Dotted YAML path: `swarm.bots`. */
  path: string;
  value: unknown;
  /** Where it came from: `--bots`. */
  flag: string;
}

/** What loadMudConfig returns. */
export interface LoadedMudConfig {
  config: MudConfig;
  logins: MudConfigLogins;
  /** The file read, or null when flags alone made the config. */
  file: string | null;
}

const HINT = 'see "MUD bots and swarms" in the README, and examples/mud/';

function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let o = target;
  for (const k of keys.slice(0, -1)) {
    const next = o[k];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) o[k] = {};
    o = o[k] as Record<string, unknown>;
  }
  o[keys.at(-1)!] = value;
}

/** Problems in file order (`f.yaml:3:5 ...` before `f.yaml:12:1 ...`); flags and the rest after. */
function byPosition(list: ConfigProblem[]): ConfigProblem[] {
  const key = (p: ConfigProblem) => {
    const m = /:(\d+):(\d+)(?: |$)/.exec(p.path);
    return m ? Number(m[1]) * 1e4 + Number(m[2]) : Number.MAX_SAFE_INTEGER;
  };
  return list
    .map((p, i) => ({ p, i }))
    .sort((a, b) => key(a.p) - key(b.p) || a.i - b.i)
    .map((x) => x.p);
}

/** Check already-parsed YAML plus overrides; throws ERR_CONFIG_INVALID with every problem located. */
export function resolveMudConfig(
  src: YamlSource | null,
  overrides: readonly ConfigOverride[],
  ctx: { cwd: string; env: NodeJS.ProcessEnv; subject?: string },
): LoadedMudConfig {
  const subject = ctx.subject ?? (src ? `MUD config ${src.name}` : 'MUD bot options');
  if (src && src.syntax.length > 0) throw new NetwrightConfigError(subject, src.syntax, HINT);
  const data = src?.data ?? {};
  const p = new Problems();
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    p.add(
      '',
      `expected a mapping of sections (connection:, credentials:, ...), got ${Array.isArray(data) ? 'a list' : 'a value'}`,
    );
  }
  const merged = structuredClone(typeof data === 'object' && data !== null ? data : {}) as Record<
    string,
    unknown
  >;
  for (const o of overrides) setPath(merged, o.path, o.value);
  const baseDir = src ? path.dirname(path.resolve(ctx.cwd, src.name)) : ctx.cwd;
  const out = p.size === 0 ? checkMudConfig(merged, p, { baseDir, env: ctx.env }) : undefined;
  if (!out || p.size > 0) {
    const flagOf = (problemPath: string) =>
      overrides.find((o) => problemPath === o.path || problemPath.startsWith(`${o.path}.`))?.flag;
    const located = src
      ? locateProblems(src, p.items, flagOf)
      : p.items.map((i) => ({ path: flagOf(i.path) ?? i.path, message: i.message }));
    throw new NetwrightConfigError(subject, byPosition(located), HINT);
  }
  return { ...out, file: src ? path.resolve(ctx.cwd, src.name) : null };
}

/** Read `file` (when given) and resolve it with the overrides. */
export function loadMudConfig(
  file: string | undefined,
  overrides: readonly ConfigOverride[],
  ctx: { cwd: string; env: NodeJS.ProcessEnv; subject?: string },
): LoadedMudConfig {
  const src = file ? readYamlFile(file, ctx.cwd, 'MUD config', HINT) : null;
  return resolveMudConfig(src, overrides, ctx);
}

/** Parse YAML text (tests, inline configs) and resolve it. */
export function parseMudConfig(
  text: string,
  name: string,
  ctx: { cwd: string; env: NodeJS.ProcessEnv },
): LoadedMudConfig {
  return resolveMudConfig(parseYaml(text, name), [], ctx);
}
