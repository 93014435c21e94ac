// The network a test runs on: a set of links (one per client) sharing a clock, a precise scheduler,
// a seed and a configuration. `set`/`profile`/`timeline`/`upstream`/`downstream` act on every link
// (and on links opened later); `client(i)` acts on one. Every change is recorded with its time.
// The traffic is carried by one backend (link-backend.ts): the embedded proxies (default), a
// Toxiproxy server, or the kernel; the same surface drives all three, and what a backend cannot do is
// ERR_BACKEND_UNSUPPORTED naming the feature.
//
//   Network ── seed ──▶ link 'client-1' (fork 'client-1') ── LinkModel (state, chains, stats)
//          ├─ clock, PreciseScheduler                      └─ BackendLink (embedded | toxiproxy | kernel)
//          └─ history: [{ tMs, link?, direction, source, label, change }]
import { NetwrightConfigError, NetwrightError } from '../errors.ts';
import { type Clock, ManualClock, systemClock } from '../util/clock.ts';
import { Random } from '../util/random.ts';
import { EmbeddedBackend } from './backends/embedded.ts';
import { KernelLinkBackend } from './backends/kernel.ts';
import { ToxiproxyLinkBackend } from './backends/toxiproxy.ts';
import { BusyPoll, DEFAULT_BUSY_POLL_MS } from './busy-poll.ts';
import { applyPatch, EMPTY_STATE, type LinkState, labelOf, orderedSpecs, toLinkConfig } from './config.ts';
import { type ChangeRecord, LinkModel } from './link.ts';
import { BACKENDS, type BackendLink, type BackendName, type LinkBackend } from './link-backend.ts';
import type { Address } from './loopback.ts';
import { NetworkLink } from './network-link.ts';
import { ProfileBook, type ProfileName } from './profiles.ts';
import { normalizeStage } from './registry.ts';
import { ManualScheduler, PreciseScheduler } from './scheduler.ts';
import { validateTimeline } from './timeline.ts';
import type {
  Direction,
  DirectionControl,
  DirectionPatch,
  LinkConfig,
  LinkConfigPatch,
  LinkHandle,
  LinkProtocol,
  LinkStats,
  NetworkChange,
  NetworkStats,
  Profile,
  Scheduler,
  StageSpec,
  TimelineStep,
  TimerHandle,
} from './types.ts';
import { closest } from './validate.ts';

export type { DirectionControl, LinkConfig, LinkHandle, NetworkChange, NetworkStats, TimelineStep };

/** A time series for the report's plots: points are [ms since the network started, value]. */
export interface NetworkSeries {
  name: string;
  unit: string;
  source: string;
  points: [number, number][];
}

export interface NetworkOptions {
  /** Time source; a ManualClock gets a ManualScheduler (advance it via `network.scheduler`). */
  clock?: Clock;
  /** Scheduler for delivery times; default a PreciseScheduler on `clock`. */
  scheduler?: Scheduler;
  /**
   * Default scheduler only: poll with setImmediate for the last `spinMs` before each due time (default
   * 2; sub-ms delivery, but a busy core while delayed traffic is continuous). 0 = timers only (~1 ms
   * late, idle CPU): a fair choice on small machines that also run game processes.
   */
  spinMs?: number;
  /** Default scheduler only: largest share of time spent polling (0..1, default 1); see PreciseScheduler. */
  maxSpinShare?: number;
  /**
   * Keep the event loop hot this many ms after each packet (busy polling, see busy-poll.ts). Default
   * 0.05 (50 µs: the added round trip drops from ~0.18 to ~0.05 ms for a few % of a core); 0 = off.
   */
  busyPollMs?: number;
  /** Seed of every random choice on the network (default 1; fixtures pass the test's seed). */
  seed?: number;
  /**
   * What carries the traffic: 'embedded' (default), 'toxiproxy' (a Toxiproxy server at toxiproxyUrl /
   * TOXIPROXY_URL; TCP only) or 'kernel' (root: namespaces, tc, nftables), or a LinkBackend of your own.
   */
  backend?: BackendName | LinkBackend;
  /** The toxiproxy backend's server (default TOXIPROXY_URL, else http://127.0.0.1:8474). */
  toxiproxyUrl?: string;
  /** Extra named profiles. */
  profiles?: Record<string, LinkConfig> | Profile[];
  /** History entries kept (oldest dropped beyond, counted in `historyDropped`). Default 1000. */
  maxHistory?: number;
  /**
   * Allow links to upstreams beyond loopback (default false). The CLI's --allow-remote-upstream and
   * NETWRIGHT_ALLOW_REMOTE_UPSTREAM=1 set it; listening stays loopback-only either way.
   */
  allowRemoteUpstream?: boolean;
}

