// A checked MUD config onto what MudBot.connect takes: the connection options and the bot's options
// (login, new character, behaviours and their tuning, pacing, reconnect, transcript bounds).
import { deriveSeed } from '../../util/random.ts';
import { defaultBehaviors } from '../bot/behaviors/index.ts';
import type { MudBotOptions } from '../bot/options.ts';
import type { ConnectMudOptions } from '../client/connection.ts';
import type { BotLogin } from './credentials.ts';
import type { MudConfig } from './mud-config.ts';

/** MudBot.connect's two arguments for bot `login` of this config. */
export interface BotConnectArgs {
  connect: ConnectMudOptions;
  bot: MudBotOptions;
}

/** Connection options (host, port, TLS, protocol switches) of a config. */
export function toConnectOptions(c: MudConfig): ConnectMudOptions {
  const k = c.connection;
  const session: NonNullable<ConnectMudOptions['session']> = {};
  if (k.msdp !== undefined) session.msdp = k.msdp;
  if (k.gmcp !== undefined) session.gmcp = k.gmcp;
  if (k.mccp !== undefined) session.mccp2 = k.mccp;
  const out: ConnectMudOptions = { host: k.host, port: k.port, session };
  if (k.tls) out.tls = true;
  if (k.connectTimeoutMs !== undefined) out.connectTimeoutMs = k.connectTimeoutMs;
  if (k.wakeEveryMs !== undefined) out.wakeEveryMs = k.wakeEveryMs;
  if (k.idlePromptMs !== undefined) out.idlePromptMs = k.idlePromptMs;
  return out;
}

/** The behaviours a config selects, in priority order (the defaults' own order). */
export function configBehaviors(c: MudConfig): MudBotOptions['behaviors'] {
  return defaultBehaviors().filter((b) => c.behaviors.names.includes(b.name));
}

/** Command pacing of a config's `throttle:` (only the keys it sets). */
export function toQueueOptions(c: MudConfig): NonNullable<MudBotOptions['queue']> {
  const t = c.throttle;
  const queue: NonNullable<MudBotOptions['queue']> = {};
  if (t.minGapMs !== undefined) queue.minGapMs = t.minGapMs;
  if (t.maxPerSecond !== undefined) queue.maxPerSecond = t.maxPerSecond;
  if (t.lagBackoffMs !== undefined) queue.lagBackoffMs = t.lagBackoffMs;
  if (t.maxBackoffMs !== undefined) queue.maxBackoffMs = t.maxBackoffMs;
  if (t.lagRetries !== undefined) queue.lagRetries = t.lagRetries;
  if (t.commandTimeoutMs !== undefined) queue.timeoutMs = t.commandTimeoutMs;
  return queue;
}

/** MudBot options for one login of a config (`seed` defaults to one derived from the name). */
export function toBotOptions(c: MudConfig, login: BotLogin, runSeed?: number): MudBotOptions {
  const queue = toQueueOptions(c);
  const seed = runSeed ?? c.seed;
  const opts: MudBotOptions = {
    name: login.name,
    password: login.password,
    create: c.credentials.create,
    ...c.newCharacter,
    behaviors: configBehaviors(c),
    tuning: c.behaviors.tuning,
    queue,
    reconnect: c.reconnect,
  };
  if (c.credentials.takeOver !== undefined) opts.takeOver = c.credentials.takeOver;
  if (seed !== null && seed !== undefined) opts.seed = deriveSeed(seed, login.name);
  if (c.timeoutMs !== undefined) opts.timeoutMs = c.timeoutMs;
  if (c.quitTimeoutMs !== undefined) opts.quitTimeoutMs = c.quitTimeoutMs;
  if (c.logging.transcriptBytes !== undefined) opts.transcriptBytes = c.logging.transcriptBytes;
  if (c.logging.latencySeries !== undefined) opts.latencySeries = c.logging.latencySeries;
  return opts;
}

/** Both arguments of MudBot.connect for one login. */
export function toBotConnectArgs(c: MudConfig, login: BotLogin, runSeed?: number): BotConnectArgs {
  return { connect: toConnectOptions(c), bot: toBotOptions(c, login, runSeed) };
}
