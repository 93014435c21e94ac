// Live status of a running test, for the progress line: the test's fixtures name a few figures (the
// network profile in force, bots active, snapshots received...), a writer in the test's worker puts
// them in <outputDir>/live/<test id>.json once a second, and the reporter (main process) reads the
// current test's file when it redraws. A file, not task meta: Vitest sends meta only when a test ends.
//
//   fixture ── liveFigure('net', () => label) ─► LiveWriter (1 s, atomic write) ─► live/<id>.json
//   reporter drawProgress ─► readLiveStatus ─► formatLive: `0:42/2:00 · net lte · bots 200/200`

import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** What the live file holds. */
export interface LiveStatus {
  /** Wall ms when the test started (its writer was made). */
  startedAt: number;
  /** The test's timeout in ms (0: none). */
  timeoutMs: number;
  /** Figures by name, already formatted ('lte', '200/200', '31 ms'). */
  figures: Record<string, string>;
  /** Wall ms of this write. */
  writtenAt: number;
}

/** A figure's reader: a short text or number, or undefined while there is nothing to say. */
export type LiveRead = () => string | number | undefined;

/** Most figures in one file, and longest figure text. */
const MAX_FIGURES = 8;
const MAX_FIGURE_CHARS = 40;

/** File of a test's live status (`id` is Vitest's test id: letters, digits, '_' and '-'). */
export function livePath(outputDir: string, testId: string): string {
  return path.join(outputDir, 'live', `${testId.replace(/[^\w-]/g, '_')}.json`);
}

/** Writes one test's live status every `everyMs` while figures are registered. */
export class LiveWriter {
  private readonly reads = new Map<string, LiveRead>();
  private timer: NodeJS.Timeout | undefined;
  private readonly startedAt: number;
  private readonly file: string;
  private readonly timeoutMs: number;
  private readonly opts: { everyMs?: number; now?: () => number };

  constructor(file: string, timeoutMs: number, opts: { everyMs?: number; now?: () => number } = {}) {
    this.file = file;
    this.timeoutMs = timeoutMs;
    this.opts = opts;
    this.startedAt = this.now();
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  /** Register a figure; returns its removal. A name given twice keeps the later reader. */
  figure(name: string, read: LiveRead): () => void {
    this.reads.set(name, read);
    this.timer ??= setInterval(() => this.write(), this.opts.everyMs ?? 1000);
    this.timer.unref();
    return () => {
      if (this.reads.get(name) === read) this.reads.delete(name);
    };
  }

  /** The status now (a reader that throws or says nothing is left out). */
  status(): LiveStatus {
    const figures: Record<string, string> = {};
    for (const [name, read] of [...this.reads].slice(0, MAX_FIGURES)) {
      let v: string | number | undefined;
      try {
        v = read();
      } catch {
        v = undefined;
      }
      if (v === undefined || v === '') continue;
      const text = typeof v === 'number' ? String(Math.round(v * 100) / 100) : v;
      figures[name] = text.length > MAX_FIGURE_CHARS ? `${text.slice(0, MAX_FIGURE_CHARS - 1)}…` : text;
    }
    return { startedAt: this.startedAt, timeoutMs: this.timeoutMs, figures, writtenAt: this.now() };
  }

  /** Write the file now (atomically: a reader never sees half of it). Never throws. */
  write(): void {
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(this.status()));
      renameSync(tmp, this.file);
    } catch {
      // a progress nicety: the test goes on without it
    }
  }

  /** Stop writing and remove the file. */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.reads.clear();
    rmSync(this.file, { force: true });
  }
}

/** A test's live status, or undefined (no file, a stale or unreadable one). */
export function readLiveStatus(file: string, now = Date.now()): LiveStatus | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  const s = raw as Partial<LiveStatus> | null;
  if (!s || typeof s !== 'object' || typeof s.startedAt !== 'number' || typeof s.writtenAt !== 'number')
    return undefined;
  // Older than 10 s: its writer is gone (a killed worker); say nothing rather than something stale.
  if (now - s.writtenAt > 10_000) return undefined;
  const figures: Record<string, string> = {};
  if (s.figures && typeof s.figures === 'object')
    for (const [k, v] of Object.entries(s.figures)) if (typeof v === 'string') figures[k] = v;
  return {
    startedAt: s.startedAt,
    timeoutMs: typeof s.timeoutMs === 'number' && s.timeoutMs > 0 ? s.timeoutMs : 0,
    figures,
    writtenAt: s.writtenAt,
  };
}

function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, '0')}`;
}

/** `0:42/2:00 · net lte · bots 200/200`: elapsed vs timeout, then the figures. */
export function formatLive(s: LiveStatus, now = Date.now()): string {
  const elapsed = clock(now - s.startedAt);
  const parts = [s.timeoutMs > 0 ? `${elapsed}/${clock(s.timeoutMs)}` : elapsed];
  for (const [k, v] of Object.entries(s.figures)) parts.push(`${k} ${v}`);
  return parts.join(' · ');
}

/** The part of one direction's link stats the live figure reads (src/impair's DirectionStats). */
interface LiveDirection {
  packetsIn: number;
  droppedTotal: number;
  retransmitted: number;
  latencyMs: { count: number; p99: number };
}

/**
 * The network's live figure: loss so far over every link and direction, TCP retransmission stalls
 * when there were any, and the worst link's added round trip at p99 (upstream p99 + downstream p99,
 * ms): `loss 2.1% · retx 14 · rtt p99 84 ms`. Undefined before any packet.
 */
export function linksLiveFigure(stats: {
  links: readonly { upstream: LiveDirection; downstream: LiveDirection }[];
}): string | undefined {
  let entered = 0;
  let dropped = 0;
  let retx = 0;
  let rtt: number | undefined;
  for (const l of stats.links) {
    let r = 0;
    let seen = false;
    for (const d of [l.upstream, l.downstream]) {
      entered += d.packetsIn;
      dropped += d.droppedTotal;
      retx += d.retransmitted;
      if (d.latencyMs.count > 0) {
        r += d.latencyMs.p99;
        seen = true;
      }
    }
    if (seen && (rtt === undefined || r > rtt)) rtt = r;
  }
  if (entered === 0) return undefined;
  const parts = [`loss ${((dropped / entered) * 100).toFixed(1)}%`];
  if (retx > 0) parts.push(`retx ${retx >= 10_000 ? `${Math.round(retx / 1000)}k` : retx}`);
  if (rtt !== undefined)
    parts.push(
      `rtt p99 ${rtt >= 10_000 ? `${Math.round(rtt / 1000)} s` : `${rtt >= 10 ? Math.round(rtt) : rtt.toFixed(1)} ms`}`,
    );
  return parts.join(' · ');
}
