// The swarm config of a `netwright run --mud` scenario: the MUD bot YAML (src/mud/config) with the
// scenario's flags on top (--bots, --duration, --seed). A config without a `connection:` section
// plays on the fixture MUD that the scenario test starts (the mudServer fixture).
import { readYamlFile } from '../config/index.ts';
import { hasErrorCode, type NetwrightConfigError } from '../errors.ts';
import { type ConfigOverride, type LoadedMudConfig, resolveMudConfig } from '../mud/config/load.ts';

/** Where `(the fixture MUD)` stands in for a connection until the fixture has its port. */
const FIXTURE_FLAG = '(the fixture MUD)';

/** Scenario flags that override swarm config keys. */
export interface SwarmConfigFlags {
  bots?: number;
  durationS?: number;
  seed?: number;
}

function overrides(flags: SwarmConfigFlags, target: { host: string; port: number } | null): ConfigOverride[] {
  const o: ConfigOverride[] = [];
  if (flags.bots !== undefined) o.push({ path: 'swarm.bots', value: flags.bots, flag: '--bots' });
  if (flags.durationS !== undefined)
    o.push({ path: 'swarm.duration_s', value: flags.durationS, flag: '--duration' });
  if (flags.seed !== undefined) o.push({ path: 'seed', value: flags.seed, flag: '--seed' });
  if (target)
    o.push(
      { path: 'connection.host', value: target.host, flag: FIXTURE_FLAG },
      { path: 'connection.port', value: target.port, flag: FIXTURE_FLAG },
    );
  return o;
}

/** Does the YAML name its MUD (a `connection:` section)? */
function hasConnection(data: unknown): boolean {
  return typeof data === 'object' && data !== null && 'connection' in data;
}

/**
 * Load the swarm config of a scenario. `fixture` is the fixture MUD's address, used when the config
 * has no `connection:`. Throws ERR_CONFIG_INVALID with every problem located.
 */
export function loadSwarmConfig(
  file: string,
  flags: SwarmConfigFlags,
  ctx: { cwd: string; env: NodeJS.ProcessEnv; fixture?: { host: string; port: number } },
): LoadedMudConfig & { target: 'config' | 'fixture' } {
  const src = readYamlFile(file, ctx.cwd, 'swarm config', 'see examples/mud/');
  const target = hasConnection(src.data) ? 'config' : 'fixture';
  const fixture = target === 'fixture' ? (ctx.fixture ?? { host: '127.0.0.1', port: 1 }) : null;
  const loaded = resolveMudConfig(src, overrides(flags, fixture), {
    cwd: ctx.cwd,
    env: ctx.env,
    subject: `swarm config ${src.name}`,
  });
  return { ...loaded, target };
}

/** Check a scenario's swarm config at resolve time; problems go to `problems`. */
export function checkSwarmConfig(
  file: string,
  opts: SwarmConfigFlags & { cwd: string; env: NodeJS.ProcessEnv; problems: string[] },
): 'config' | 'fixture' | null {
  try {
    return loadSwarmConfig(file, opts, opts).target;
  } catch (err) {
    if (!hasErrorCode(err, 'ERR_CONFIG_INVALID')) throw err;
    opts.problems.push(...(err as NetwrightConfigError).problems);
    return null;
  }
}