export interface OpenLinkOptions {
  id: string;
  protocol: LinkProtocol;
  upstream: Address;
  /** Where to listen; default 127.0.0.1 port 0. */
  listen?: Address;
  /** UDP: close idle client mappings after this many ms. Default 60 000. */
  idleTimeoutMs?: number;
  /**
   * 'loopback' (default): the ends are sockets on 127.0.0.1; 'commands': programs started with
   * link.command() (the kernel backend carries only these).
   */
  endpoints?: 'loopback' | 'commands';
}

/** A network of impaired links (embedded backend). */
export class Network {
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly seed: number;
  /** Busy-poll window after each packet, ms (0 = off). */
  readonly busyPollMs: number;
  readonly profiles: ProfileBook;
  readonly upstream: DirectionControl;
  readonly downstream: DirectionControl;
  /** History entries dropped beyond maxHistory. */
  historyDropped = 0;
  /** Links may reach upstreams beyond loopback. */
  readonly allowRemoteUpstream: boolean;
  private readonly random: Random;
  private readonly originMs: number;
  private readonly wallOriginMs: number;
  private readonly links = new Map<string, NetworkLink>();
  private readonly order: NetworkLink[] = [];
  private readonly changes: NetworkChange[] = [];
  private readonly maxHistory: number;
  private readonly ownScheduler: boolean;
  private readonly timers = new Set<TimerHandle>();
  private readonly busyPoll: BusyPoll | undefined;
  private readonly retired: { stats: LinkStats; config: LinkConfig; series: NetworkSeries[] }[] = [];
  /** Links whose sockets are being bound: they already receive every change. */
  private readonly pending = new Map<string, LinkModel>();
  /**
   * The network-wide configuration: one immutable value, normalised once per change; links take its
   * spec objects as they are (see config.ts overlay), so identity means "unchanged" everywhere.
   */
  private template: LinkState = EMPTY_STATE;
  /** End times of the template's timed outages, for links opened while one lasts. */
  private readonly outageEnds = new Map<StageSpec, number>();
  private templateApi: Record<Direction, StageSpec[]> = { upstream: [], downstream: [] };
  private closed = false;
  /** What carries the traffic. */
  readonly backend: LinkBackend;

