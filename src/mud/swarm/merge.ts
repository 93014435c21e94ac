// Merging swarm snapshots (workers of one process, shards on other machines, `netwright mud merge`):
// counters summed, HDR histograms decoded and added (exact percentiles, not averaged ones), time
// series joined by window time.

import { NetwrightError } from '../../errors.ts';
import { type HistogramSummary, LatencyHistogram } from '../../metrics/histogram.ts';
import { addErrorSample, MAX_SWARM_WINDOWS, type SwarmSnapshot, type SwarmWindow } from './types.ts';

/** Largest latency a swarm histogram keeps exactly, ms. */
export const SWARM_HIGHEST_MS = 600_000;

/** A histogram for swarm latencies (full buckets: one per swarm, not per bot). */
export function swarmHistogram(): LatencyHistogram {
  return new LatencyHistogram({ highestMs: SWARM_HIGHEST_MS });
}

const COUNTERS = [
  'commands',
  'responses',
  'bytesIn',
  'bytesOut',
  'kills',
  'deaths',
  'flees',
  'xp',
  'levels',
  'reconnects',
  'lagRefusals',
  'quitUnconfirmed',
] as const;

/** Add `b`'s counts into `a` (per key). */
export function addCounts(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  for (const [k, v] of Object.entries(b)) a[k] = (a[k] ?? 0) + v;
  return a;
}

/**
 * The merged summary with the parts' exact min and max: the HDR encoding keeps buckets, so a decoded
 * max is its bucket's edge (15.191 ms for a recorded 15.184), and a percentile in the top bucket moved
 * with it. Percentiles are kept within the exact bounds.
 */
function exactBounds(merged: HistogramSummary, parts: readonly HistogramSummary[]): HistogramSummary {
  const seen = parts.filter((p) => p.count > 0);
  if (merged.count === 0 || seen.length === 0) return merged;
  const min = Math.min(...seen.map((p) => p.min));
  const max = Math.max(...seen.map((p) => p.max));
  const clamp = (v: number) => Math.min(max, Math.max(min, v));
  return {
    ...merged,
    min,
    max,
    p50: clamp(merged.p50),
    p90: clamp(merged.p90),
    p95: clamp(merged.p95),
    p99: clamp(merged.p99),
    p999: clamp(merged.p999),
  };
}

/** Join series by window time: active and responses summed, p99 the highest part's (an upper bound). */
export function mergeSeries(all: readonly SwarmWindow[][]): SwarmWindow[] {
  const byT = new Map<number, SwarmWindow>();
  for (const series of all)
    for (const w of series) {
      const m = byT.get(w.t);
      if (!m) byT.set(w.t, { ...w });
      else {
        m.active += w.active;
        m.responses += w.responses;
        m.p99Ms = Math.max(m.p99Ms, w.p99Ms);
      }
    }
  return boundSeries([...byT.values()].sort((x, y) => x.t - y.t));
}

/** Keep at most MAX_SWARM_WINDOWS windows by joining neighbours pairwise, oldest first. */
export function boundSeries(series: SwarmWindow[]): SwarmWindow[] {
  let s = series;
  while (s.length > MAX_SWARM_WINDOWS) {
    const out: SwarmWindow[] = [];
    for (let i = 0; i < s.length; i += 2) {
      const a = s[i]!;
      const b = s[i + 1];
      out.push(
        b
          ? {
              t: b.t,
              active: b.active,
              responses: a.responses + b.responses,
              p99Ms: Math.max(a.p99Ms, b.p99Ms),
            }
          : a,
      );
    }
    s = out;
  }
  return s;
}

/** One snapshot of several (workers, shards). Throws ERR_MUD_SWARM_MERGE on an unknown format. */
export function mergeSnapshots(parts: readonly SwarmSnapshot[]): SwarmSnapshot {
  if (parts.length === 0)
    throw new NetwrightError('ERR_MUD_SWARM_MERGE', 'mergeSnapshots: no snapshots given', {
      hint: 'pass the snapshot of every shard (the JSON each `netwright mud --shard k/n` wrote)',
    });
  parts.forEach((p, i) => {
    if (p?.version !== 1 || typeof p.latencyHdr !== 'string')
      throw new NetwrightError(
        'ERR_MUD_SWARM_MERGE',
        `mergeSnapshots: part ${i + 1} is not a swarm snapshot (version ${String((p as { version?: unknown })?.version)})`,
        {
          hint: 'merge the `snapshot` objects written by netwright mud (same netwright version)',
        },
      );
  });
  const latency = swarmHistogram();
  const login = swarmHistogram();
  for (const p of parts) {
    latency.mergeEncoded(p.latencyHdr);
    login.mergeEncoded(p.loginHdr);
  }
  const first = parts[0]!;
  const out: SwarmSnapshot = {
    ...first,
    startedAt: Math.min(...parts.map((p) => p.startedAt)),
    elapsedMs: Math.max(...parts.map((p) => p.elapsedMs)),
    parts: parts.reduce((n, p) => n + p.parts, 0),
    bots: { target: 0, active: 0, connecting: 0, total: 0, failed: 0, logins: 0, closed: 0 },
    errors: {},
    behaviors: {},
    latencyMs: exactBounds(
      latency.summary(),
      parts.map((p) => p.latencyMs),
    ),
    latencyHdr: latency.encode(),
    loginMs: exactBounds(
      login.summary(),
      parts.map((p) => p.loginMs),
    ),
    loginHdr: login.encode(),
    series: mergeSeries(parts.map((p) => p.series)),
  };
  // A counter missing from an older snapshot counts as 0.
  for (const k of COUNTERS) out[k] = parts.reduce((n, p) => n + (p[k] ?? 0), 0);
  out.errorSamples = {};
  for (const p of parts) {
    addCounts(out.bots as unknown as Record<string, number>, p.bots as unknown as Record<string, number>);
    addCounts(out.errors, p.errors);
    for (const [code, list] of Object.entries(p.errorSamples ?? {}))
      for (const sample of list) addErrorSample(out.errorSamples, code, sample);
    addCounts(out.behaviors, p.behaviors);
  }
  const faults = parts.flatMap((p) => (p.fault ? [p.fault] : []));
  delete out.fault;
  if (faults.length) out.fault = faults.reduce((a, b) => (b.at < a.at ? b : a));
  return out;
}
