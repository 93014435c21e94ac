// A link's model, independent of sockets: its configuration (short-form state plus stages added by
// the Toxiproxy API), the live chains of its sessions, and its per-direction statistics. Backends
// (embedded UDP/TCP proxies) open sessions on it; every change reconciles all live chains at once.
import { NetwrightConfigError, NetwrightError } from '../errors.ts';
import type { Clock } from '../util/clock.ts';
import type { Random } from '../util/random.ts';
import { Chain, type ChainControl } from './chain.ts';
import {
  applyPatch,
  EMPTY_STATE,
  type LinkState,
  labelOf,
  orderedSpecs,
  overlay,
  toLinkConfig,
} from './config.ts';
import type { ProfileBook, ProfileName } from './profiles.ts';
import { normalizeStage } from './registry.ts';
import { DirectionRecorder } from './stats.ts';
import type {
  ChainMode,
  Direction,
  DirectionControl,
  DirectionPatch,
  DirectionStats,
  ImpairmentKey,
  LinkConfig,
  LinkConfigPatch,
  LinkProtocol,
  Packet,
  Scheduler,
  StageSpec,
  TimerHandle,
} from './types.ts';

/** A change as the model reports it (the network adds times). */
export interface ChangeRecord {
  link?: string;
  direction: Direction | 'both';
  source: string;
  label: string;
  change: unknown;
}

export interface LinkModelOptions {
  id: string;
  protocol: LinkProtocol;
  clock: Clock;
  scheduler: Scheduler;
  /** The link's stream; sessions fork it by direction and session number. */
  random: Random;
  profiles: ProfileBook;
  /** Starting configuration (the network's current one). */
  initial?: {
    state: LinkState;
    api?: Record<Direction, StageSpec[]>;
    /** Clock times at which inherited timed outages end (keyed by their spec object). */
    outageEnds?: ReadonlyMap<StageSpec, number>;
  };
  /** Called for each change made through this link's own controls. */
  record?: (change: ChangeRecord) => void;
  /** Clock time the time-series buckets are aligned to (the network's origin); default 0. */
  originMs?: number;
}

/** The two chains of one session (a UDP source address or a TCP connection). */
export interface Session {
  readonly index: number;
  readonly upstream: Chain;
  readonly downstream: Chain;
  /** Dispose both chains and forget the session. */
  close(): void;
}

const DIRECTIONS: readonly Direction[] = ['upstream', 'downstream'];

/** The backend side of a link as the model sees it: refuse what it cannot carry, follow every change. */
export interface ModelBackend {
  check(specs: Record<Direction, StageSpec[]>): void;
  apply(specs: Record<Direction, StageSpec[]>): void;
}

/** Options of a change: `record: false` when the network records it once for all links. */
export interface ChangeOptions {
  record?: boolean;
  source?: string;
}

export class LinkModel {
  readonly id: string;
  readonly protocol: LinkProtocol;
  readonly mode: ChainMode;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly recorders: Record<Direction, DirectionRecorder>;
  readonly upstream: DirectionControl;
  readonly downstream: DirectionControl;
  private readonly opts: LinkModelOptions;
  private state: LinkState;
  private api: Record<Direction, StageSpec[]>;
  private readonly sessions = new Set<Session>();
  private sessionCount = 0;
  /** Pending ends of timed outages; cancelled when the link closes. */
  private readonly timers = new Set<TimerHandle>();
  /** The backend carrying this link's traffic (none: the embedded chains are the data path). */
  private backend: ModelBackend | undefined;

