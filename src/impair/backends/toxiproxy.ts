// The toxiproxy backend: TCP links on a REAL Toxiproxy 2.x server (TOXIPROXY_URL), driven through
// toxiproxy-node-client. A link is one Toxiproxy proxy; its short-form configuration becomes toxics
// (toxiproxy-map.ts). UDP and packet-level impairments are ERR_BACKEND_UNSUPPORTED naming 'embedded'.
//
//   set(patch) --validate (sync)--> desired toxics --diff--> queued HTTP calls --> settled()

import { Toxic, Toxiproxy, type Proxy as TpProxy } from 'toxiproxy-node-client';
import { NetwrightError } from '../../errors.ts';
import { isLoopbackHost } from '../api/address.ts';
import {
  applyPatch,
  EMPTY_STATE,
  type LinkState,
  orderedSpecs,
  sameConfig,
  toLinkConfig,
} from '../config.ts';
import type { BackendLink, BackendLinkSpec, LinkBackend } from '../link-backend.ts';
import type {
  Direction,
  LinkConfig,
  LinkConfigPatch,
  LinkProtocol,
  OutageConfig,
  StageSpec,
} from '../types.ts';
import { type ToxicBody, toxicsFor, unsupported } from './toxiproxy-map.ts';

/** Toxiproxy's default API address when TOXIPROXY_URL is unset. */
export const DEFAULT_TOXIPROXY_URL = 'http://127.0.0.1:8474';

/** The server URL from the environment. */
export function toxiproxyUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.TOXIPROXY_URL || DEFAULT_TOXIPROXY_URL;
}

/** Where to connect and what to reach. */
export interface ToxiproxyLinkOptions {
  id: string;
  protocol: LinkProtocol;
  upstream: { host: string; port: number };
  /** Default 127.0.0.1:0 (Toxiproxy picks the port). */
  listen?: { host: string; port: number };
}

function requestError(what: string, url: string, err: unknown): NetwrightError {
  return new NetwrightError('ERR_TOXIPROXY_REQUEST', `toxiproxy ${what} failed: ${(err as Error).message}`, {
    hint: `is toxiproxy-server running at ${url}? Set TOXIPROXY_URL, or use backend 'embedded'`,
    details: { url },
    cause: err,
  });
}

/** Links on one Toxiproxy server. */
export class ToxiproxyBackend {
  readonly name = 'toxiproxy';
  readonly url: string;
  private readonly client: Toxiproxy;
  private readonly links = new Set<ToxiproxyLink>();

  constructor(opts: { url?: string } = {}) {
    this.url = (opts.url ?? toxiproxyUrl()).replace(/\/+$/, '');
    this.client = new Toxiproxy(this.url);
  }

  /** The server's version (checks it answers). */
  async version(): Promise<string> {
    try {
      return await this.client.getVersion();
    } catch (err) {
      throw requestError('GET /version', this.url, err);
    }
  }

  /** Create a proxy for a TCP link. UDP -> ERR_BACKEND_UNSUPPORTED. */
  async openLink(opts: ToxiproxyLinkOptions): Promise<ToxiproxyLink> {
    if (opts.protocol !== 'tcp') throw unsupported('UDP links (Toxiproxy proxies TCP only)');
    if (!isLoopbackHost(opts.upstream.host)) {
      throw new NetwrightError('ERR_CONFIG_INVALID', `upstream ${opts.upstream.host} is not loopback`, {
        hint: 'netwright only proxies to 127.0.0.1 / ::1 / localhost',
      });
    }
    const listen = opts.listen ?? { host: '127.0.0.1', port: 0 };
    let proxy: TpProxy;
    try {
      proxy = await this.client.createProxy({
        name: opts.id,
        listen: hostPort(listen),
        upstream: hostPort(opts.upstream),
      });
    } catch (err) {
      throw requestError(`POST /proxies (${opts.id})`, this.url, err);
    }
    const link = new ToxiproxyLink(proxy, opts.upstream, this.url, () => this.links.delete(link));
    this.links.add(link);
    return link;
  }

  /** Delete every proxy this backend created. Never throws. */
  async close(): Promise<void> {
    for (const link of [...this.links]) await link.close();
  }
}

/** One TCP link = one Toxiproxy proxy. Changes are queued HTTP calls; await settled() to see them applied. */
export class ToxiproxyLink {
  readonly id: string;
  readonly protocol: LinkProtocol = 'tcp';
  readonly listen: { host: string; port: number };
  readonly upstreamAddress: { host: string; port: number };
  private readonly proxy: TpProxy;
  private readonly url: string;
  private readonly onClose: () => void;
  private state: LinkState = EMPTY_STATE;
  private applied = new Map<string, ToxicBody>();
  private queue: Promise<void> = Promise.resolve();
  private failure: NetwrightError | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(proxy: TpProxy, upstream: { host: string; port: number }, url: string, onClose: () => void) {
    this.proxy = proxy;
    this.id = proxy.name;
    this.url = url;
    this.onClose = onClose;
    const m = /^(.*):(\d+)$/.exec(proxy.listen);
    this.listen = { host: (m?.[1] ?? '127.0.0.1').replace(/^\[|\]$/g, ''), port: Number(m?.[2] ?? 0) };
    this.upstreamAddress = upstream;
  }

