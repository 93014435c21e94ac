// Fits the failures section into a token budget (tokens ~ chars / 4 of its JSON as written), whatever
// the logs weigh. Every failure keeps its core (name, location, error, repro, seed, log paths); the
// rest of the budget is shared out as evidence, most telling first:
//   processes -> first anomalies -> lead section blocks -> network -> first relevant window of each
//   log -> process tails -> log tails -> detail section blocks -> remaining anomalies -> remaining windows
// What does not fit is counted in `omitted` with the log paths and the line ranges not shown.
// When even the cores do not fit, later failures become stubs, then are only counted.

import { clip } from './error-brief.ts';
import type { RawEvidence, ScannedLog } from './evidence.ts';
import type { LogWindow } from './log-scan.ts';
import type { AnomalyEntry, BudgetInfo, EvidenceBlock, FailureEntry, LogExcerpt, Omitted } from './model.ts';

/** Default token budget of the failures section. */
export const DEFAULT_TOKEN_BUDGET = 8000;

/** Share of the budget full failure cores may take; the rest is for stubs and evidence. */
const FULL_CORES_SHARE = 0.35;
/** Share cores and stubs together may take: at least 45% stays for evidence of the full failures. */
const STUBS_SHARE = 0.55;

/** Estimated tokens of a string: chars / 4, rounded up. */
export function estimateTokens(s: string): number {
  return Math.ceil(s.length / 4);
}

/** Characters `v` takes in report.json (2-space indent, nested ~4 levels deep). */
export function jsonChars(v: unknown, depth = 4): number {
  const s = JSON.stringify(v, null, 2);
  if (s === undefined) return 4;
  let lines = 1;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) lines++;
  return s.length + lines * depth * 2 + 8;
}

/** A failure before fitting: its core entry (empty evidence) and what could explain it. */
export interface FailureDraft {
  core: FailureEntry;
  raw: RawEvidence | null;
}

type Candidate =
  | { kind: 'processes'; value: FailureEntry['evidence']['processes'] }
  | { kind: 'anomaly'; value: AnomalyEntry }
  | { kind: 'network'; value: NonNullable<FailureEntry['evidence']['network']> }
  | { kind: 'block'; value: EvidenceBlock }
  | { kind: 'excerpt'; value: LogExcerpt; log: ScannedLog | null; keepEnd: boolean };

function emptyOmitted(): Omitted {
  return { chars: 0, items: 0, logLines: 0, see: [] };
}

function excerpt(log: ScannedLog, w: LogWindow, kind: LogExcerpt['kind']): LogExcerpt {
  const k = kind === 'match' && w.matchedLines.length === 0 ? 'moment' : kind;
  return { path: log.path, source: log.source, kind: k, ...w };
}

function candidates(raw: RawEvidence): Candidate[] {
  const out: Candidate[] = [];
  if (raw.processes.length) out.push({ kind: 'processes', value: raw.processes.slice(0, 16) });
  // First one of each kind (source + event) early; repeats only after the log excerpts.
  const kinds = new Set<string>();
  const repeats: AnomalyEntry[] = [];
  for (const a of raw.anomalies) {
    const k = `${a.source}\u0000${a.event}`;
    if (kinds.has(k) || kinds.size >= 10) repeats.push(a);
    else {
      kinds.add(k);
      out.push({ kind: 'anomaly', value: a });
    }
  }
  const blocks = raw.blocks ?? [];
  for (const b of blocks) if (b.rank !== 'detail') out.push({ kind: 'block', value: b });
  if (raw.network) out.push({ kind: 'network', value: raw.network });
  // Windows inside the tail are shown by the tail.
  const inTail = (log: ScannedLog, w: LogWindow): boolean =>
    !!log.scan.tail && w.fromLine >= log.scan.tail.fromLine && w.toLine <= log.scan.tail.toLine;
  // Per log, the first window with a relevant line goes early; the others after the tails.
  const first = new Map<ScannedLog, LogWindow>();
  for (const log of raw.logs) {
    const w = log.scan.windows.find((x) => x.matchedLines.length > 0) ?? log.scan.windows[0];
    if (w && !inTail(log, w)) {
      first.set(log, w);
      out.push({ kind: 'excerpt', value: excerpt(log, w, 'match'), log, keepEnd: false });
    }
  }
  for (const t of raw.tails) {
    const lines = t.lines;
    out.push({
      kind: 'excerpt',
      value: {
        path: '',
        source: t.source,
        kind: 'process-tail',
        fromLine: 1,
        toLine: lines.length,
        lines,
        matchedLines: [],
      },
      log: null,
      keepEnd: true,
    });
  }
  for (const log of raw.logs) {
    const tail = log.scan.tail;
    const lastWindow = log.scan.windows[log.scan.windows.length - 1];
    if (tail && !(lastWindow && lastWindow.toLine >= tail.toLine && lastWindow.fromLine <= tail.fromLine)) {
      out.push({ kind: 'excerpt', value: excerpt(log, tail, 'tail'), log, keepEnd: true });
    }
  }
  for (const b of blocks) if (b.rank === 'detail') out.push({ kind: 'block', value: b });
  for (const a of repeats) out.push({ kind: 'anomaly', value: a });
  for (const log of raw.logs) {
    for (const w of log.scan.windows) {
      if (w !== first.get(log) && !inTail(log, w))
        out.push({ kind: 'excerpt', value: excerpt(log, w, 'match'), log, keepEnd: false });
    }
  }
  return out;
}

