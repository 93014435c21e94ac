// Checks SwarmOptions before anything opens (every problem at once, ERR_CONFIG_INVALID) and turns
// behaviour names into the bot's behaviours.
import {
  bool,
  didYouMean,
  knownKeys,
  num,
  obj,
  Problems,
  port,
  str,
  stringArray,
} from '../../config/index.ts';
import type { Behavior } from '../bot/behavior.ts';
import { defaultBehaviors } from '../bot/behaviors/index.ts';
import { checkRomPassword, validateMudBotOptions } from '../bot/validate-options.ts';
import { namePatternProblem } from './names.ts';
import type { SwarmOptions } from './types.ts';

const KEYS: readonly (keyof SwarmOptions)[] = [
  'host',
  'port',
  'tls',
  'bots',
  'name',
  'credentials',
  'password',
  'passwordEnv',
  'newCharacter',
  'behaviors',
  'tuning',
  'queue',
  'liveness',
  'reconnect',
  'timeoutMs',
  'connection',
  'staggerMs',
  'maxPendingGreetings',
  'durationMs',
  'workers',
  'shard',
  'seed',
  'metricsPort',
  'metricsHost',
  'progressEveryMs',
  'windowMs',
  'failOnFault',
];

const DAY_MS = 86_400_000;

/** Names of the behaviours a swarm can be given. */
export function behaviorNames(): string[] {
  return defaultBehaviors().map((b) => b.name);
}

/** The behaviours of these names, in the default priority order (all when none given). */
export function swarmBehaviors(names: readonly string[] | undefined): Behavior[] {
  const all = defaultBehaviors();
  return names ? all.filter((b) => names.includes(b.name)) : all;
}

/** Every problem of a swarm's options at once (throws ERR_CONFIG_INVALID). */
export function validateSwarmOptions(raw: unknown): void {
  const p = new Problems();
  const o = obj(raw, '', p);
  if (o) {
    knownKeys(o, KEYS as string[], '', p);
    str(o.host, 'host', p, { nonEmpty: true });
    port(o.port, 'port', p);
    bool(o.tls, 'tls', p);
    const bots = num(o.bots, 'bots', p, { integer: true, min: 1, max: 100_000 });
    if (o.name !== undefined && str(o.name, 'name', p) !== undefined) {
      const problem = namePatternProblem(o.name as string);
      if (problem) p.add('name', problem);
    }
    if (o.credentials !== undefined) {
      if (!Array.isArray(o.credentials)) p.add('credentials', 'expected a list of { name, password }');
      else {
        if (bots !== undefined && o.credentials.length < bots)
          p.add('credentials', `${o.credentials.length} logins for ${bots} bots: give one per bot`);
        o.credentials.forEach((c, i) => {
          const v = obj(c, `credentials[${i}]`, p);
          if (!v) return;
          str(v.name, `credentials[${i}].name`, p, { nonEmpty: true });
          checkRomPassword(v.password, `credentials[${i}].password`, p);
        });
      }
    }
    if (o.password !== undefined) checkRomPassword(o.password, 'password', p);
    if (o.passwordEnv !== undefined) {
      const env = str(o.passwordEnv, 'passwordEnv', p, { nonEmpty: true });
      if (env && o.password === undefined && process.env[env] === undefined)
        p.add('passwordEnv', `environment variable ${env} is not set`);
    }
    const names = stringArray(o.behaviors, 'behaviors', p);
    const known = behaviorNames();
    names?.forEach((n, i) => {
      if (!known.includes(n)) p.add(`behaviors[${i}]`, `unknown behaviour "${n}"${didYouMean(n, known)}`);
    });
    // The bot's own options, checked by the bot's validator (paths stay the swarm's keys).
    const botLike: Record<string, unknown> = {};
    for (const k of [
      'tuning',
      'queue',
      'liveness',
      'reconnect',
      'timeoutMs',
      'quitTimeoutMs',
      'connection',
    ] as const)
      if (o[k] !== undefined) botLike[k] = o[k];
    if (o.newCharacter !== undefined && obj(o.newCharacter, 'newCharacter', p))
      Object.assign(botLike, o.newCharacter);
    p.addAll(validateMudBotOptions(botLike));
    for (const k of ['staggerMs', 'progressEveryMs', 'windowMs'] as const)
      num(o[k], k, p, { optional: true, min: k === 'staggerMs' ? 0 : 10, max: DAY_MS, unit: 'ms' });
    num(o.durationMs, 'durationMs', p, { optional: true, min: 1, max: 7 * DAY_MS, unit: 'ms' });
    num(o.maxPendingGreetings, 'maxPendingGreetings', p, {
      optional: true,
      integer: true,
      min: 1,
      max: 100_000,
    });
    num(o.workers, 'workers', p, { optional: true, integer: true, min: 1, max: 256 });
    num(o.seed, 'seed', p, { optional: true, integer: true });
    port(o.metricsPort, 'metricsPort', p, { optional: true, allowAny: true });
    if (o.metricsHost !== undefined) str(o.metricsHost, 'metricsHost', p, { nonEmpty: true });
    bool(o.failOnFault, 'failOnFault', p);
    if (o.shard !== undefined) {
      const s = obj(o.shard, 'shard', p);
      const count = s && num(s.count, 'shard.count', p, { integer: true, min: 1, max: 100_000 });
      const index = s && num(s.index, 'shard.index', p, { integer: true, min: 0 });
      if (count !== undefined && index !== undefined && index >= count)
        p.add('shard.index', `must be below shard.count (${count}), got ${index}`);
      if (count !== undefined && bots !== undefined && count > bots)
        p.add('shard.count', `${count} shards of ${bots} bots would leave shards empty`);
    }
  }
  p.throwIfAny('swarm options', 'see "MUD swarms" in the README');
}
