// What a test shows in the Vitest UI: its key figures (types `netwright.*`, the JUnit property names),
// one plot as an SVG attachment (the same drawing as the test's section of report.html) and, for a
// failure, a short line of evidence. Pure data: the reporter adds them to the finished test
// (reporters/index.ts), fixtures/ui.ts hands them to `context.annotate` from inside a test body.

import { plotForMeta } from './build-report.ts';
import type { CollectedError } from './collected.ts';
import { clip, frames, REPRODUCE_MARK } from './error-brief.ts';
import {
  KEY_FIGURE_ANNOTATION_PREFIX,
  keyFigureAnnotations,
  keyFigures,
  sectionTestOf,
} from './key-figures.ts';
import { failureLead } from './lead.ts';
import { normalizeMeta, testT0 } from './normalize-meta.ts';
import { testPlotSvg } from './render-html.ts';
import { REPORT_SECTIONS, type ReportSection } from './sections/index.ts';
import { formatQuote, SourceQuoter } from './source-quote.ts';

/** The shape of Vitest's TestAttachment this module fills (src/ does not import Vitest). */
export interface UiAttachment {
  contentType: string;
  body: string;
  bodyEncoding: 'utf-8';
}

export interface UiAnnotation {
  type: string;
  message: string;
  attachment?: UiAttachment;
}

/** Longest failure-evidence annotation message, in characters. */
export const UI_FAILURE_CHARS = 600;

/** Annotation type of the plot. */
export const UI_PLOT_TYPE = `${KEY_FIGURE_ANNOTATION_PREFIX}plot`;

/** Annotation type of the failure evidence. */
export const UI_FAILURE_TYPE = `${KEY_FIGURE_ANNOTATION_PREFIX}failure`;

/**
 * Annotations for one test's raw `task.meta.netwright`: key figures, the plot (when the meta has
 * series, a network timeline or bars) and, when `failure` is given, the failure evidence.
 */
export function uiAnnotations(
  raw: unknown,
  test: { id: string; title: string; failure?: string; where?: UiFailureWhere },
  sections: readonly ReportSection<unknown>[] = REPORT_SECTIONS,
): UiAnnotation[] {
  const meta = normalizeMeta(raw).meta;
  const out: UiAnnotation[] = keyFigureAnnotations(keyFigures(meta, sections));
  const failed = test.failure !== undefined;
  const plot = plotForMeta(raw, { id: test.id, title: test.title, failed }, sections);
  if (plot) {
    const n = plot.series.length;
    out.push({
      type: UI_PLOT_TYPE,
      message: `${n} series, ${plot.network.length} network change(s), ${plot.markers.length} anomaly marker(s)`,
      attachment: { contentType: 'image/svg+xml', body: testPlotSvg(plot), bodyEncoding: 'utf-8' },
    });
  }
  if (failed) {
    const t0 = testT0(meta) ?? 0;
    const anomalies = (meta.events ?? [])
      .slice(0, 3)
      .map((e) => `t+${Math.round(e.t - t0)} ms ${e.source}: ${e.event}`);
    const at = test.where ? failureWhere(meta, test.where, test.failure ?? '', sections) : [];
    const text = [clip(test.failure ?? '', 240), ...at, ...anomalies].join('\n');
    out.push({
      type: UI_FAILURE_TYPE,
      message: text.length > UI_FAILURE_CHARS ? `${text.slice(0, UI_FAILURE_CHARS - 1)}…` : text,
    });
  }
  return out;
}

/** The failure line of a test's first error: `AssertionError: p99 latency 500 ms > 150 ms`. */
export function failureLine(err: { name?: string; message?: string } | undefined): string {
  const message = (err?.message ?? 'failed').split(REPRODUCE_MARK)[0];
  return `${err?.name ?? 'Error'}: ${message}`;
}

/** Where a failed test ran: the project root, its spec file (relative to the root) and its errors. */
export interface UiFailureWhere {
  root: string;
  file: string;
  errors: CollectedError[];
}

/**
 * The failure annotation's pointers, as the report's lead gives them: `at <spec>:<line>` with the
 * failing line and the one before it quoted, and `open: <files>` (the files the error, the anomalies
 * and the report sections' evidence name, the spec itself excluded). Never throws.
 */
function failureWhere(
  meta: ReturnType<typeof normalizeMeta>['meta'],
  where: UiFailureWhere,
  message: string,
  sections: readonly ReportSection<unknown>[],
): string[] {
  const out: string[] = [];
  try {
    const frame = where.errors.flatMap((e) => frames(e, where.root)).find((f) => f.file === where.file);
    const quote = frame ? new SourceQuoter(where.root).quote(where.file, frame.line, frame.column) : null;
    if (frame) out.push(`at ${where.file}:${frame.line}`);
    if (quote) {
      const lines = formatQuote(quote)
        .slice(0, quote.line - quote.fromLine + 1)
        .slice(-2);
      out.push(...lines.map((l) => clip(l, 140)));
    }
    const st = sectionTestOf(meta);
    const blocks = sections.flatMap((sec) => {
      try {
        return sec.evidence ? sec.evidence(st) : [];
      } catch {
        return [];
      }
    });
    const anomalies = (meta.events ?? []).slice(-40).map((e) => {
      const { t, source, event, level: _l, ...rest } = e;
      return { tMs: null, t, source, event, detail: JSON.stringify(rest).slice(0, 200) };
    });
    const lead = failureLead(
      { file: where.file, quote, error: { message } },
      { processes: [], anomalies, network: null, logs: [], tails: [], logsNotScanned: 0, blocks },
      where.root,
    );
    if (lead.open.length) out.push(`open: ${lead.open.join(', ')}`);
  } catch {
    // pointers are a help; the failure line stands without them
  }
  return out;
}
