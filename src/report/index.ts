// Public surface of the report model: what fixtures attach, how it is summarised, and how a report is
// built, rendered and written. The Vitest reporter itself lives in reporters/index.ts.

export { DEFAULT_TOKEN_BUDGET, estimateTokens, fitFailures } from './budget.ts';
export { buildReport } from './build-report.ts';
export type { CollectedError, CollectedModule, CollectedRun, CollectedTest } from './collected.ts';
export { gatherEvidence } from './evidence.ts';
export {
  annotationsForMeta,
  formatKeyFigures,
  KEY_FIGURE_ANNOTATION_PREFIX,
  type KeyFigures,
  keyFigureAnnotations,
  keyFigures,
} from './key-figures.ts';
export { type LogScan, type LogScanOptions, scanLog } from './log-scan.ts';
export type * from './model.ts';
export { REPORT_SCHEMA_VERSION, type Report } from './model.ts';
export { normalizeMeta } from './normalize-meta.ts';
export { formatProgress } from './progress.ts';
export { readReport } from './read-report.ts';
export { renderHtml } from './render-html.ts';
export { renderSummary } from './render-summary.ts';
export { reproduceCommand } from './reproduce.ts';
export {
  defineSection,
  type EvidenceBlock,
  REPORT_SECTIONS,
  type ReportSection,
  type SectionBar,
  type SectionRun,
  type SectionSeries,
  type SectionTest,
} from './sections/index.ts';
export type * from './test-meta.ts';
export { META_KEY, META_LIMITS } from './test-meta.ts';
export { toReportJson, writeReport } from './write-report.ts';
