// The handful of numbers that say how a test went: shown in the compact test entries of report.json,
// the summary table, Vitest UI annotations and JUnit <property> elements. One source for all of them.

import { isRecord, normalizeMeta } from './normalize-meta.ts';
import type { HistogramMeta, NetwrightTestMeta } from './test-meta.ts';

/** Ordered key -> value; keys are stable dotted names with units (`latency.p99Ms`). */
export type KeyFigures = Record<string, number | string>;

/** Prefix of annotation types carrying key figures (JUnit property names). */
export const KEY_FIGURE_ANNOTATION_PREFIX = 'netwright.';

function entries(v: unknown): Record<string, unknown>[] {
  const list = Array.isArray(v) ? v : isRecord(v) ? Object.values(v) : [];
  return list.filter(isRecord);
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function round(v: number): number {
  return Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 100) / 100;
}

function maxOf(values: (number | undefined)[]): number | undefined {
  const xs = values.filter((x): x is number => x !== undefined);
  return xs.length ? Math.max(...xs) : undefined;
}

function minOf(values: (number | undefined)[]): number | undefined {
  const xs = values.filter((x): x is number => x !== undefined);
  return xs.length ? Math.min(...xs) : undefined;
}

function sumOf(values: (number | undefined)[]): number | undefined {
  const xs = values.filter((x): x is number => x !== undefined);
  return xs.length ? xs.reduce((a, b) => a + b, 0) : undefined;
}

function put(out: KeyFigures, key: string, v: number | string | undefined): void {
  if (v === undefined) return;
  out[key] = typeof v === 'number' ? round(v) : v;
}

/** Key figures of one test's meta; at most ~14 entries, all scalars. Missing data yields no key. */
export function keyFigures(meta: NetwrightTestMeta): KeyFigures {
  const out: KeyFigures = {};
  put(out, 'seed', num(meta.seed));

  const game = isRecord(meta.game) ? meta.game : {};
  const clients = entries(game.clients);
  const servers = entries(game.servers);
  const all = [...servers, ...clients];
  // Game clients report snapshot delay (`delayMs`); anything else may report `latencyMs`.
  const lat = (m: Record<string, unknown>): HistogramMeta =>
    isRecord(m.latencyMs) ? m.latencyMs : isRecord(m.delayMs) ? m.delayMs : {};
  put(out, 'latency.p50Ms', maxOf(clients.map((c) => num(lat(c).p50))));
  put(out, 'latency.p99Ms', maxOf(clients.map((c) => num(lat(c).p99))));
  put(out, 'latency.maxMs', maxOf(clients.map((c) => num(lat(c).max))));
  put(out, 'snapshotRate.minHz', minOf(clients.map((c) => num(c.snapshotRateHz))));
  put(out, 'underruns', sumOf(all.map((c) => num(c.underruns))));
  put(out, 'reconnects', sumOf(all.map((c) => num(c.reconnects))));
  put(
    out,
    'server.tick.p99Ms',
    maxOf(servers.map((s) => (isRecord(s.tickMs) ? num(s.tickMs.p99) : undefined))),
  );

  const mud = isRecord(meta.mud) ? meta.mud : {};
  const bots = entries(mud.bots);
  if (bots.length) put(out, 'mud.bots', bots.length);
  put(out, 'mud.kills', sumOf(bots.map((b) => num(b.kills))));
  put(out, 'mud.deaths', sumOf(bots.map((b) => num(b.deaths))));
  put(out, 'mud.latency.p99Ms', maxOf(bots.map((b) => num(lat(b).p99))));

  const procs = meta.processes ?? [];
  if (procs.length) put(out, 'processes.failed', procs.filter((p) => p.failed).length);

  const history = meta.network?.history ?? [];
  const last = history[history.length - 1];
  if (last) {
    const label =
      typeof last.label === 'string' ? last.label : typeof last.change === 'string' ? last.change : '';
    put(out, 'network.changes', history.length);
    if (label) put(out, 'network.last', label);
  }
  if (meta.events?.length) put(out, 'anomalies', meta.events.length);
  return out;
}

/** Key figures as annotations ({ type: 'netwright.latency.p99Ms', message: '42' }) for UI and JUnit. */
export function keyFigureAnnotations(figures: KeyFigures): { type: string; message: string }[] {
  return Object.entries(figures).map(([k, v]) => ({
    type: KEY_FIGURE_ANNOTATION_PREFIX + k,
    message: String(v),
  }));
}

/** One short line: `seed=42 latency.p99Ms=81 underruns=3`. */
export function formatKeyFigures(figures: KeyFigures, max = 8): string {
  return Object.entries(figures)
    .slice(0, max)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

/**
 * Annotations for a raw `task.meta.netwright` object. Call from inside the test body (annotate throws
 * after it): `for (const a of annotationsForMeta(task.meta.netwright)) await annotate(a.message, a.type)`.
 */
export function annotationsForMeta(raw: unknown): { type: string; message: string }[] {
  return keyFigureAnnotations(keyFigures(normalizeMeta(raw).meta));
}