  constructor(opts: LinkModelOptions) {
    this.opts = opts;
    this.recorders = {
      upstream: new DirectionRecorder(opts.originMs),
      downstream: new DirectionRecorder(opts.originMs),
    };
    this.id = opts.id;
    this.protocol = opts.protocol;
    this.mode = opts.protocol === 'tcp' ? 'stream' : 'datagram';
    this.clock = opts.clock;
    this.scheduler = opts.scheduler;
    this.state = opts.initial?.state ?? EMPTY_STATE;
    this.api = {
      upstream: [...(opts.initial?.api?.upstream ?? [])],
      downstream: [...(opts.initial?.api?.downstream ?? [])],
    };
    // The inherited state is the network's own value (shared spec objects); only the mode is checked
    // (e.g. a stream-only key on a UDP link), nothing is normalised again.
    this.state = overlay(
      EMPTY_STATE,
      this.state,
      { upstream: null, downstream: null },
      this.mode,
      `link ${this.id}`,
    );
    for (const dir of DIRECTIONS) {
      const spec = this.state[dir].get('outage');
      const end = spec && opts.initial?.outageEnds?.get(spec);
      if (spec && end !== undefined) this.scheduleOutageEnd(dir, spec, end, { record: false });
    }
    this.upstream = this.directionControl('upstream');
    this.downstream = this.directionControl('downstream');
  }

  /** Follow this backend from now on (it gets the current stages at once). */
  attach(backend: ModelBackend): void {
    backend.check(this.allSpecs(this.state, this.api));
    this.backend = backend;
    backend.apply(this.allSpecs(this.state, this.api));
  }

  /**
   * The state a network-wide patch gives this link, from the network's already normalised template
   * (its spec objects are shared), checked for mode and backend (throws; changes nothing).
   */
  previewNetwork(template: LinkState, patch: LinkConfigPatch): LinkState {
    const next = overlay(this.state, template, patch, this.mode, `link ${this.id}`);
    this.backend?.check(this.allSpecs(next, this.api));
    return next;
  }

  /** Commit a state from preview()/previewNetwork(). */
  commitState(next: LinkState, patch: LinkConfigPatch, options: ChangeOptions = {}): void {
    this.commit(next, patch, 'both', options);
  }

  /** The state a patch would give, checked for this link's mode and backend (throws; changes nothing). */
  preview(patch: LinkConfigPatch): LinkState {
    const next = applyPatch(this.state, patch, this.mode, `link ${this.id}`);
    this.backend?.check(this.allSpecs(next, this.api));
    return next;
  }

  private allSpecs(state: LinkState, api: Record<Direction, StageSpec[]>): Record<Direction, StageSpec[]> {
    return {
      upstream: [...orderedSpecs(state.upstream), ...api.upstream],
      downstream: [...orderedSpecs(state.downstream), ...api.downstream],
    };
  }

  /** Stage specs of a direction in chain order. */
  specs(direction: Direction): StageSpec[] {
    return [...orderedSpecs(this.state[direction]), ...this.api[direction]];
  }

  /** The spec behind a short-form key in one direction (identity tells whether it was replaced). */
  shortSpec(direction: Direction, key: ImpairmentKey): StageSpec | undefined {
    return this.state[direction].get(key);
  }

  /** Current short-form configuration. */
  config(): LinkConfig {
    return toLinkConfig(this.state);
  }

  /** Merge a patch (validated first; nothing changes on error). */
  set(patch: LinkConfigPatch, options: ChangeOptions = {}): void {
    this.commit(this.preview(patch), patch, 'both', options);
  }

  /** Replace the short-form configuration with a named profile. */
  profile(name: ProfileName, options: ChangeOptions = {}): void {
    const p = this.opts.profiles.get(name);
    const next = applyPatch(EMPTY_STATE, p.config, this.mode, `profile ${name} on link ${this.id}`);
    this.backend?.check(this.allSpecs(next, this.api));
    this.state = next;
    this.reconcile();
    if (options.record !== false)
      this.opts.record?.({
        link: this.id,
        direction: 'both',
        source: options.source ?? 'profile',
        label: name,
        change: { profile: name },
      });
  }

