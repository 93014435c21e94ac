// Turns whatever a fixture attached under `task.meta.netwright` into a bounded NetwrightTestMeta.
// Liberal in what it accepts: wrong types are dropped (and counted), unknown keys are kept while
// their serialised size stays under META_LIMITS.extraChars. Never throws. Reads the test's side file
// (bulky series, tails and events, see ./side-meta.ts) when the meta points at one.

import { normalizeMud } from './normalize-mud.ts';
import { withSideMeta } from './side-meta.ts';
import {
  META_KEY,
  META_LIMITS,
  type MetaEvent,
  type NetworkChangeMeta,
  type NetwrightTestMeta,
  type ProcessMeta,
  type TimeSeriesMeta,
} from './test-meta.ts';
import { MAX_THRESHOLDS, normalizeThreshold } from './thresholds.ts';

/** What normalisation cut or dropped, per test. */
export interface MetaDropCounts {
  /** Values of the wrong type (e.g. a string seed). */
  invalid: number;
  /** List entries beyond a bound (processes, events, history, series, tail lines). */
  truncated: number;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function finite(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Cut a line to `max` chars, marking the cut. */
export function clipLine(s: string, max: number = META_LIMITS.lineChars): string {
  return s.length <= max ? s : `${s.slice(0, max)}… [+${s.length - max} chars]`;
}

/** A JSON-safe copy of an unknown value, or a marker when it is too big or not serialisable. */
export function boundedJson(v: unknown, maxChars: number = META_LIMITS.extraChars): unknown {
  let s: string | undefined;
  try {
    s = JSON.stringify(v);
  } catch {
    return '[unserialisable]';
  }
  if (s === undefined) return null;
  if (s.length > maxChars) return `[omitted: ${s.length} chars of JSON]`;
  return JSON.parse(s);
}

function tail(v: unknown, drops: MetaDropCounts): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const lines = v.filter((l): l is string => typeof l === 'string');
  drops.invalid += v.length - lines.length;
  const keep = lines.slice(-META_LIMITS.tailLines);
  drops.truncated += lines.length - keep.length;
  return keep.map((l) => clipLine(l));
}

function normalizeProcess(v: unknown, drops: MetaDropCounts): ProcessMeta | undefined {
  if (!isRecord(v) || typeof v.name !== 'string') {
    drops.invalid++;
    return undefined;
  }
  const { stdoutTail: _o, stderrTail: _e, logPaths: _l, ...rest } = v;
  const copy = boundedJson(rest);
  const out: ProcessMeta = { ...(isRecord(copy) ? copy : {}), name: v.name };
  if (v.stdoutTail !== undefined) out.stdoutTail = tail(v.stdoutTail, drops);
  if (v.stderrTail !== undefined) out.stderrTail = tail(v.stderrTail, drops);
  if (isRecord(v.logPaths)) {
    const paths: Record<string, string> = {};
    for (const [k, p] of Object.entries(v.logPaths)) if (typeof p === 'string') paths[k] = p;
    out.logPaths = paths;
  }
  return out;
}

function normalizeEvent(v: unknown, drops: MetaDropCounts): MetaEvent | undefined {
  if (!isRecord(v) || finite(v.t) === undefined || typeof v.event !== 'string') {
    drops.invalid++;
    return undefined;
  }
  const copy = boundedJson(v, 2000);
  if (!isRecord(copy)) {
    return { t: v.t as number, source: String(v.source ?? '?'), event: v.event };
  }
  return { ...copy, t: v.t as number, source: String(v.source ?? v.cat ?? '?'), event: v.event };
}

function normalizeHistory(v: unknown, drops: MetaDropCounts): NetworkChangeMeta[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: NetworkChangeMeta[] = [];
  for (const h of v) {
    if (!isRecord(h) || finite(h.tMs) === undefined) {
      drops.invalid++;
      continue;
    }
    const copy = boundedJson(h, 4000);
    out.push({ ...(isRecord(copy) ? copy : {}), tMs: h.tMs as number, change: boundedJson(h.change, 4000) });
  }
  const keep = out.slice(0, META_LIMITS.history);
  drops.truncated += out.length - keep.length;
  return keep;
}

/**
 * Downsample to about `max` points, keeping first, last and each bucket's extreme values. A null value
 * is a gap (nothing measured): a bucket holding one keeps it, so gaps survive downsampling.
 */
export function downsample<V extends number | null>(points: [number, V][], max: number): [number, V][] {
  if (points.length <= max) return points;
  const gaps = points.some((p) => p[1] === null);
  const buckets = Math.max(1, Math.floor(max / (gaps ? 3 : 2)));
  const size = points.length / buckets;
  const out: [number, V][] = [];
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor(b * size);
    const to = Math.min(points.length, Math.floor((b + 1) * size));
    let lo: [number, V] | undefined;
    let hi: [number, V] | undefined;
    let gap: [number, V] | undefined;
    for (let i = from; i < to; i++) {
      const p = points[i];
      if (p[1] === null) {
        gap ??= p;
        continue;
      }
      if (!lo || (p[1] as number) < (lo[1] as number)) lo = p;
      if (!hi || (p[1] as number) > (hi[1] as number)) hi = p;
    }
    const keep = [lo, hi, gap].filter((p, i, a): p is [number, V] => !!p && a.indexOf(p) === i);
    keep.sort((x, y) => x[0] - y[0]);
    out.push(...keep);
  }
  if (out[out.length - 1] !== points[points.length - 1]) out[out.length - 1] = points[points.length - 1];
  return out;
}

