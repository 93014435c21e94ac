// The proxy collection behind the API (Toxiproxy's ProxyCollection + ToxicCollection semantics):
// create, populate (add or replace), update (restart on address change, start/stop on `enabled`),
// delete, reset, and the toxic operations. Every call runs alone, in arrival order, like Go's mutex.

import { formatHostPort, resolveListen, resolveUpstream } from './address.ts';
import { type ApiError, ErrProxyAlreadyExists, ErrProxyNotFound, toApiError } from './api-error.ts';
import { asArray, asObject, parseBody } from './decode.ts';
import { differs, listenError, POPULATE_ITEM, type ProxyInput, readProxy } from './proxy-input.ts';
import {
  applyToxic,
  findToxic,
  type OpenLink,
  type ProxyJson,
  type ProxyState,
  proxyJson,
} from './proxy-state.ts';
import { parseToxicCreate, parseToxicUpdate, type ToxicState, toxicJson } from './toxic-body.ts';

/** Proxies by name, driving links opened through `openLink`. */
export class ProxyCollection {
  private readonly proxies = new Map<string, ProxyState>();
  private readonly openLink: OpenLink;
  private tail: Promise<unknown> = Promise.resolve();
  /** Upstreams beyond loopback are accepted (else a 400 saying how to allow them). */
  private readonly allowRemote: boolean;

  constructor(openLink: OpenLink, opts: { allowRemoteUpstream?: boolean } = {}) {
    this.openLink = openLink;
    this.allowRemote = opts.allowRemoteUpstream === true;
  }

  /** Run `fn` after every earlier call finished (one at a time). */
  private serial<T>(fn: () => Promise<T> | T): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private get(name: string): ProxyState {
    const p = this.proxies.get(name);
    if (!p) throw ErrProxyNotFound;
    return p;
  }

  /** GET /proxies: name -> proxy, names sorted (Go marshals maps sorted). */
  list(): Promise<Record<string, ProxyJson>> {
    return this.serial(() => {
      const names = [...this.proxies.keys()].sort();
      return Object.fromEntries(names.map((n) => [n, proxyJson(this.get(n))]));
    });
  }

  /** GET /proxies/{name}. */
  show(name: string): Promise<ProxyJson> {
    return this.serial(() => proxyJson(this.get(name)));
  }

  /** POST /proxies: 201 with the proxy; 409 if the name exists; 500 if it cannot listen. */
  create(text: string): Promise<ProxyJson> {
    return this.serial(async () => {
      const input = readProxy(asObject(parseBody(text), 'toxiproxy.Proxy'), '', undefined, this.allowRemote);
      if (this.proxies.has(input.name)) throw ErrProxyAlreadyExists;
      const p: ProxyState = { ...input, enabled: false, toxics: [], link: undefined };
      if (input.enabled) await this.start(p);
      this.proxies.set(p.name, p);
      return proxyJson(p);
    });
  }

  /** POST /populate: validate all, then add or replace each; an error keeps the proxies done so far. */
  populate(text: string): Promise<{ proxies: ProxyJson[]; error?: ApiError }> {
    return this.serial(async () => {
      let inputs: ProxyInput[];
      try {
        const items = asArray(parseBody(text), `[]${POPULATE_ITEM}`);
        inputs = items.map((item, i) =>
          readProxy(asObject(item, POPULATE_ITEM), ` at proxy ${i + 1}`, undefined, this.allowRemote),
        );
      } catch (err) {
        return { proxies: [], error: toApiError(err) }; // Go answers "proxies": null here
      }
      const done: ProxyJson[] = [];
      for (const input of inputs) {
        try {
          const existing = this.proxies.get(input.name);
          if (existing && !differs(existing, input)) {
            done.push(proxyJson(existing));
            continue;
          }
          if (existing) await this.stop(existing);
          const p: ProxyState = { ...input, enabled: false, toxics: [], link: undefined };
          if (input.enabled) await this.start(p);
          this.proxies.set(p.name, p);
          done.push(proxyJson(p));
        } catch (err) {
          return { proxies: done, error: toApiError(err) };
        }
      }
      return { proxies: done };
    });
  }

