// A swarm result made small for a test report (task meta): counts, figures, latency summary, a
// bounded time series and the fault with a few bots' last lines. No HDR payloads (those are for
// merging, not for reading).
import type { HistogramSummary } from '../../metrics/histogram.ts';
import type { SwarmFault, SwarmResult, SwarmSnapshot, SwarmWindow } from './types.ts';

/** Windows kept in a report summary. */
export const SUMMARY_WINDOWS = 120;

/** What a report keeps of one swarm run. */
export interface SwarmSummary extends Omit<SwarmSnapshot, 'latencyHdr' | 'loginHdr' | 'series' | 'fault'> {
  reason: SwarmResult['reason'];
  durationMs: number;
  latencyMs: HistogramSummary;
  series: SwarmWindow[];
  fault?: SwarmFault;
}

/** Keep every n-th window so at most `max` remain (the last one always kept). */
function thin(series: readonly SwarmWindow[], max: number): SwarmWindow[] {
  if (series.length <= max) return [...series];
  const step = Math.ceil(series.length / max);
  return series.filter((_, i) => (series.length - 1 - i) % step === 0);
}

/** The report's copy of a run: small and JSON-safe, passwords never in it (bots' lines are masked). */
export function summarizeSwarm(r: SwarmResult): SwarmSummary {
  const { latencyHdr: _l, loginHdr: _g, series, fault, ...rest } = r.snapshot;
  const out: SwarmSummary = {
    ...rest,
    reason: r.reason,
    durationMs: r.durationMs,
    series: thin(series, SUMMARY_WINDOWS),
  };
  const f = r.fault ?? fault;
  if (f)
    out.fault = { ...f, lastLines: f.lastLines.slice(0, 4).map((l) => ({ ...l, lines: l.lines.slice(-6) })) };
  return out;
}