  constructor(opts: NetworkOptions = {}) {
    const backend = opts.backend ?? 'embedded';
    if (typeof backend === 'string' && !(BACKENDS as readonly string[]).includes(backend)) {
      const guess = closest(backend, BACKENDS);
      throw new NetwrightError('ERR_BACKEND_UNKNOWN', `unknown network backend '${backend}'`, {
        hint: `${guess ? `did you mean '${guess}'? ` : ''}backends: ${BACKENDS.join(', ')}`,
        details: { name: backend },
      });
    }
    this.clock = opts.clock ?? opts.scheduler?.clock ?? systemClock;
    this.ownScheduler = opts.scheduler === undefined;

    this.seed = (opts.seed ?? 1) >>> 0;
    this.random = new Random(this.seed);
    this.profiles = new ProfileBook(opts.profiles);
    const busyPollMs = opts.busyPollMs ?? DEFAULT_BUSY_POLL_MS;
    this.busyPollMs = busyPollMs;
    if (!(busyPollMs >= 0 && busyPollMs <= 1000))
      throw new NetwrightConfigError(
        'Network',
        [`busyPollMs: expected a number of ms in 0..1000, got ${JSON.stringify(opts.busyPollMs)}`],
        '0.05 (the default) for sub-0.1 ms added round trips, 0 to never spin',
      );
    this.busyPoll = busyPollMs > 0 ? new BusyPoll(busyPollMs) : undefined;
    // A ManualClock never reaches real due times: pair it with a ManualScheduler the caller advances.
    // The precise scheduler stops polling while the busy poll finds the machine contended.
    const poll = this.busyPoll;
    this.scheduler =
      opts.scheduler ??
      (this.clock instanceof ManualClock
        ? new ManualScheduler(this.clock)
        : new PreciseScheduler({
            clock: this.clock,
            spinMs: opts.spinMs,
            maxSpinShare: opts.maxSpinShare,
            contended: poll ? () => poll.paused : undefined,
          }));
    this.backend =
      typeof backend !== 'string'
        ? backend
        : backend === 'toxiproxy'
          ? new ToxiproxyLinkBackend({ url: opts.toxiproxyUrl })
          : backend === 'kernel'
            ? new KernelLinkBackend()
            : new EmbeddedBackend({
                busyPoll: this.busyPoll,
                allowRemoteUpstream: opts.allowRemoteUpstream === true,
              });
    this.maxHistory = opts.maxHistory ?? 1000;
    this.allowRemoteUpstream = opts.allowRemoteUpstream === true;
    this.originMs = this.clock.now();
    this.wallOriginMs = this.clock.wallNow();
    this.upstream = this.networkDirection('upstream');
    this.downstream = this.networkDirection('downstream');
  }

  /** Open a link for one client: listen on loopback, forward to `upstream` through the backend. */
  async openLink(opts: OpenLinkOptions): Promise<NetworkLink> {
    this.assertOpen();
    if (this.links.has(opts.id) || this.pending.has(opts.id))
      throw new NetwrightError('ERR_LINK_EXISTS', `a link named '${opts.id}' is already open`, {
        hint: 'give each client its own link id',
      });
    if (opts.protocol !== 'udp' && opts.protocol !== 'tcp')
      throw new NetwrightConfigError('openLink', [
        `protocol: expected 'udp' or 'tcp', got ${JSON.stringify(opts.protocol)}`,
      ]);
    const model = new LinkModel({
      id: opts.id,
      protocol: opts.protocol,
      clock: this.clock,
      scheduler: this.scheduler,
      random: this.random.fork(opts.id),
      profiles: this.profiles,
      initial: { state: this.template, api: this.templateApi, outageEnds: this.outageEnds },
      record: (c) => this.record(c),
      originMs: this.originMs,
    });
    const listen = opts.listen ?? { host: '127.0.0.1', port: 0 };
    this.pending.set(opts.id, model);
    let carrier: BackendLink;
    try {
      carrier = await this.backend.open(
        {
          id: opts.id,
          protocol: opts.protocol,
          upstream: opts.upstream,
          listen,
          idleTimeoutMs: opts.idleTimeoutMs,
          endpoints: opts.endpoints,
        },
        model,
      );
      try {
        model.attach(carrier);
      } catch (err) {
        await carrier.close();
        throw err;
      }
    } finally {
      this.pending.delete(opts.id);
    }
    if (this.closed) {
      await carrier.close();
      this.assertOpen();
    }
    const link = new NetworkLink(model, carrier, (final) => {
      // Closed links keep their final figures for stats() and the report (bounded).
      this.retired.push({ stats: final, config: model.config(), series: this.seriesOf(model) });
      if (this.retired.length > MAX_RETIRED) this.retired.shift();
      this.links.delete(opts.id);
      const i = this.order.indexOf(link);
      if (i >= 0) this.order.splice(i, 1);
    });
    this.links.set(opts.id, link);
    this.order.push(link);
    return link;
  }

  /** Every link model, open or being opened. */
  private models(): LinkModel[] {
    return [...this.order.map((l) => l.model), ...this.pending.values()];
  }

