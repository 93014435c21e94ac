// One game scenario entry, run with the fixtures' own objects (server, clients(n), network): set the
// network, start the clients, measure for the scenario's duration with a progress line every interval,
// and return the figures the thresholds read. The generated scenario test calls this; nothing here
// knows Vitest.
//
//   network.profile / set ─▶ clients(n) (each with a first snapshot) ─▶ window start (counts)
//        ─▶ progress every interval ─▶ window end (counts) ─▶ figures (rates over the window)

import { NetwrightError } from '../errors.ts';
import type { GameClientHandle } from '../game/game-client.ts';
import type { StartClientsOptions } from '../game/game-session.ts';
import type { LinkConfigPatch } from '../impair/types.ts';
import { type Clock, systemClock } from '../util/clock.ts';
import type { Scenario, ScenarioEntry } from './scenario.ts';
import type { ScenarioFigures } from './thresholds.ts';

/** The part of the `network` fixture a scenario uses. */
export interface ScenarioNetwork {
  profile(name: string): void;
  set(patch: LinkConfigPatch): void;
  stats(): { links: { id: string; upstream: { lossRate: number }; downstream: { lossRate: number } }[] };
}

export interface GameScenarioFixtures {
  clients: (n: number, opts?: StartClientsOptions) => Promise<GameClientHandle[]>;
  network: ScenarioNetwork;
  signal?: AbortSignal;
}

/** Per-client figures over the measured window. */
export interface ClientFigures {
  name: string;
  snapshots: number;
  rateHz: number;
  p50Ms: number;
  p99Ms: number;
  underruns: number;
  underrunsPerMin: number;
}

export interface GameScenarioResult extends ScenarioFigures {
  entry: string;
  profile: string | null;
  clients: number;
  /** Length of the measured window, s (clients all connected to end). */
  windowS: number;
  /** Start of the clients -> every one with a first snapshot, ms. */
  connectMs: number;
  snapshots: number;
  perClient: ClientFigures[];
}

export interface GameScenarioOptions {
  /** One line of progress (the generated test writes it to stderr). */
  progress?: (line: string) => void;
  clock?: Clock;
}

interface Counts {
  snapshots: number;
  underruns: number;
}

const countsOf = (c: GameClientHandle): Counts => ({
  snapshots: c.metrics.snapshots,
  underruns: c.metrics.underruns,
});

const r1 = (n: number) => Math.round(n * 10) / 10;

/** Wait `ms` or until aborted; never rejects. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Figures of every client between two count snapshots `windowMs` apart. */
function figuresOf(clients: GameClientHandle[], start: Counts[], windowMs: number): ClientFigures[] {
  const minutes = windowMs / 60_000;
  return clients.map((c, i) => {
    const now = countsOf(c);
    const base = start[i] ?? { snapshots: 0, underruns: 0 };
    const snapshots = now.snapshots - base.snapshots;
    const underruns = now.underruns - base.underruns;
    return {
      name: c.name,
      snapshots,
      rateHz: windowMs > 0 ? r1((snapshots * 1000) / windowMs) : 0,
      p50Ms: c.delay.percentile(50),
      p99Ms: c.delay.percentile(99),
      underruns,
      underrunsPerMin: minutes > 0 ? r1(underruns / minutes) : 0,
    };
  });
}

/** `[wifi_bad] 10/60 s  8 clients  2400 snapshots (min 29.8 Hz)  p99 81 ms  underruns 0/min  loss 4.9%` */
function progressLine(
  entry: ScenarioEntry,
  elapsedMs: number,
  durationS: number,
  figures: ClientFigures[],
  network: ScenarioNetwork,
): string {
  const total = figures.reduce((n, f) => n + f.snapshots, 0);
  const minRate = figures.length ? Math.min(...figures.map((f) => f.rateHz)) : 0;
  const p99 = figures.length ? Math.max(...figures.map((f) => f.p99Ms)) : 0;
  const upm = figures.length ? Math.max(...figures.map((f) => f.underrunsPerMin)) : 0;
  let loss = '';
  try {
    const links = network.stats().links;
    const rates = links.map((l) => Math.max(l.upstream.lossRate, l.downstream.lossRate));
    if (rates.length) loss = `  loss ${r1(Math.max(...rates) * 100)}%`;
  } catch {
    // stats are a nicety here
  }
  return (
    `[scenario ${entry.name}] ${Math.min(durationS, Math.round(elapsedMs / 1000))}/${durationS} s  ` +
    `${figures.length} clients  ${total} snapshots (min ${minRate} Hz)  p99 ${r1(p99)} ms  ` +
    `underruns ${upm}/min${loss}`
  );
}

/** Run one entry of a game scenario with the test's fixtures; returns what was measured. */
export async function runGameScenario(
  fx: GameScenarioFixtures,
  scenario: Scenario,
  entry: ScenarioEntry,
  opts: GameScenarioOptions = {},
): Promise<GameScenarioResult> {
  const clock = opts.clock ?? systemClock;
  const say = opts.progress ?? (() => undefined);
  if (entry.profile) fx.network.profile(entry.profile);
  if (entry.link) fx.network.set(entry.link);
  const t0 = clock.now();
  say(
    `[scenario ${entry.name}] starting ${scenario.clients} clients (${scenario.behavior}, ${scenario.staggerMs} ms apart)`,
  );
  const clients = await fx.clients(scenario.clients, {
    behavior: scenario.behavior,
    stagger: scenario.staggerMs,
  });
  const connectMs = Math.round(clock.now() - t0);
  if (fx.signal?.aborted) {
    throw new NetwrightError('ERR_SCENARIO_ABORTED', `scenario ${entry.name} was cancelled while starting`);
  }
  say(
    `[scenario ${entry.name}] ${clients.length} clients connected in ${connectMs} ms; measuring ${scenario.durationS} s`,
  );
  const start = clients.map(countsOf);
  const windowStart = clock.now();
  const durationMs = scenario.durationS * 1000;
  const every = scenario.progressIntervalS * 1000;
  // Timers may fire a little early: the window ends within END_SLACK_MS of its length, and the last
  // interval's line is left to the final one.
  const END_SLACK_MS = 20;
  for (;;) {
    const left = durationMs - (clock.now() - windowStart);
    if (left <= END_SLACK_MS || fx.signal?.aborted) break;
    await pause(Math.min(every, left), fx.signal);
    const elapsed = clock.now() - windowStart;
    if (elapsed < durationMs - END_SLACK_MS && !fx.signal?.aborted)
      say(progressLine(entry, elapsed, scenario.durationS, figuresOf(clients, start, elapsed), fx.network));
  }
  const windowMs = clock.now() - windowStart;
  const perClient = figuresOf(clients, start, windowMs);
  say(progressLine(entry, windowMs, scenario.durationS, perClient, fx.network));
  const max = (k: keyof ClientFigures) => Math.max(...perClient.map((c) => c[k] as number));
  return {
    entry: entry.name,
    profile: entry.profile,
    clients: clients.length,
    windowS: r1(windowMs / 1000),
    connectMs,
    snapshots: perClient.reduce((n, c) => n + c.snapshots, 0),
    p99Ms: max('p99Ms'),
    minRateHz: Math.min(...perClient.map((c) => c.rateHz)),
    underrunsPerMin: max('underrunsPerMin'),
    perClient,
  };
}