  /** POST/PATCH /proxies/{name}: fields default to the current ones. */
  update(name: string, text: string): Promise<ProxyJson> {
    return this.serial(async () => {
      const p = this.get(name);
      const input = readProxy(asObject(parseBody(text), 'toxiproxy.Proxy'), '', p, this.allowRemote);
      if (differs(p, input)) {
        await this.stop(p);
        p.listen = input.listen;
        p.upstream = input.upstream;
        p.protocol = input.protocol;
      }
      if (input.enabled !== p.enabled) {
        if (input.enabled) await this.start(p);
        else await this.stop(p);
      }
      return proxyJson(p);
    });
  }

  /** DELETE /proxies/{name}: stop and forget. */
  remove(name: string): Promise<void> {
    return this.serial(async () => {
      const p = this.get(name);
      await this.stop(p);
      this.proxies.delete(name);
    });
  }

  /** POST /reset: enable every proxy and remove every toxic. */
  reset(): Promise<void> {
    return this.serial(async () => {
      for (const p of this.proxies.values()) {
        if (!p.enabled) await this.start(p);
        for (const t of [...p.toxics]) applyToxic(p, t, undefined);
        p.toxics = [];
      }
    });
  }

  /** GET /proxies/{name}/toxics. */
  toxics(name: string): Promise<ReturnType<typeof toxicJson>[]> {
    return this.serial(() => proxyJson(this.get(name)).toxics);
  }

  /** GET /proxies/{name}/toxics/{toxic}. */
  toxic(name: string, toxic: string): Promise<ReturnType<typeof toxicJson>> {
    return this.serial(() => toxicJson(findToxic(this.get(name), toxic)));
  }

  /** POST /proxies/{name}/toxics (200, as Toxiproxy answers). */
  addToxic(name: string, text: string): Promise<ReturnType<typeof toxicJson>> {
    return this.serial(() => {
      const p = this.get(name);
      const t = parseToxicCreate(text, p.protocol, (n) => p.toxics.some((x) => x.name === n));
      applyToxic(p, undefined, t);
      p.toxics.push(t);
      return toxicJson(t);
    });
  }

  /** POST/PATCH /proxies/{name}/toxics/{toxic}. */
  updateToxic(name: string, toxic: string, text: string): Promise<ReturnType<typeof toxicJson>> {
    return this.serial(() => {
      const p = this.get(name);
      const before = findToxic(p, toxic);
      const after = parseToxicUpdate(text, before);
      applyToxic(p, before, after);
      p.toxics[p.toxics.indexOf(before)] = after;
      return toxicJson(after);
    });
  }

  /** DELETE /proxies/{name}/toxics/{toxic}: the stage flushes what it holds. */
  removeToxic(name: string, toxic: string): Promise<void> {
    return this.serial(() => {
      const p = this.get(name);
      const t = findToxic(p, toxic);
      applyToxic(p, t, undefined);
      p.toxics = p.toxics.filter((x) => x !== t);
    });
  }

  /** The open link of a proxy (for stats), if enabled. */
  linkOf(name: string): Promise<ProxyState['link']> {
    return this.serial(() => this.get(name).link);
  }

  /** Stop every proxy (server shutdown). Never throws. */
  close(): Promise<void> {
    return this.serial(async () => {
      for (const p of this.proxies.values()) await this.stop(p).catch(() => undefined);
      this.proxies.clear();
    });
  }

  private async start(p: ProxyState): Promise<void> {
    if (p.enabled) return;
    const link = await this.openLink({
      id: p.name,
      protocol: p.protocol,
      listen: resolveListen(p.listen),
      upstream: resolveUpstream(p.upstream, this.allowRemote),
    }).catch((err: unknown) => {
      throw listenError(p, err);
    });
    try {
      for (const t of p.toxics) applyToxic(p, undefined, t, link);
    } catch (err) {
      await link.close();
      throw err;
    }
    p.link = link;
    p.listen = formatHostPort(link.listen);
    p.enabled = true;
  }

  private async stop(p: ProxyState): Promise<void> {
    if (!p.enabled) return;
    p.enabled = false;
    const link = p.link;
    p.link = undefined;
    // Toxiproxy closes a stopped proxy's connections with a plain Close (FIN), not a reset.
    await link?.close('graceful');
  }
}

export type { ToxicState };