  /** A link by id, or by 0-based index in opening order. */
  client(idOrIndex: string | number): NetworkLink {
    const link = typeof idOrIndex === 'number' ? this.order[idOrIndex] : this.links.get(idOrIndex);
    if (link) return link;
    const ids = this.order.map((l) => l.id);
    const guess = typeof idOrIndex === 'string' ? closest(idOrIndex, ids) : undefined;
    throw new NetwrightError('ERR_LINK_NOT_FOUND', `no link ${JSON.stringify(idOrIndex)} on this network`, {
      hint: `${guess ? `did you mean '${guess}'? ` : ''}open links: ${ids.join(', ') || '(none)'}`,
    });
  }

  /** Open links in opening order. */
  get clients(): readonly NetworkLink[] {
    return [...this.order];
  }

  /** Merge a patch into every link (and links opened later). Validated for every link first. */
  set(patch: LinkConfigPatch): void {
    this.applyAll(patch, 'set');
  }

  /** Replace the configuration of every link with a named profile. */
  profile(name: ProfileName): void {
    this.applyProfile(name);
    this.record({ direction: 'both', source: 'profile', label: name, change: { profile: name } });
  }

  /** Replace every link's configuration with a profile, after checking it suits every link. */
  private applyProfile(name: string): void {
    const p = this.profiles.get(name);
    const next = applyPatch(EMPTY_STATE, p.config, undefined, `profile ${name}`);
    const whole: LinkConfigPatch = { upstream: null, downstream: null };
    const nexts = this.models().map((m) => [m, m.previewNetwork(next, whole)] as const);
    this.setTemplate(next);
    for (const [m, state] of nexts) m.commitState(state, { profile: name } as never, { record: false });
  }

  /** Replace the template, noting when its new timed outages end. */
  private setTemplate(next: LinkState): void {
    const now = this.clock.now();
    for (const dir of ['upstream', 'downstream'] as const) {
      const spec = next[dir].get('outage');
      const ms = (spec?.config as { durationMs?: number } | undefined)?.durationMs;
      if (spec && spec !== this.template[dir].get('outage') && ms !== undefined)
        this.outageEnds.set(spec, now + ms);
    }
    for (const spec of [...this.outageEnds.keys()])
      if (spec !== next.upstream.get('outage') && spec !== next.downstream.get('outage'))
        this.outageEnds.delete(spec);
    this.template = next;
  }

  /** Remove every impairment on every link. */
  reset(): void {
    this.setTemplate(EMPTY_STATE);
    this.templateApi = { upstream: [], downstream: [] };
    for (const m of this.models()) m.reset({ record: false });
    this.record({ direction: 'both', source: 'reset', label: 'reset', change: { reset: true } });
  }

  /** Define a profile for this network. */
  defineProfile(name: string, config: LinkConfig, description?: string): void {
    this.profiles.define(name, config, description);
  }

  /**
   * Script changes: each step runs `at` ms after this call (profile first, then the other keys).
   * Steps are validated up front (NetwrightConfigError lists every problem). Returns a cancel handle.
   */
  timeline(steps: TimelineStep[]): TimerHandle {
    this.assertOpen();
    validateTimeline(steps, this.profiles.names());
    const start = this.clock.now();
    const handles: TimerHandle[] = [];
    steps.forEach((step, i) => {
      const h = this.scheduler.at(start + step.at, () => {
        this.timers.delete(h);
        // A step that fails when it runs (link closed meanwhile...) is recorded, never thrown from a timer.
        try {
          this.runStep(step, i);
        } catch (err) {
          const e = err as { code?: string; message?: string };
          this.record({
            direction: 'both',
            source: 'timeline-error',
            label: `step ${i} failed: ${e.code ?? 'error'}`,
            change: { step: i, code: e.code, message: e.message },
          });
        }
      });
      this.timers.add(h);
      handles.push(h);
    });
    return {
      cancel: () => {
        for (const h of handles) h.cancel();
      },
    };
  }

