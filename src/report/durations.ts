// Per-file test durations of the last run, kept in the report directory (durations.json), so the next
// run's progress line can say how long is left: the files not finished yet, by their last duration
// (files never seen count as the median of the known ones), scaled by how fast this run goes so far.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './write-report.ts';

/** File (relative to the root) -> ms it took last time. */
export type DurationHistory = Record<string, number>;

/** Most files kept in durations.json. */
const MAX_FILES = 5000;

export function durationsFile(outputDir: string): string {
  return path.join(outputDir, 'durations.json');
}

/** The history in `outputDir`, or {} when there is none or it is unreadable. */
export function readDurations(outputDir: string): DurationHistory {
  try {
    const raw = JSON.parse(readFileSync(durationsFile(outputDir), 'utf8')) as unknown;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
    const out: DurationHistory = {};
    for (const [k, v] of Object.entries(raw))
      if (typeof v === 'number' && Number.isFinite(v) && v >= 0) out[k] = v;
    return out;
  } catch {
    return {};
  }
}

/** Merge this run's file durations into the history and write it; never throws. */
export function writeDurations(outputDir: string, history: DurationHistory, run: DurationHistory): void {
  try {
    const merged = Object.entries({ ...history, ...run }).slice(-MAX_FILES);
    writeFileAtomic(durationsFile(outputDir), `${JSON.stringify(Object.fromEntries(merged))}\n`);
  } catch {
    // no ETA next time; the run goes on
  }
}

/**
 * ms left: the last durations of the files not finished yet (unknown files: the median of the known),
 * times this run's pace (elapsed / last durations of the files finished). Undefined without history.
 */
export function estimateRemainingMs(
  history: DurationHistory,
  files: readonly string[],
  finished: ReadonlySet<string>,
  elapsedMs: number,
): number | undefined {
  const known = files.map((f) => history[f]).filter((v): v is number => v !== undefined);
  if (!known.length) return undefined;
  const sorted = [...known].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  let left = 0;
  let done = 0;
  for (const f of files) {
    const d = history[f] ?? median;
    if (finished.has(f)) done += d;
    else left += d;
  }
  if (left === 0) return 0;
  // Parallel workers and a faster or slower machine than last time: this run's pace so far.
  const pace = done > 0 && elapsedMs > 0 ? Math.min(10, Math.max(0.05, elapsedMs / done)) : 1;
  return Math.round(left * pace);
}