  /** Merge a short-form patch (null or 0 removes a key). Throws at once on what Toxiproxy cannot do. */
  set(patch: LinkConfigPatch): void {
    const next = applyPatch(this.state, patch, 'stream', `toxiproxy link ${this.id}`);
    const desired = [
      ...toxicsFor('upstream', orderedSpecs(next.upstream)),
      ...toxicsFor('downstream', orderedSpecs(next.downstream)),
    ];
    const before = this.state;
    this.state = next;
    this.sync(desired);
    for (const dir of ['upstream', 'downstream'] as const) {
      const o = next[dir].get('outage');
      if (o && o !== before[dir].get('outage')) this.scheduleOutageEnd(dir, o);
    }
  }

  /** The toxics for stage lists (throws ERR_BACKEND_UNSUPPORTED for what Toxiproxy cannot do). */
  static toxicsOf(specs: Readonly<Record<Direction, readonly StageSpec[]>>): ToxicBody[] {
    return [...toxicsFor('upstream', specs.upstream), ...toxicsFor('downstream', specs.downstream)];
  }

  /** Make the server's toxics match these stages (the Network's model owns timing and outage ends). */
  applySpecs(specs: Readonly<Record<Direction, readonly StageSpec[]>>): void {
    this.sync(ToxiproxyLink.toxicsOf(specs));
  }

  /** Remove every toxic (perfect link). */
  reset(): void {
    this.state = EMPTY_STATE;
    this.sync([]);
  }

  /** The configuration in short form. */
  config(): LinkConfig {
    return toLinkConfig(this.state);
  }

  /** The toxics as last asked of the server. */
  toxics(): ToxicBody[] {
    return [...this.applied.values()];
  }

  /** Resolves when every queued change reached the server; rejects with the first failure. */
  async settled(): Promise<void> {
    await this.queue;
    if (this.failure) throw this.failure;
  }

  /** Delete the proxy (closes its connections). Never throws. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    await this.queue;
    await this.proxy.remove().catch(() => undefined);
    this.onClose();
  }

  private sync(desired: ToxicBody[]): void {
    const want = new Map(desired.map((t) => [t.name, t]));
    const calls: [string, () => Promise<unknown>][] = [];
    const path = this.proxy.getPath();
    for (const [name, t] of this.applied) {
      if (!want.has(name))
        calls.push([`DELETE toxic ${name}`, () => new Toxic(this.proxy.api, path, t as never).remove()]);
    }
    for (const [name, t] of want) {
      const had = this.applied.get(name);
      if (!had || had.type !== t.type) {
        const add = (): Promise<unknown> => this.proxy.addToxic(t as never);
        calls.push([
          `POST toxic ${name}`,
          had ? () => new Toxic(this.proxy.api, path, had as never).remove().then(add) : add,
        ]);
      } else if (!sameConfig(had.attributes, t.attributes) || had.toxicity !== t.toxicity) {
        calls.push([
          `update toxic ${name}`,
          () => new Toxic(this.proxy.api, path, had as never).update(t as never),
        ]);
      }
    }
    this.applied = want;
    for (const [what, call] of calls) {
      this.queue = this.queue.then(async () => {
        if (this.closed) return;
        try {
          await call();
        } catch (err) {
          this.failure ??= requestError(what, this.url, err);
        }
      });
    }
  }

  private scheduleOutageEnd(dir: Direction, spec: { config: unknown }): void {
    const ms = (spec.config as OutageConfig).durationMs;
    if (!ms) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.closed && this.state[dir].get('outage') === spec) this.set({ [dir]: { outage: null } });
    }, ms);
    this.timers.add(timer);
  }
}

function hostPort(hp: { host: string; port: number }): string {
  return hp.host.includes(':') ? `[${hp.host}]:${hp.port}` : `${hp.host}:${hp.port}`;
}

/** The toxiproxy backend behind the link-backend contract (TCP links only). */
export class ToxiproxyLinkBackend implements LinkBackend {
  readonly name = 'toxiproxy' as const;
  private readonly backend: ToxiproxyBackend;
  private checked: Promise<string> | undefined;

  constructor(opts: { url?: string } = {}) {
    this.backend = new ToxiproxyBackend(opts);
  }

  async open(spec: BackendLinkSpec): Promise<BackendLink> {
    if (spec.protocol !== 'tcp') throw unsupported('UDP links (Toxiproxy proxies TCP only)');
    this.checked ??= this.backend.version();
    await this.checked;
    const link = await this.backend.openLink({
      id: spec.id,
      protocol: 'tcp',
      upstream: spec.upstream,
      listen: spec.listen,
    });
    return {
      listen: link.listen,
      upstream: link.upstreamAddress,
      check: (specs) => {
        ToxiproxyLink.toxicsOf(specs);
      },
      apply: (specs) => link.applySpecs(specs),
      settled: () => link.settled(),
      // Toxiproxy does not count connections: the model's stats carry the configuration only.
      sessions: () => ({ active: 0, total: 0, evicted: 0, refused: 0 }),
      command: (_side, argv) => [...argv],
      close: () => link.close(),
    };
  }

  close(): Promise<void> {
    return this.backend.close();
  }
}