/** A series breaks where its samples stop for more than this many median sample intervals. */
export const GAP_FACTOR = 2.5;

/**
 * Mark outages in a series: where two consecutive values are more than `factor` x the series' median
 * sample interval apart (with regular sampling: two or more samples missing in a row), insert a null
 * point between them so the plotted line breaks there instead of drawing straight across. Needs 3+
 * points (2 intervals) to know the sampling; points sorted by time.
 */
export function breakGaps<V extends number | null>(
  points: [number, V][],
  factor: number = GAP_FACTOR,
): [number, V | null][] {
  const dts: number[] = [];
  for (let i = 1; i < points.length; i++) {
    const dt = points[i][0] - points[i - 1][0];
    if (dt > 0) dts.push(dt);
  }
  if (dts.length < 2) return points;
  dts.sort((a, b) => a - b);
  const mid = dts.length >> 1;
  const median = dts.length % 2 ? dts[mid] : (dts[mid - 1] + dts[mid]) / 2;
  const out: [number, V | null][] = [points[0]];
  for (let i = 1; i < points.length; i++) {
    const prev = points[i - 1];
    const cur = points[i];
    if (prev[1] !== null && cur[1] !== null && cur[0] - prev[0] > factor * median)
      out.push([Math.round((prev[0] + cur[0]) / 2), null]);
    out.push(cur);
  }
  return out;
}

function normalizeSeries(v: unknown, drops: MetaDropCounts): TimeSeriesMeta | undefined {
  if (!isRecord(v) || typeof v.name !== 'string' || !Array.isArray(v.points)) {
    drops.invalid++;
    return undefined;
  }
  const pts: [number, number | null][] = [];
  for (const p of v.points) {
    // null is a gap: nothing was measured then (e.g. no snapshot arrived during an outage).
    if (Array.isArray(p) && finite(p[0]) !== undefined && (p[1] === null || finite(p[1]) !== undefined))
      pts.push([p[0], p[1]]);
    else drops.invalid++;
  }
  pts.sort((a, b) => a[0] - b[0]);
  const kept = downsample(pts, META_LIMITS.points);
  drops.truncated += pts.length - kept.length;
  const out: TimeSeriesMeta = {
    name: v.name,
    unit: typeof v.unit === 'string' ? v.unit : '',
    points: kept,
  };
  if (typeof v.source === 'string') out.source = v.source;
  if (finite(v.t0) !== undefined) out.t0 = v.t0 as number;
  return out;
}

