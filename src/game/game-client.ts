// A running game client: live metrics plus control (behaviour, move_to, disconnect, reconnect).

import { NetwrightError } from '../errors.ts';
import type { LinkHandle } from '../impair/types.ts';
import type { LatencyHistogram } from '../metrics/histogram.ts';
import type { GameEvent, ManagedProcess, ProcessResult } from '../process/types.ts';
import { ClientMetrics, type ClientMetricsSummary } from './client-metrics.ts';
import type { ControlConnection } from './control-server.ts';
import { point } from './event-fields.ts';
import type { GameBehaviorName } from './process-spec.ts';

/** The network link a client goes through, when one is used (src/impair's per-client link). */
export type ClientLink = LinkHandle;

export interface ClientWaitOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Handle on one started game client (an element of `await clients(n)`). */
export class GameClientHandle {
  /** TEST_CLIENT_ID, 1..n. */
  readonly id: number;
  /** Process name, `client-<id>`. */
  readonly name: string;
  readonly process: ManagedProcess;
  readonly control: ControlConnection;
  readonly metrics: ClientMetrics;
  /** The client's own network link, when it goes through `network`. */
  readonly link: ClientLink | undefined;
  /** Behaviour the client was started with (changes with setBehavior). */
  behavior: string;
  private readonly unsubscribe: () => void;

  constructor(opts: {
    id: number;
    process: ManagedProcess;
    control: ControlConnection;
    behavior: string;
    link?: ClientLink;
    metrics?: ClientMetrics;
  }) {
    this.id = opts.id;
    this.name = opts.process.name;
    this.process = opts.process;
    this.control = opts.control;
    this.behavior = opts.behavior;
    this.link = opts.link;
    this.metrics = opts.metrics ?? new ClientMetrics();
    for (const e of opts.process.events) this.metrics.ingest(e);
    this.unsubscribe = opts.process.onEvent((e) => this.metrics.ingest(e));
  }

  /** Snapshot delay distribution, ms (for `toHavePercentileBelow`). */
  get delay(): LatencyHistogram {
    return this.metrics.delay;
  }

  get events(): readonly GameEvent[] {
    return this.process.events;
  }

  summary(): ClientMetricsSummary {
    return this.metrics.summary();
  }

  /** Switch behaviour (`set_behavior`); resolves once the client acknowledged it. */
  async setBehavior(behavior: GameBehaviorName, opts: ClientWaitOptions = {}): Promise<void> {
    await this.control.request({ cmd: 'set_behavior', behavior }, { timeoutMs: opts.timeoutMs ?? 10_000 });
    this.behavior = behavior;
  }

  /**
   * Walk to (x, y) in world units and stay there. By default resolves with the position reported on
   * arrival (`arrived` event); with `{ wait: false }` once the client acknowledged the command.
   */
  moveTo(x: number, y: number, opts?: ClientWaitOptions & { wait?: true }): Promise<[number, number]>;
  moveTo(x: number, y: number, opts: ClientWaitOptions & { wait: false }): Promise<undefined>;
  async moveTo(
    x: number,
    y: number,
    opts: ClientWaitOptions & { wait?: boolean } = {},
  ): Promise<[number, number] | undefined> {
    const timeoutMs = opts.timeoutMs ?? 30_000;
    const arrived = opts.wait === false ? undefined : this.nextEvent('arrived', timeoutMs, opts.signal);
    arrived?.catch(() => {});
    await this.control.request({ cmd: 'move_to', x, y }, { timeoutMs: 10_000 });
    this.behavior = 'move_to';
    if (!arrived) return undefined;
    const e = await arrived;
    const pos = point(e.pos);
    if (!pos) {
      throw new NetwrightError(
        'ERR_GAME_EVENT_MALFORMED',
        `${this.name}: 'arrived' event without a readable pos`,
        {
          details: { event: e },
        },
      );
    }
    return pos;
  }

  /** Drop the connection to the game server and stay disconnected; resolves once the client says so. */
  async disconnect(opts: ClientWaitOptions = {}): Promise<void> {
    const gone = this.nextEvent('disconnect', opts.timeoutMs ?? 10_000, opts.signal);
    gone.catch(() => {});
    await this.control.request({ cmd: 'disconnect' }, { timeoutMs: 10_000 });
    await gone;
  }

  /**
   * (Re)connect and wait for the first snapshot of the new connection.
   * Resolves with the time to first snapshot, ms, as the client measured it.
   */
  async reconnect(opts: ClientWaitOptions = {}): Promise<number> {
    const first = this.nextEvent('first_snapshot', opts.timeoutMs ?? 20_000, opts.signal);
    first.catch(() => {});
    await this.control.request({ cmd: 'reconnect' }, { timeoutMs: 10_000 });
    const e = await first;
    const ms = Number(e.ms_since_connect ?? e.ms);
    return Number.isFinite(ms) ? ms : Number.NaN;
  }

  /** Wait until the client holds at least `count` snapshots in total. */
  async waitForSnapshots(count: number, opts: ClientWaitOptions = {}): Promise<void> {
    if (this.metrics.snapshots >= count) return;
    await this.process.waitForEvent(() => this.metrics.snapshots >= count, {
      timeoutMs: opts.timeoutMs ?? 30_000,
      signal: opts.signal,
    });
  }

  /** The client's own counters (the `stats` control command). */
  async stats(timeoutMs = 5000): Promise<Record<string, unknown>> {
    return this.control.stats(timeoutMs);
  }

  /** Quit (control socket), then TERM/KILL; closes the link. Never throws. */
  async stop(): Promise<ProcessResult> {
    const result = await this.process.stop();
    this.unsubscribe();
    await this.link?.close().catch(() => {});
    return result;
  }

  private nextEvent(name: string, timeoutMs: number, signal?: AbortSignal): Promise<GameEvent> {
    return this.process.waitForEvent(name, { timeoutMs, signal, includePast: false });
  }
}