/** Shrink an excerpt to about `maxChars`, keeping matched lines (or the end for tails). */
function shrinkExcerpt(e: LogExcerpt, maxChars: number, keepEnd: boolean): LogExcerpt | null {
  const base = jsonChars({ ...e, lines: [], matchedLines: e.matchedLines.slice(0, 4) });
  if (base + 120 > maxChars) return null;
  let lines = e.lines.slice();
  let from = e.fromLine;
  const focus = keepEnd ? e.toLine : (e.matchedLines[0] ?? e.fromLine);
  let room = maxChars - base;
  // Drop lines farthest from the focus until it fits, then clip long lines.
  const size = (ls: string[]): number => ls.reduce((n, l) => n + JSON.stringify(l).length + 12, 0);
  while (lines.length > 1 && size(lines) > room) {
    const to = from + lines.length - 1;
    if (to - focus >= focus - from) lines.pop();
    else {
      lines.shift();
      from++;
    }
  }
  if (size(lines) > room) lines = [clip(lines[0], Math.max(20, room - 40))];
  room -= size(lines);
  const to = from + lines.length - 1;
  return {
    ...e,
    fromLine: from,
    toLine: to,
    lines,
    matchedLines: e.matchedLines.filter((n) => n >= from && n <= to),
  };
}

/** Shrink a block to about `maxChars` by dropping lines from the side it does not keep. */
function shrinkBlock(b: EvidenceBlock, maxChars: number): EvidenceBlock | null {
  const base = jsonChars({ ...b, lines: [] });
  if (base + 80 > maxChars) return null;
  const lines = b.lines.slice();
  const dropped = (n: number) => `[${n} line(s) cut for size]`;
  let cut = 0;
  const size = () => jsonChars({ ...b, lines: [...lines, dropped(cut)] });
  while (lines.length > 1 && size() > maxChars) {
    if (b.keep === 'start') lines.pop();
    else lines.shift();
    cut++;
  }
  if (size() > maxChars) lines[0] = clip(lines[0], Math.max(20, maxChars - base - 80));
  if (cut === 0) return { ...b, lines };
  return { ...b, lines: b.keep === 'start' ? [...lines, dropped(cut)] : [dropped(cut), ...lines] };
}

function shrinkNetwork(
  n: NonNullable<FailureEntry['evidence']['network']>,
  maxChars: number,
): NonNullable<FailureEntry['evidence']['network']> | null {
  const out = { ...n, timeline: n.timeline.slice(), stats: n.stats.slice() };
  if (jsonChars(out.config) > maxChars / 3) out.config = '[omitted: see network stats in tests[].metrics]';
  while (jsonChars(out) > maxChars && (out.timeline.length > 0 || out.stats.length > 0)) {
    if (out.timeline.length >= out.stats.length) out.timeline.shift();
    else out.stats.pop();
  }
  return jsonChars(out) <= maxChars ? out : null;
}

interface Fit {
  entry: FailureEntry;
  pending: Candidate[];
  skippedChars: number;
  /** Items placed, then taken out again by the final exact-size pass. */
  droppedItems: number;
  droppedChars: number;
}

