// Writes plots.json, report.json, summary.md and report.html atomically (temp file + rename), so a
// reader or a run killed mid-write never sees half a file. report.json gets a reference to plots.json
// where the plot data was (written first, so the reference never points at a missing file).

import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type PlotsFile, REPORT_SCHEMA_VERSION, type Report, type ReportJson } from './model.ts';
import { renderHtml } from './render-html.ts';
import { renderSummary } from './render-summary.ts';
import { REPORT_SECTIONS, type ReportSection } from './sections/index.ts';

let counter = 0;

/** Write `data` to `file` via a temp file in the same directory and a rename. */
export function writeFileAtomic(file: string, data: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${++counter}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

/** report.json's content: the report with its plots replaced by where they are. */
export function toReportJson(report: Report): ReportJson {
  const { plots, ...rest } = report;
  return {
    ...rest,
    plots: {
      file: report.run.files.plots,
      tests: plots.length,
      note: 'plot data for report.html (time series, network timeline, anomaly markers per test) is in this file',
    },
  };
}

/** Which files to (re)write: HTML can be skipped on frequent incremental writes. */
export interface WriteSelection {
  json?: boolean;
  summary?: boolean;
  html?: boolean;
}

/** Write the report's files to the paths in `report.run.files`; returns the JSON path. */
export function writeReport(
  report: Report,
  which: WriteSelection = {},
  sections: readonly ReportSection<unknown>[] = REPORT_SECTIONS,
): string {
  const files = report.run.files;
  if (which.json !== false) {
    const side: PlotsFile = { schemaVersion: REPORT_SCHEMA_VERSION, report: files.json, plots: report.plots };
    writeFileAtomic(files.plots, `${JSON.stringify(side)}\n`);
    writeFileAtomic(files.json, `${JSON.stringify(toReportJson(report), null, 2)}\n`);
  }
  if (which.summary !== false) writeFileAtomic(files.summary, renderSummary(report, sections));
  if (which.html !== false) writeFileAtomic(files.html, renderHtml(report, sections));
  return files.json;
}
