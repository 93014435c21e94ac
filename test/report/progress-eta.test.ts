// Progress line ETA from per-file history (durations.json in the report dir) and narrow terminals.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { estimateRemainingMs, readDurations, writeDurations } from '../../src/report/durations.ts';
import { formatProgress } from '../../src/report/progress.ts';

describe('progress ETA from the last run', () => {
  it('keeps per-file durations in the report dir and merges runs', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nw-dur-'));
    expect(readDurations(dir)).toEqual({});
    writeDurations(dir, {}, { 'a.spec.ts': 1000, 'b.spec.ts': 3000 });
    writeDurations(dir, readDurations(dir), { 'b.spec.ts': 2000 });
    expect(readDurations(dir)).toEqual({ 'a.spec.ts': 1000, 'b.spec.ts': 2000 });
  });

  it('sums the files left, unknown ones at the median, scaled by this run pace', () => {
    const h = { a: 1000, b: 3000, c: 6000 };
    expect(estimateRemainingMs({}, ['a'], new Set(), 0)).toBeUndefined();
    // Nothing finished: last run's durations as they are (d unknown: median 3000).
    expect(estimateRemainingMs(h, ['a', 'b', 'c', 'd'], new Set(), 500)).toBe(13_000);
    // a and b took 4000 ms last time and 2000 ms now (two workers): c + d at half speed.
    expect(estimateRemainingMs(h, ['a', 'b', 'c', 'd'], new Set(['a', 'b']), 2000)).toBe(4500);
    expect(estimateRemainingMs(h, ['a'], new Set(['a']), 900)).toBe(0);
  });

  it('shows files and the ETA, and never a broken line on a zero-width terminal', () => {
    const p = {
      done: 12,
      total: 40,
      failed: 2,
      elapsedMs: 83_000,
      files: [3, 12] as [number, number],
      etaMs: 45_000,
    };
    expect(formatProgress(p)).toBe('netwright ▸ 12/40 tests · 3/12 files · 2 failed · 01:23 · ETA 00:45');
    expect(formatProgress(p, 0)).toBe(formatProgress(p));
    expect(formatProgress(p, -1)).toBe(formatProgress(p));
    expect(formatProgress({ ...p, current: 'x' }, 20)).toHaveLength(20);
  });
});