  private runStep(step: TimelineStep, index: number): void {
    const { at, profile, link, ...patch } = step;
    const hasPatch = Object.values(patch).some((v) => v !== undefined);
    const label = [profile, hasPatch ? labelOf(patch) : ''].filter(Boolean).join(' + ');
    const change = { step: index, ...step };
    if (link !== undefined) {
      const target = this.client(link);
      if (profile) target.model.profile(profile, { record: false });
      if (hasPatch) target.model.set(patch, { record: false });
      this.record({ link: target.id, direction: 'both', source: 'timeline', label, change });
      this.watchOutageEnd(patch, target.id);
      return;
    }
    if (profile) this.applyProfile(profile);
    if (hasPatch) this.applyAll(patch, 'timeline', false);
    this.record({ direction: 'both', source: 'timeline', label, change });
  }

  /** Observed statistics of every link (serialisable). */
  stats(): NetworkStats {
    return {
      seed: this.seed,
      links: [...this.retired.map((r) => r.stats), ...this.order.map((l) => l.stats())],
    };
  }

  /**
   * Plot-ready time series per link direction (shape of TimeSeriesMeta in src/report/test-meta.ts):
   * mean delivered latency per 500 ms, and drops per 500 ms where there were any.
   */
  timeseries(): NetworkSeries[] {
    return [...this.retired.flatMap((r) => r.series), ...this.order.flatMap((l) => this.seriesOf(l.model))];
  }

  private seriesOf(model: LinkModel): NetworkSeries[] {
    const out: NetworkSeries[] = [];
    for (const [dir, short] of [
      ['upstream', 'up'],
      ['downstream', 'down'],
    ] as const) {
      const pts = model.recorders[dir].series(this.originMs);
      const latency = pts
        .filter((p) => !Number.isNaN(p.latencyMeanMs))
        .map((p) => [p.tMs, p.latencyMeanMs] as [number, number]);
      if (latency.length > 0)
        out.push({ name: `net ${model.id} ${short} latency`, unit: 'ms', source: model.id, points: latency });
      if (pts.some((p) => p.dropped > 0))
        out.push({
          name: `net ${model.id} ${short} dropped`,
          unit: 'count',
          source: model.id,
          points: pts.map((p) => [p.tMs, p.dropped] as [number, number]),
        });
    }
    return out;
  }

  /** Changes applied so far, oldest first (bounded, see historyDropped). */
  history(): NetworkChange[] {
    return this.changes.map((c) => ({ ...c }));
  }

  /** The configuration links start from (network-wide), in short form. */
  config(): LinkConfig {
    return toLinkConfig(this.template);
  }

  /** A serialisable summary for the report (shape of NetworkMeta in src/report/test-meta.ts). */
  toMeta(): Record<string, unknown> {
    const links: Record<string, unknown> = {};
    const entries = [...this.retired, ...this.order.map((l) => ({ stats: l.stats(), config: l.config() }))];
    for (const { stats: s, config } of entries) {
      links[s.id] = {
        up: s.upstream,
        down: s.downstream,
        protocol: s.protocol,
        sessions: s.sessions,
        config,
        closed: s.closed === true,
      };
    }
    return {
      backend: this.backend.name,
      seed: this.seed,
      t0: this.wallOriginMs,
      config: this.config(),
      history: this.history(),
      historyDropped: this.historyDropped,
      stats: { links },
    };
  }