function list<T>(
  v: unknown,
  max: number,
  drops: MetaDropCounts,
  one: (x: unknown, d: MetaDropCounts) => T | undefined,
  keepLast = false,
): T[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) {
    drops.invalid++;
    return undefined;
  }
  const out: T[] = [];
  for (const x of v) {
    const n = one(x, drops);
    if (n !== undefined) out.push(n);
  }
  const keep = keepLast ? out.slice(-max) : out.slice(0, max);
  drops.truncated += out.length - keep.length;
  return keep;
}

/** Read `meta.netwright` from a Vitest task meta (or accept the netwright object itself). */
export function extractNetwrightMeta(taskMeta: unknown): unknown {
  return isRecord(taskMeta) && META_KEY in taskMeta ? taskMeta[META_KEY] : undefined;
}

/**
 * Bounded, typed copy of fixture meta, with its side file (./side-meta.ts) merged in; `drops` counts
 * what was cut. Never throws.
 */
export function normalizeMeta(input: unknown): { meta: NetwrightTestMeta; drops: MetaDropCounts } {
  const raw = withSideMeta(input);
  const drops: MetaDropCounts = { invalid: 0, truncated: 0 };
  const meta: NetwrightTestMeta = {};
  if (!isRecord(raw)) {
    if (raw !== undefined) drops.invalid++;
    return { meta, drops };
  }
  for (const [key, value] of Object.entries(raw)) {
    switch (key) {
      case 'seed':
      case 'runSeed':
      case 't0': {
        const n = finite(value);
        if (n === undefined) drops.invalid++;
        else meta[key] = n;
        break;
      }
      case 'logDir':
        if (typeof value === 'string') meta.logDir = value;
        else drops.invalid++;
        break;
      case 'logs':
        meta.logs = list(value, META_LIMITS.processes, drops, (x, d) => {
          if (isRecord(x) && typeof x.path === 'string') {
            return { source: String(x.source ?? x.name ?? 'log'), path: x.path };
          }
          d.invalid++;
          return undefined;
        });
        break;
      case 'versions':
        if (isRecord(value)) {
          const v: Record<string, string> = {};
          for (const [k, x] of Object.entries(value))
            if (typeof x === 'string' || typeof x === 'number') v[k] = String(x).slice(0, 100);
          meta.versions = v;
        } else drops.invalid++;
        break;
      case 'processes':
        meta.processes = list(value, META_LIMITS.processes, drops, normalizeProcess);
        break;
      case 'events':
        meta.events = list(value, META_LIMITS.events, drops, normalizeEvent, true);
        break;
      case 'timeseries':
        meta.timeseries = list(value, META_LIMITS.series, drops, normalizeSeries);
        break;
      case 'thresholds':
        meta.thresholds = list(value, MAX_THRESHOLDS, drops, normalizeThreshold, true);
        break;
      case 'network': {
        if (!isRecord(value)) {
          drops.invalid++;
          break;
        }
        const { history, ...rest } = value;
        const copy = boundedJson(rest);
        meta.network = isRecord(copy) ? { ...copy } : { omitted: copy };
        const h = normalizeHistory(history, drops);
        if (h) meta.network.history = h;
        break;
      }
      case 'mud':
        if (isRecord(value)) meta.mud = normalizeMud(value, drops);
        else drops.invalid++;
        break;
      case 'game':
        if (isRecord(value)) {
          const copy = boundedJson(value);
          meta[key] = isRecord(copy) ? copy : { omitted: copy };
        } else drops.invalid++;
        break;
      default:
        meta[key] = boundedJson(value);
    }
  }
  return { meta, drops };
}

/** Origin of the test's relative times: `t0`, else the network's own origin, else undefined. */
export function testT0(meta: NetwrightTestMeta): number | undefined {
  if (meta.t0 !== undefined) return meta.t0;
  const n = meta.network?.t0;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}