/** Try to add a candidate within `room` chars; returns chars used (0 when skipped). */
function place(fit: Fit, c: Candidate, room: number, allowShrink: boolean): number {
  const ev = fit.entry.evidence;
  const full = jsonChars(c.value);
  let value: unknown = c.value;
  if (full > room) {
    if (!allowShrink) return 0;
    if (c.kind === 'excerpt') value = shrinkExcerpt(c.value, room, c.keepEnd);
    else if (c.kind === 'network') value = shrinkNetwork(c.value, room);
    else if (c.kind === 'block') value = shrinkBlock(c.value, room);
    else if (c.kind === 'processes') {
      const failed = c.value.filter((p) => p.failed);
      value = failed.length && jsonChars(failed) <= room ? failed : null;
    } else value = null;
    if (value === null) return 0;
  }
  const used = jsonChars(value);
  if (c.kind === 'processes') ev.processes = value as typeof ev.processes;
  else if (c.kind === 'anomaly') ev.anomalies.push(value as AnomalyEntry);
  else if (c.kind === 'network') ev.network = value as typeof ev.network;
  else if (c.kind === 'block') ev.blocks.push(value as EvidenceBlock);
  else ev.excerpts.push(value as LogExcerpt);
  fit.skippedChars += full - used;
  return used;
}

function stub(core: FailureEntry): FailureEntry {
  const q = core.quote;
  return {
    ...core,
    // A stub keeps only the failing line of the quote.
    quote: q
      ? { ...q, fromLine: q.line, lines: q.lines.slice(q.line - q.fromLine, q.line - q.fromLine + 1) }
      : null,
    error: {
      name: core.error.name,
      message: clip(core.error.message, 300),
      stack: core.error.stack.slice(0, 1),
    },
    logs: core.logs.slice(0, 4),
    evidence: { processes: [], anomalies: [], network: null, excerpts: [], blocks: [] },
    omitted: emptyOmitted(),
  };
}

/** Merge [from,to] ranges and list the gaps of 1..total not covered. */
export function notShownRanges(shown: [number, number][], total: number): [number, number][] {
  const sorted = shown.slice().sort((a, b) => a[0] - b[0]);
  const gaps: [number, number][] = [];
  let next = 1;
  for (const [a, b] of sorted) {
    if (a > next) gaps.push([next, a - 1]);
    next = Math.max(next, b + 1);
  }
  if (next <= total) gaps.push([next, total]);
  return gaps;
}

function finishOmitted(fit: Fit, raw: RawEvidence | null): void {
  const o = fit.entry.omitted;
  o.items = fit.pending.length + fit.droppedItems + (raw?.logsNotScanned ?? 0);
  o.chars = fit.skippedChars + fit.droppedChars + fit.pending.reduce((n, c) => n + jsonChars(c.value), 0);
  o.logLines = 0;
  o.see = [];
  if (!raw) return;
  for (const log of raw.logs.slice(0, 8)) {
    const shown = fit.entry.evidence.excerpts
      .filter((e) => e.path === log.path)
      .map((e): [number, number] => [e.fromLine, e.toLine]);
    const total = log.scan.lines;
    const gaps = notShownRanges(shown, total);
    const hidden = gaps.reduce((n, [a, b]) => n + b - a + 1, 0);
    o.logLines += hidden;
    if (hidden > 0 || log.scan.error) {
      o.see.push({ path: log.path, totalLines: total, bytes: log.scan.bytes, notShown: gaps.slice(0, 10) });
    }
  }
}