  /** Remove every stage, short-form and API. */
  reset(options: ChangeOptions = {}): void {
    this.state = EMPTY_STATE;
    this.api = { upstream: [], downstream: [] };
    this.reconcile();
    if (options.record !== false)
      this.opts.record?.({
        link: this.id,
        direction: 'both',
        source: options.source ?? 'reset',
        label: 'reset',
        change: { reset: true },
      });
  }

  /** Open a session: two chains built from the current specs, delivering to the given sinks. */
  openSession(deliver: Record<Direction, (p: Packet) => void>, control?: ChainControl): Session {
    const index = this.sessionCount++;
    const make = (direction: Direction) => {
      const chain = new Chain({
        mode: this.mode,
        direction,
        clock: this.clock,
        scheduler: this.scheduler,
        random: this.opts.random.fork(`${direction}/${index}`),
        recorder: this.recorders[direction],
        deliver: deliver[direction],
        control,
      });
      chain.reconcile(this.specs(direction));
      return chain;
    };
    const session: Session = {
      index,
      upstream: make('upstream'),
      downstream: make('downstream'),
      close: () => {
        session.upstream.dispose();
        session.downstream.dispose();
        this.sessions.delete(session);
      },
    };
    this.sessions.add(session);
    return session;
  }

  /** Sessions currently open. */
  get activeSessions(): number {
    return this.sessions.size;
  }

  /** Total sessions opened. */
  get totalSessions(): number {
    return this.sessionCount;
  }

  /** Observed figures per direction with the specs in force. */
  directionStats(direction: Direction): DirectionStats {
    let held = 0;
    let heldBytes = 0;
    for (const s of this.sessions) {
      held += s[direction].held();
      heldBytes += s[direction].inFlightBytes;
    }
    return this.recorders[direction].snapshot(held, heldBytes, structuredClone(this.specs(direction)));
  }

  /** Dispose every session's chains and cancel the link's own timers (the backend closes sockets). */
  closeAll(): void {
    for (const s of [...this.sessions]) s.close();
    for (const t of this.timers) t.cancel();
    this.timers.clear();
  }

  private commit(
    next: LinkState,
    patch: unknown,
    direction: Direction | 'both',
    options: ChangeOptions,
  ): void {
    const before = this.state;
    this.state = next;
    this.reconcile();
    if (options.record !== false)
      this.opts.record?.({
        link: this.id,
        direction,
        source: options.source ?? 'set',
        label: labelOf(patch as LinkConfigPatch),
        change: patch,
      });
    this.scheduleOutageEnds(before, options);
  }

  /** An outage with a duration removes itself when it ends (and that end is recorded). */
  private scheduleOutageEnds(before: LinkState, options: ChangeOptions): void {
    for (const dir of DIRECTIONS) {
      const spec = this.state[dir].get('outage');
      if (!spec || spec === before[dir].get('outage')) continue;
      const ms = (spec.config as { durationMs?: number }).durationMs;
      if (ms === undefined) continue;
      this.scheduleOutageEnd(dir, spec, this.clock.now() + ms, options);
    }
  }

  /**
   * The one place a timed outage ends: at `endMs` the stage leaves this direction (unless replaced
   * meanwhile: that change ended it), the chains flush what it held, the backend follows.
   */
  private scheduleOutageEnd(dir: Direction, spec: StageSpec, endMs: number, options: ChangeOptions): void {
    {
      const timer = this.scheduler.at(endMs, () => {
        this.timers.delete(timer);
        if (this.state[dir].get('outage') !== spec) return;
        const m = new Map(this.state[dir]);
        m.delete('outage');
        this.state = { ...this.state, [dir]: m };
        this.reconcile();
        if (options.record !== false && dir === 'upstream')
          this.opts.record?.({
            link: this.id,
            direction: 'both',
            source: 'outage-end',
            label: 'outage end',
            change: { outage: null },
          });
      });
      this.timers.add(timer);
    }
  }

