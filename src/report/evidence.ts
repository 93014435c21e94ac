// Everything that could explain one failure, before the budget picks what fits: process outcomes,
// anomalies, the network in force, and a bounded scan of every log the test's processes wrote.

import { DEFAULT_RELEVANT, type LogScan, type LogScanOptions, scanLog } from './log-scan.ts';
import type { AnomalyEntry, EvidenceBlock, NetworkEvidence, ProcessBrief } from './model.ts';
import { clipLine, isRecord, testT0 } from './normalize-meta.ts';
import { escapeRegExp } from './reproduce.ts';
import type { NetwrightTestMeta } from './test-meta.ts';

/** Most anomalies and network timeline entries considered for one failure. */
export const EVIDENCE_LIMITS = {
  anomalies: 40,
  timeline: 40,
  statsLines: 16,
  tailLines: 20,
  logs: 16,
} as const;

/** A log file of a test, with its scan. */
export interface ScannedLog {
  source: string;
  path: string;
  scan: LogScan;
  /** The process behind it failed. */
  failedProcess: boolean;
}

export interface RawEvidence {
  processes: ProcessBrief[];
  anomalies: AnomalyEntry[];
  network: NetworkEvidence | null;
  logs: ScannedLog[];
  /** Tails attached in meta for processes without a log file on disk. */
  tails: { source: string; lines: string[]; failedProcess: boolean }[];
  /** Log files beyond EVIDENCE_LIMITS.logs, not scanned. */
  logsNotScanned: number;
  /** Evidence from report sections (added by the report builder, not scanned here). */
  blocks?: EvidenceBlock[];
}

function labelOf(change: unknown, fallback?: unknown): string {
  if (typeof fallback === 'string' && fallback) return fallback;
  if (typeof change === 'string') return change;
  if (isRecord(change)) {
    if (typeof change.profile === 'string') return change.profile;
    if (typeof change.name === 'string') return change.name;
    if (change.outage === true || change.down === true) return 'outage';
    const s = JSON.stringify(change);
    return s.length > 120 ? `${s.slice(0, 117)}...` : s;
  }
  return String(change);
}

/** Timeline label of a network change ('wifi_good', 'outage', or a short JSON of the config). */
export function networkLabel(h: { change: unknown; label?: unknown }): string {
  return labelOf(h.change, h.label);
}

/** True for labels that mean "no connectivity". */
export function isOutage(label: string, change: unknown): boolean {
  if (/\b(end|ended|over|restored|recovered|up)\b/i.test(label)) return false;
  return (
    /outage|\bdown\b|blackhole|partition/i.test(label) ||
    (isRecord(change) &&
      ((change.outage !== undefined && change.outage !== false && change.outage !== 0) || change.loss === 1))
  );
}

