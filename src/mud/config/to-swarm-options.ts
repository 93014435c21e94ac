// A checked MUD config onto SwarmOptions (plain data: it crosses worker threads). Passwords go into
// the options object only (to workers by message), never into argv, env dumps or the result.
import type { SwarmOptions } from '../swarm/types.ts';
import type { MudConfig, MudConfigLogins } from './mud-config.ts';
import { toConnectOptions, toQueueOptions } from './to-bot-options.ts';

/** SwarmOptions of a config, with the run seed. */
export function toSwarmOptions(c: MudConfig, logins: MudConfigLogins, seed: number): SwarmOptions {
  const { host, port, tls, ...connection } = toConnectOptions(c);
  const s = c.swarm;
  const o: SwarmOptions = {
    host: host ?? c.connection.host,
    port,
    tls: tls === true,
    bots: s.bots,
    staggerMs: s.staggerMs,
    durationMs: s.durationS * 1000,
    workers: s.workers,
    seed,
    behaviors: [...c.behaviors.names],
    tuning: c.behaviors.tuning,
    queue: toQueueOptions(c),
    reconnect: c.reconnect,
    connection,
    newCharacter: { ...c.newCharacter, create: c.credentials.create },
    metricsHost: s.metricsHost,
    progressEveryMs: c.logging.progressIntervalS * 1000,
  };
  if (c.credentials.takeOver !== undefined)
    o.newCharacter = { ...o.newCharacter, takeOver: c.credentials.takeOver };
  if (s.shard) o.shard = { ...s.shard };
  if (s.metricsPort !== null) o.metricsPort = s.metricsPort;
  if (s.maxPendingGreetings !== undefined) o.maxPendingGreetings = s.maxPendingGreetings;
  if (c.timeoutMs !== undefined) o.timeoutMs = c.timeoutMs;
  if (c.quitTimeoutMs !== undefined) o.quitTimeoutMs = c.quitTimeoutMs;
  const src = c.credentials.source;
  if ('pattern' in src) {
    o.name = src.pattern;
    o.password = logins(0).password;
  } else o.credentials = Array.from({ length: s.bots }, (_, i) => logins(i));
  return o;
}
