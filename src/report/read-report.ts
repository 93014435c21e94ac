// Reads a report.json back into a `Report` with its plots: from the plots.json it names (schema 3), or
// inline (schema 2 and earlier). A missing or unreadable plots.json gives no plots, never an error:
// the plots only feed report.html.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { PlotData, PlotsFile, Report } from './model.ts';
import { isRecord } from './normalize-meta.ts';

/** The report in `file` with its plots loaded. Throws what JSON.parse / readFileSync throw. */
export function readReport(file: string): Report {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  return withPlots(raw, path.dirname(path.resolve(file)));
}

/** A parsed report.json with `plots` resolved; `dir` is where report.json is (plots.json next to it). */
export function withPlots(raw: Record<string, unknown>, dir: string): Report {
  const report = raw as unknown as Report;
  if (Array.isArray(raw.plots)) return report;
  const ref = isRecord(raw.plots) ? raw.plots : {};
  const files = isRecord(raw.run) && isRecord(raw.run.files) ? raw.run.files : {};
  // Next to report.json first: a report directory that was moved or copied keeps its plots.
  const candidates = [
    path.join(dir, 'plots.json'),
    ...[ref.file, files.plots].filter((f): f is string => typeof f === 'string'),
  ];
  let plots: PlotData[] = [];
  for (const c of candidates) {
    try {
      const side = JSON.parse(readFileSync(c, 'utf8')) as Partial<PlotsFile>;
      if (Array.isArray(side.plots)) {
        plots = side.plots;
        break;
      }
    } catch {
      // next candidate
    }
  }
  const files2 = { ...(files as Record<string, string>) };
  files2.plots ??= path.join(dir, 'plots.json');
  return { ...report, run: { ...report.run, files: files2 as Report['run']['files'] }, plots };
}