  private reconcile(): void {
    // Every change takes effect here: the time series starts a bucket at it (see DirectionRecorder.cut).
    const now = this.clock.now();
    for (const dir of DIRECTIONS) this.recorders[dir].cut(now);
    for (const dir of DIRECTIONS) {
      const specs = this.specs(dir);
      for (const s of this.sessions) s[dir].reconcile(specs);
    }
    this.backend?.apply(this.allSpecs(this.state, this.api));
  }

  private findApi(direction: Direction, name: string): number {
    return this.api[direction].findIndex((s) => s.name === name);
  }

  private directionControl(direction: Direction): DirectionControl {
    const notFound = (name: string) =>
      new NetwrightError('ERR_STAGE_NOT_FOUND', `link ${this.id} ${direction}: no stage named '${name}'`, {
        hint: `stages: ${
          this.specs(direction)
            .map((s) => s.name)
            .join(', ') || '(none)'
        }`,
        details: { link: this.id, direction, name },
      });
    const isShort = (name: string) => this.state[direction].has(name as never);
    const record = (source: string, label: string, change: unknown) =>
      this.opts.record?.({ link: this.id, direction, source, label, change });
    return {
      direction,
      set: (patch: DirectionPatch) => {
        const next = this.preview({ [direction]: patch });
        this.commit(next, { [direction]: patch }, direction, {});
      },
      stages: () => structuredClone(this.specs(direction)),
      addStage: (spec, index) => {
        if (isShort(spec.name) || this.findApi(direction, spec.name) >= 0)
          throw new NetwrightError(
            'ERR_STAGE_EXISTS',
            `link ${this.id} ${direction}: a stage named '${spec.name}' exists`,
            {
              hint: 'update or remove it first, or pick another name',
              details: { link: this.id, direction, name: spec.name },
            },
          );
        const problems: string[] = [];
        const norm = normalizeStage(spec, this.mode, `${direction}.${spec.name}`, problems);
        if (!norm) throw new NetwrightConfigError(`link ${this.id} stage`, problems);
        const list = [...this.api[direction]];
        list.splice(index ?? list.length, 0, norm);
        const api = { ...this.api, [direction]: list };
        this.backend?.check(this.allSpecs(this.state, api));
        this.api = api;
        this.reconcile();
        record('stage', `+${spec.name}(${spec.type})`, norm);
      },
      updateStage: (name, config, toxicity) => {
        const i = this.findApi(direction, name);
        if (i < 0) {
          if (!isShort(name)) throw notFound(name);
          const next = this.preview({ [direction]: { [name]: config } });
          this.commit(next, { [direction]: { [name]: config } }, direction, { source: 'stage' });
          return;
        }
        const cur = this.api[direction][i];
        const problems: string[] = [];
        const spec = { ...cur, config, toxicity: toxicity ?? cur.toxicity };
        const norm = normalizeStage(spec, this.mode, `${direction}.${name}`, problems);
        if (!norm) throw new NetwrightConfigError(`link ${this.id} stage`, problems);
        const list = [...this.api[direction]];
        list[i] = norm;
        const api = { ...this.api, [direction]: list };
        this.backend?.check(this.allSpecs(this.state, api));
        this.api = api;
        this.reconcile();
        record('stage', `~${name}`, norm);
      },
      removeStage: (name) => {
        const i = this.findApi(direction, name);
        if (i < 0) {
          if (!isShort(name)) throw notFound(name);
          const next = applyPatch(
            this.state,
            { [direction]: { [name]: null } },
            this.mode,
            `link ${this.id}`,
          );
          this.commit(next, { [direction]: { [name]: null } }, direction, { source: 'stage' });
          return;
        }
        this.api = { ...this.api, [direction]: this.api[direction].filter((s) => s.name !== name) };
        this.reconcile();
        record('stage', `-${name}`, { remove: name });
      },
      clear: () => {
        this.state = { ...this.state, [direction]: new Map() };
        this.api = { ...this.api, [direction]: [] };
        this.reconcile();
        record('stage', 'clear', { clear: true });
      },
    };
  }
}