  /** Cancel the timeline, close every link. Never throws. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.timers) t.cancel();
    this.timers.clear();
    await Promise.allSettled(this.order.map((l) => l.close()));
    await this.backend.close().catch(() => undefined);
    if (this.ownScheduler) this.scheduler.close();
    this.busyPoll?.close();
  }

  private applyAll(patch: LinkConfigPatch, source: string, record = true): void {
    this.assertOpen();
    // Validate for every link's mode first, so nothing changes unless all accept it.
    // Normalised once; each link takes the template's spec objects (checked for its mode and backend
    // first, so nothing changes unless every link accepts the change).
    const nextTemplate = applyPatch(this.template, patch, undefined, 'network config');
    const nexts = this.models().map((m) => [m, m.previewNetwork(nextTemplate, patch)] as const);
    this.setTemplate(nextTemplate);
    for (const [m, state] of nexts) m.commitState(state, patch, { record: false });
    if (record) this.record({ direction: 'both', source, label: labelOf(patch), change: patch });
    this.watchOutageEnd(patch);
  }

  /** Record the end of a timed outage once (the links remove their own stages). */
  private watchOutageEnd(patch: LinkConfigPatch, link?: string): void {
    const outage = patch.outage;
    const ms =
      typeof outage === 'number'
        ? outage
        : typeof outage === 'object' && outage
          ? outage.durationMs
          : undefined;
    if (ms === undefined || ms <= 0) return;
    const target = link === undefined ? undefined : this.links.get(link);
    const spec = target ? target.model.shortSpec('upstream', 'outage') : this.template.upstream.get('outage');
    const h = this.scheduler.at(this.clock.now() + ms, () => {
      this.timers.delete(h);
      // Replaced meanwhile (a profile, another outage, a reset): that change ended it and is recorded.
      const now = target
        ? target.model.shortSpec('upstream', 'outage')
        : this.template.upstream.get('outage');
      if (now !== spec) return;
      if (link === undefined) {
        // Every link ends its own copy (LinkModel, also links opened meanwhile); the network's
        // template forgets it here, and the end is recorded once.
        const m = new Map(this.template.upstream);
        const d = new Map(this.template.downstream);
        m.delete('outage');
        d.delete('outage');
        this.setTemplate({ upstream: m, downstream: d });
      }
      this.record({
        link,
        direction: 'both',
        source: 'outage-end',
        label: 'outage end',
        change: { outage: null },
      });
    });
    this.timers.add(h);
  }

  private record(c: ChangeRecord): void {
    const entry: NetworkChange = {
      tMs: round3(this.clock.now() - this.originMs),
      wallMs: this.clock.wallNow(),
      direction: c.direction,
      source: c.source,
      label: c.label,
      change: structuredClone(c.change),
    };
    if (c.link !== undefined) entry.link = c.link;
    this.changes.push(entry);
    if (this.changes.length > this.maxHistory) {
      this.changes.shift();
      this.historyDropped++;
    }
  }

  private assertOpen(): void {
    if (this.closed)
      throw new NetwrightError('ERR_NETWORK_CLOSED', 'the network is closed', {
        hint: 'create a new Network',
      });
  }

  private networkDirection(direction: Direction): DirectionControl {
    const each = (fn: (c: DirectionControl) => void) => {
      for (const m of this.models()) fn(m[direction]);
    };
    return {
      direction,
      set: (patch: DirectionPatch) => {
        const full = { [direction]: patch } as LinkConfigPatch;
        this.applyAll(full, 'set', false);
        this.record({ direction, source: 'set', label: labelOf(patch), change: full });
      },
      stages: () => [...orderedSpecs(this.template[direction]), ...this.templateApi[direction]],
      addStage: (spec, index) => {
        const problems: string[] = [];
        const norm = normalizeStage(spec, undefined, `${direction}.${spec.name}`, problems);
        for (const m of this.models())
          normalizeStage(spec, m.mode, `link ${m.id} ${direction}.${spec.name}`, problems);
        if (!norm || problems.length > 0)
          throw new NetwrightConfigError('network stage', [...new Set(problems)]);
        each((c) => c.addStage(norm, index));
        const list = [...this.templateApi[direction]];
        list.splice(index ?? list.length, 0, norm);
        this.templateApi = { ...this.templateApi, [direction]: list };
      },
      updateStage: (name, config, toxicity) => {
        each((c) => c.updateStage(name, config, toxicity));
        this.templateApi = {
          ...this.templateApi,
          [direction]: this.templateApi[direction].map((s) =>
            s.name === name ? { ...s, config, toxicity: toxicity ?? s.toxicity } : s,
          ),
        };
      },
      removeStage: (name) => {
        each((c) => c.removeStage(name));
        this.templateApi = {
          ...this.templateApi,
          [direction]: this.templateApi[direction].filter((s) => s.name !== name),
        };
      },
      clear: () => {
        each((c) => c.clear());
        this.setTemplate({ ...this.template, [direction]: new Map() });
        this.templateApi = { ...this.templateApi, [direction]: [] };
      },
    };
  }
}

/** Closed links whose final figures are kept. */
const MAX_RETIRED = 256;

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
