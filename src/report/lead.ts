// A failure's lead: what went wrong in a few words and the files to open, from its evidence, computed
// before the budget cuts anything (a stubbed failure keeps its lead). summary.md lists every lead first.
//   saw:  the error's first line (two when the first ends with ':'); the metrics the failing line reads (`metrics.baselineMismatches` ->
//         "baseline mismatches"); the failure's most frequent anomalies; the lead section block's title
//         (a MUD bot's losing fight); the network impairments in force (`downstream.latency.jitterMs=15`),
//         which a twin that passed on a clean link does not have.
//   open: source files the error, the anomalies and the section blocks name (a Godot `res://` path
//         resolved to the project's folder), most mentioned first, the failing spec itself excluded.

import { clip } from './error-brief.ts';
import type { RawEvidence } from './evidence.ts';
import type { FailureEntry, FailureLead, NetworkEvidence } from './model.ts';
import { isRecord } from './normalize-meta.ts';
import { referencedSources } from './source-refs.ts';

/** Most anomaly kinds and files in a lead. */
const LEAD_ANOMALY_KINDS = 3;
const LEAD_FILES = 3;
/** Most impairment settings named in a lead. */
const LEAD_NETWORK_SETTINGS = 6;
/** Longest error line and block title in a lead. */
const LEAD_TEXT_CHARS = 400;

/** `baselineMismatches` / `baseline_mismatch` -> `baseline mismatches` / `baseline mismatch`. */
export function humanize(id: string): string {
  return id
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/[_.-]+/g, ' ')
    .toLowerCase()
    .trim();
}

/** The metrics a failing line reads: `expect(c.metrics.baselineMismatches)` -> ['baselineMismatches']. */
export function metricsRead(core: Pick<FailureEntry, 'quote'>): string[] {
  const q = core.quote;
  const line = q ? (q.lines[q.line - q.fromLine] ?? '') : '';
  return [...new Set([...line.matchAll(/\bmetrics\??\.(\w+)/g)].map((m) => m[1] as string))];
}

/** Settings of the network config in force, as `path=value` (non-zero numbers, true, strings). */
export function impairmentsInForce(net: NetworkEvidence | null): string[] {
  const out: string[] = [];
  const walk = (v: unknown, at: string) => {
    if (isRecord(v)) for (const [k, x] of Object.entries(v)) walk(x, at ? `${at}.${k}` : k);
    else if ((typeof v === 'number' && v !== 0) || v === true || (typeof v === 'string' && v))
      out.push(`${at}=${v}`);
  };
  walk(net?.config, '');
  return out;
}

/** What a lead reads of a failure: its error message, its quoted line and its spec file. */
export type LeadInput = Pick<FailureEntry, 'file' | 'quote'> & {
  error: Pick<FailureEntry['error'], 'message'>;
};

export function failureLead(core: LeadInput, raw: RawEvidence | null, root: string): FailureLead {
  const saw: string[] = [];
  // The first line, and the next when the first only introduces it ("1 of 2 clients did not:").
  const lines = core.error.message
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const first = lines[0]?.endsWith(':') && lines[1] ? `${lines[0]} ${lines[1]}` : (lines[0] ?? '');
  if (first) saw.push(clip(first, LEAD_TEXT_CHARS));
  const metrics = metricsRead(core).map(humanize);
  if (metrics.length) saw.push(`failing metric: ${metrics.join(', ')}`);
  const counts = new Map<string, number>();
  for (const a of raw?.anomalies ?? []) counts.set(a.event, (counts.get(a.event) ?? 0) + 1);
  const kinds = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, LEAD_ANOMALY_KINDS);
  if (kinds.length) saw.push(`anomalies: ${kinds.map(([e, n]) => `${humanize(e)} ×${n}`).join(', ')}`);
  const impaired = impairmentsInForce(raw?.network ?? null);
  if (impaired.length) {
    const more = impaired.length - LEAD_NETWORK_SETTINGS;
    saw.push(
      clip(
        `network in force: ${impaired.slice(0, LEAD_NETWORK_SETTINGS).join(', ')}${more > 0 ? ` (+${more} more)` : ''}`,
        LEAD_TEXT_CHARS,
      ),
    );
  }
  const lead = (raw?.blocks ?? []).find((b) => b.rank === 'lead');
  if (lead) saw.push(clip(lead.title, LEAD_TEXT_CHARS));

  const texts = [
    core.error.message,
    ...(raw?.anomalies ?? []).map((a) => a.detail ?? ''),
    ...(raw?.processes ?? []).map((p) => p.error ?? ''),
    ...(raw?.blocks ?? []).flatMap((b) => [b.title, ...b.lines]),
  ];
  const open = referencedSources(texts, root)
    .filter((f) => f !== core.file)
    .slice(0, LEAD_FILES);
  return { saw, open };
}
