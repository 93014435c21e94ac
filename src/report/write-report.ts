// Writes report.json, summary.md and report.html atomically (temp file + rename), so a reader or a
// run killed mid-write never sees half a file.

import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Report } from './model.ts';
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
  if (which.json !== false) writeFileAtomic(files.json, `${JSON.stringify(report, null, 2)}\n`);
  if (which.summary !== false) writeFileAtomic(files.summary, renderSummary(report, sections));
  if (which.html !== false) writeFileAtomic(files.html, renderHtml(report, sections));
  return files.json;
}