/** Fit failures into `tokenBudget`; returns the entries and what the budget did. */
export function fitFailures(
  drafts: FailureDraft[],
  tokenBudget = DEFAULT_TOKEN_BUDGET,
): {
  failures: FailureEntry[];
  budget: BudgetInfo;
} {
  const budgetChars = Math.max(400, tokenBudget * 4);
  const budget: BudgetInfo = { tokenBudget, tokensUsed: 0, failuresStubbed: 0, failuresOmitted: 0 };
  // Reserve room for each failure's `omitted.see` (up to 8 logs x 10 ranges).
  const seeReserve = (raw: RawEvidence | null): number => Math.min(8, raw?.logs.length ?? 0) * 420 + 120;
  const fits: (Fit & { raw: RawEvidence | null; full: boolean })[] = [];
  // Naming every failure comes before detailing some: first as many as fit are listed as stubs (the
  // first always), then they become full cores in order while the cores stay within their share.
  // (Cores first left a 4th planted failure of a 4-failure run out of the report and its At a glance.)
  const stubs = drafts.map((d) => stub(d.core));
  let used = 4;
  let listed = 0;
  for (const s of stubs) {
    const size = jsonChars(s);
    if (listed > 0 && used + size > budgetChars * STUBS_SHARE) break;
    used += size;
    listed++;
  }
  budget.failuresOmitted = drafts.length - listed;
  let upgradesOpen = true;
  let coresChars = 0;
  for (let i = 0; i < listed; i++) {
    const d = drafts[i] as FailureDraft;
    const fullSize = jsonChars(d.core) + seeReserve(d.raw);
    const extra = fullSize - jsonChars(stubs[i]);
    // The first failure is full whenever it fits the whole budget; the others while the full cores
    // stay within their share and cores and stubs within theirs.
    const fitsFull =
      upgradesOpen &&
      (i === 0
        ? used + extra <= budgetChars
        : coresChars + fullSize <= budgetChars * FULL_CORES_SHARE &&
          used + extra <= budgetChars * STUBS_SHARE);
    if (fitsFull) {
      coresChars += fullSize;
      fits.push({
        entry: structuredClone(d.core),
        pending: [],
        skippedChars: 0,
        droppedItems: 0,
        droppedChars: 0,
        raw: d.raw,
        full: true,
      });
      used += extra;
      continue;
    }
    // Failures stay in order of detail: once one is a stub, the later ones are too.
    upgradesOpen = false;
    fits.push({
      entry: stubs[i] as FailureEntry,
      pending: [],
      skippedChars: 0,
      droppedItems: 0,
      droppedChars: 0,
      raw: null,
      full: false,
    });
    budget.failuresStubbed++;
  }

  const full = fits.filter((f) => f.full && f.raw);
  // Pass 1: equal shares, no shrinking of big items except to use the share well.
  let remaining = budgetChars - used;
  const share = full.length ? remaining / full.length : 0;
  for (const f of full) {
    let room = share;
    for (const c of candidates(f.raw!)) {
      const u = room > 0 ? place(f, c, room, true) : 0;
      if (u === 0) f.pending.push(c);
      room -= u;
      remaining -= u;
    }
  }
  // Pass 2: what others left over goes to pending items, in failure order.
  for (const f of full) {
    const pending = f.pending;
    f.pending = [];
    for (const c of pending) {
      const u = remaining > 200 ? place(f, c, remaining, true) : 0;
      if (u === 0) f.pending.push(c);
      remaining -= u;
    }
  }
  for (const f of fits) {
    finishOmitted(f, f.raw);
    const ev = f.entry.evidence;
    ev.anomalies.sort((a, b) => a.t - b.t);
    const order = new Map(ev.excerpts.map((e, i) => [e.path, i] as const));
    ev.excerpts.sort(
      (a, b) => (order.get(a.path) ?? 0) - (order.get(b.path) ?? 0) || a.fromLine - b.fromLine,
    );
  }

  const failures = fits.map((f) => f.entry);
  // The estimate above is conservative; make the bound exact by dropping the last evidence if needed.
  const measure = (): number => JSON.stringify(failures, null, 2).length;
  let chars = measure();
  while (chars > budgetChars) {
    const victim = [...fits].reverse().find((f) => {
      const ev = f.entry.evidence;
      return (
        ev.excerpts.length || ev.blocks.length || ev.anomalies.length || ev.network || ev.processes.length
      );
    });
    if (!victim) break;
    const ev = victim.entry.evidence;
    let dropped: unknown;
    if (ev.excerpts.length) dropped = ev.excerpts.pop();
    else if (ev.blocks.length) dropped = ev.blocks.pop();
    else if (ev.anomalies.length) dropped = ev.anomalies.pop();
    else if (ev.network) {
      dropped = ev.network;
      ev.network = null;
    } else dropped = ev.processes.splice(0).length;
    victim.droppedItems++;
    victim.droppedChars += jsonChars(dropped);
    finishOmitted(victim, victim.raw);
    chars = measure();
  }
  if (chars > budgetChars) {
    while (failures.length > 1 && chars > budgetChars) {
      failures.pop();
      if (!fits[failures.length].full) budget.failuresStubbed--;
      budget.failuresOmitted++;
      chars = measure();
    }
  }
  budget.tokensUsed = estimateTokens(JSON.stringify(failures, null, 2));
  return { failures, budget };
}
