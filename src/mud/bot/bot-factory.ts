// BotFactory: makes logged-in bots for one MUD, each through its own network link (or direct), with
// unique names (allocated before any await, so concurrent calls never share one), a link that closes
// with its bot (so the same character can log in again in one test), and a precise error when nothing
// listens behind a link. The `mudBot` fixture is a thin wrapper; swarms and scripts use it directly.
import { throwIfProblems } from '../../config/index.ts';
import { NetwrightError } from '../../errors.ts';
import { deriveSeed } from '../../util/random.ts';
import { type ConnectMudOptions, connectMud } from '../client/connection.ts';
import { MudBot, type MudBotMeta } from './mud-bot.ts';
import type { MudBotOptions } from './options.ts';
import { formatTranscript } from './transcript.ts';
import { validateMudBotOptions } from './validate-options.ts';

/** Where the MUD listens. */
export interface MudAddress {
  host: string;
  port: number;
  tlsPort?: number;
}

/** A link the factory can open per bot (the embedded Network satisfies it). */
export interface BotLinkOpener {
  openLink(opts: {
    id: string;
    protocol: 'tcp';
    upstream: { host: string; port: number };
  }): Promise<{ listen: { host: string; port: number }; close(): Promise<void> }>;
}

/** Options of one bot made by the factory. */
export interface BotFactoryOptions extends Partial<MudBotOptions> {
  /** Connect straight to the server instead of through a network link. Default false. */
  direct?: boolean;
  /** Use the server's TLS port. Default false. */
  tls?: boolean;
  /** Connection and protocol options: wakeEveryMs, idlePromptMs, connectTimeoutMs, session: { gmcp, msdp, report, ... }. */
  connection?: Omit<ConnectMudOptions, 'host' | 'port' | 'tls'>;
}

const NAMES = ['Alder', 'Birch', 'Cedar', 'Dogwood', 'Elm', 'Fir', 'Ginkgo', 'Hazel', 'Ivy', 'Juniper'];

/** Letters-only unique bot name (ROM refuses digits): Alder, Birch, ..., then Alderb, Birchb, ... */
export function botName(index: number): string {
  const base = NAMES[index % NAMES.length]!;
  const round = Math.floor(index / NAMES.length);
  return round === 0
    ? base
    : base + String.fromCharCode(97 + (round % 26)).repeat(1 + Math.floor(round / 26));
}

/** Default password of factory bots (ROM needs 5+ characters). */
export const DEFAULT_BOT_PASSWORD = 'netwright1';

/** Bot metas kept for bots the test closed itself (most recent). */
const MAX_CLOSED_META = 50;

/** Makes bots for one MUD and tears them all down. */
export class BotFactory {
  private readonly server: MudAddress;
  private readonly network: BotLinkOpener | undefined;
  private readonly seed: number;
  private nextIndex = 0;
  private readonly names = new Set<string>();
  private readonly linkIds = new Set<string>();
  private readonly live = new Set<MudBot>();
  private readonly closedMeta: { meta: MudBotMeta; transcript: string }[] = [];

  constructor(opts: { server: MudAddress; network?: BotLinkOpener; seed?: number }) {
    this.server = opts.server;
    this.network = opts.network;
    this.seed = opts.seed ?? 1;
  }

  /** Bots still open. */
  get bots(): MudBot[] {
    return [...this.live];
  }