function n(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** One line for one direction of a link; reads src/impair DirectionStats and simpler shapes. */
function directionLine(d: Record<string, unknown>): string {
  const parts: string[] = [];
  const packets = n(d.packetsIn) ?? n(d.packets);
  const dropped = n(d.droppedTotal) ?? n(d.dropped);
  if (packets !== undefined) parts.push(`packets=${packets}`);
  if (n(d.packetsOut) !== undefined) parts.push(`delivered=${d.packetsOut}`);
  if (dropped !== undefined) parts.push(`dropped=${dropped}`);
  for (const k of ['duplicated', 'reordered', 'corrupted', 'queueOverflows', 'held']) {
    if (n(d[k])) parts.push(`${k}=${d[k]}`);
  }
  const loss = n(d.lossRate) ?? (packets && dropped !== undefined ? dropped / packets : undefined);
  if (loss !== undefined) parts.push(`loss=${(100 * loss).toFixed(1)}%`);
  // TCP does not drop: a lost segment is sent again, so `loss` reads 0 % while the configured loss
  // turned into retransmission stalls (each one holds the stream back by a retransmission timeout).
  const retx = n(d.retransmitted);
  if (retx)
    parts.push(
      `retransmission stalls=${retx}${packets ? ` (${((100 * retx) / packets).toFixed(1)}% of segments; TCP turns loss into delay)` : ''}`,
    );
  if (isRecord(d.latencyMs) && n(d.latencyMs.p50) !== undefined) {
    parts.push(`latency p50=${d.latencyMs.p50}ms p99=${d.latencyMs.p99}ms`);
  }
  if (n(d.achievedKbps)) parts.push(`kbps=${d.achievedKbps}`);
  if (d.configured !== undefined)
    parts.push(`configured=${clipLine(JSON.stringify(d.configured) ?? '', 200)}`);
  if (isRecord(d.observed)) parts.push(`observed=${clipLine(JSON.stringify(d.observed), 160)}`);
  return parts.join(' ');
}

function statsLines(stats: unknown): string[] {
  const out: string[] = [];
  let links: Record<string, unknown> = {};
  if (isRecord(stats) && Array.isArray(stats.links)) {
    for (const l of stats.links) if (isRecord(l)) links[String(l.id ?? out.length)] = l;
  } else if (isRecord(stats) && isRecord(stats.links)) links = stats.links;
  else if (isRecord(stats)) links = stats;
  for (const [id, link] of Object.entries(links)) {
    if (!isRecord(link)) continue;
    for (const dir of ['up', 'down', 'upstream', 'downstream']) {
      const d = link[dir];
      if (isRecord(d)) out.push(`${id} ${dir}: ${directionLine(d)}`);
    }
  }
  return out.slice(0, EVIDENCE_LIMITS.statsLines);
}

/** A network change's time in ms since the test's t0 (via its wall time when both are known). */
export function changeTMs(h: { tMs: number; wallMs?: unknown }, t0: number | undefined): number {
  return typeof h.wallMs === 'number' && t0 !== undefined ? Math.round(h.wallMs - t0) : h.tMs;
}

/** Relevance pattern for a test's logs: errors plus the names of its anomaly events. */
export function relevancePattern(meta: NetwrightTestMeta): RegExp {
  const names = [...new Set((meta.events ?? []).map((e) => e.event).filter((n) => n.length >= 3))].slice(
    0,
    20,
  );
  if (!names.length) return DEFAULT_RELEVANT;
  return new RegExp(`${DEFAULT_RELEVANT.source}|${names.map(escapeRegExp).join('|')}`, 'i');
}

/** Collect the raw evidence of a test; scans each log once (streaming). Never throws. */
export async function gatherEvidence(
  meta: NetwrightTestMeta,
  scanOptions: LogScanOptions = {},
): Promise<RawEvidence> {
  const procs = meta.processes ?? [];
  const processes: ProcessBrief[] = procs.map((p) => {
    const b: ProcessBrief = {
      name: p.name,
      exitCode: typeof p.exitCode === 'number' ? p.exitCode : null,
      signal: typeof p.signal === 'string' ? p.signal : null,
      reason: typeof p.reason === 'string' ? p.reason : null,
      failed: p.failed === true,
      durationMs: typeof p.durationMs === 'number' ? p.durationMs : null,
    };
    if (p.error && typeof p.error.message === 'string') {
      b.error = clipLine(`${p.error.code ? `[${p.error.code}] ` : ''}${p.error.message}`, 400);
    }
    return b;
  });
  processes.sort((a, b) => Number(b.failed) - Number(a.failed));

  const t0 = testT0(meta);
  const anomalies: AnomalyEntry[] = (meta.events ?? []).slice(-EVIDENCE_LIMITS.anomalies).map((e) => {
    const { t, source, event, level: _l, ...rest } = e;
    const a: AnomalyEntry = { tMs: t0 !== undefined ? Math.round(t - t0) : null, t, source, event };
    const detail = Object.keys(rest).length ? JSON.stringify(rest) : '';
    if (detail) a.detail = clipLine(detail, 200);
    return a;
  });

  let network: NetworkEvidence | null = null;
  if (meta.network) {
    const history = meta.network.history ?? [];
    network = {
      config: meta.network.config ?? null,
      timeline: history.slice(-EVIDENCE_LIMITS.timeline).map((h) => {
        const e: NetworkEvidence['timeline'][number] = { tMs: changeTMs(h, t0), label: networkLabel(h) };
        if (typeof h.link === 'string') e.link = h.link;
        if (typeof h.direction === 'string') e.direction = h.direction;
        return e;
      }),
      stats: statsLines(meta.network.stats),
    };
  }

  const wanted: { source: string; path: string; failedProcess: boolean }[] = [];
  const seen = new Set<string>();
  const tails: RawEvidence['tails'] = [];
  for (const p of procs) {
    let hasFile = false;
    const paths = Object.entries(p.logPaths ?? {}).sort(
      ([a], [b]) => Number(b === 'stderr') - Number(a === 'stderr'),
    );
    for (const [stream, file] of paths) {
      if (typeof file !== 'string' || seen.has(file)) continue;
      seen.add(file);
      hasFile = true;
      wanted.push({ source: `${p.name} ${stream}`, path: file, failedProcess: p.failed === true });
    }
    if (!hasFile) {
      const lines = [
        ...(p.stderrTail ?? []).slice(-EVIDENCE_LIMITS.tailLines).map((l) => `[stderr] ${l}`),
        ...(p.stdoutTail ?? []).slice(-EVIDENCE_LIMITS.tailLines).map((l) => `[stdout] ${l}`),
      ];
      if (lines.length) tails.push({ source: p.name, lines, failedProcess: p.failed === true });
    }
  }
  for (const l of meta.logs ?? []) {
    if (seen.has(l.path)) continue;
    seen.add(l.path);
    wanted.push({ source: l.source, path: l.path, failedProcess: false });
  }
  wanted.sort((a, b) => Number(b.failedProcess) - Number(a.failedProcess));
  const relevant = relevancePattern(meta);
  const picked = wanted.slice(0, EVIDENCE_LIMITS.logs);
  const logs: ScannedLog[] = [];
  // One at a time: memory stays at one scan's bound, and disks are not thrashed.
  // First instant of each anomaly kind: context there in every log, not only the emitting one.
  const kinds = new Set<string>();
  const focusTimes: number[] = [];
  for (const e of meta.events ?? []) {
    const k = `${e.source}\u0000${e.event}`;
    if (kinds.has(k) || focusTimes.length >= 6) continue;
    kinds.add(k);
    focusTimes.push(e.t);
  }
  for (const w of picked) {
    logs.push({ ...w, scan: await scanLog(w.path, { relevant, focusTimes, ...scanOptions }) });
  }
  return { processes, anomalies, network, logs, tails, logsNotScanned: wanted.length - picked.length };
}