  /** A logged-in bot (created on the server when needed). */
  async make(opts: BotFactoryOptions = {}): Promise<MudBot> {
    throwIfProblems('mudBot({...})', validateMudBotOptions(opts, { tlsPort: this.server.tlsPort }));
    // Claim the name before any await: concurrent calls must not read the same index.
    const name = opts.name ?? this.freshName();
    this.names.add(name);
    const { direct, tls, connection, ...botOpts } = opts;
    const upstream = { host: this.server.host, port: tls ? this.server.tlsPort : this.server.port };
    if (upstream.port === undefined)
      throw new NetwrightError('ERR_CONFIG_INVALID', 'mudBot: tls asked but the MUD has no TLS port', {
        hint: 'start the fixture MUD with a tlsPort, or drop tls: true',
      });
    const target = { host: upstream.host, port: upstream.port };
    let link: Awaited<ReturnType<BotLinkOpener['openLink']>> | undefined;
    let linkId: string | undefined;
    if (!direct && this.network) {
      linkId = this.freshLinkId(`bot-${name}`);
      this.linkIds.add(linkId);
      try {
        link = await this.network.openLink({ id: linkId, protocol: 'tcp', upstream: target });
      } catch (err) {
        this.linkIds.delete(linkId);
        throw err;
      }
    }
    const at = link ? link.listen : target;
    let bot: MudBot;
    try {
      bot = await MudBot.connect(
        { ...connection, host: at.host, port: at.port, tls: tls || undefined },
        {
          seed: deriveSeed(this.seed, name),
          ...botOpts,
          name,
          password: botOpts.password ?? DEFAULT_BOT_PASSWORD,
          label: botOpts.label ?? name,
        },
      );
    } catch (err) {
      if (link) {
        await link.close().catch(() => {});
        if (linkId) this.linkIds.delete(linkId);
        throw await this.diagnose(err, target, linkId);
      }
      throw err;
    }
    this.live.add(bot);
    bot.onDispose(async () => {
      this.live.delete(bot);
      this.closedMeta.push({ meta: bot.toMeta(), transcript: formatTranscript(bot.transcript.list()) });
      if (this.closedMeta.length > MAX_CLOSED_META) this.closedMeta.shift();
      if (link) await link.close().catch(() => {});
      if (linkId) this.linkIds.delete(linkId);
    });
    return bot;
  }

  /**
   * Close every bot (quit, then close, then its link). Returns every bot's report entry (the last
   * `transcriptBytes` of its transcript, default 8 KiB, shared out when there are many bots) and its
   * whole kept transcript as text (passwords masked) for a log file. Never throws.
   */
  async closeAll(
    opts: { transcriptBytes?: number } = {},
  ): Promise<{ meta: MudBotMeta; transcript: string }[]> {
    const open = [...this.live];
    const budget = opts.transcriptBytes ?? 8 * 1024;
    const per = Math.max(1024, Math.floor((budget * 8) / Math.max(8, open.length + this.closedMeta.length)));
    const entries = open.map((b) => {
      try {
        return {
          meta: b.toMeta({ transcriptBytes: Math.min(budget, per) }),
          transcript: formatTranscript(b.transcript.list()),
        };
      } catch {
        return undefined;
      }
    });
    // Disposers record closed bots' entries; take the live ones from before closing.
    const closedBefore = [...this.closedMeta];
    await Promise.all(open.map((b) => b.close().catch(() => {})));
    return [...closedBefore, ...entries.filter((e) => e !== undefined)];
  }

  private freshName(): string {
    for (;;) {
      const n = botName(this.nextIndex++);
      if (!this.names.has(n)) return n;
    }
  }

  private freshLinkId(base: string): string {
    if (!this.linkIds.has(base)) return base;
    for (let i = 2; ; i++) if (!this.linkIds.has(`${base}-${i}`)) return `${base}-${i}`;
  }

  /**
   * Behind a link, a MUD that is not listening looks like a connection that closes at once. Try the
   * MUD directly to tell "nothing listens" (ERR_MUD_CONNECT, as a direct bot would get) from the rest.
   */
  private async diagnose(
    err: unknown,
    target: { host: string; port: number },
    linkId?: string,
  ): Promise<unknown> {
    const code = (err as { code?: string }).code;
    if (code !== 'ERR_MUD_CONNECT' && code !== 'ERR_MUD_CLOSED') return err;
    try {
      const probe = await connectMud({ ...target, connectTimeoutMs: 2000 });
      await probe.close(0);
      return err;
    } catch (direct) {
      if ((direct as { code?: string }).code !== 'ERR_MUD_CONNECT') return err;
      const d = direct as NetwrightError;
      return new NetwrightError(
        'ERR_MUD_CONNECT',
        `${d.message.split('\n')[0]} (the MUD behind link ${linkId})`,
        {
          hint: d.hint,
          cause: err,
          details: { ...d.details, link: linkId },
        },
      );
    }
  }
}
