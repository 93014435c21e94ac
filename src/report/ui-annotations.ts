// What a test shows in the Vitest UI: its key figures (types `netwright.*`, the JUnit property names),
// one plot as an SVG attachment (the same drawing as the test's section of report.html) and, for a
// failure, a short line of evidence. Pure data: the reporter adds them to the finished test
// (reporters/index.ts), fixtures/ui.ts hands them to `context.annotate` from inside a test body.

import { plotForMeta } from './build-report.ts';
import { REPRODUCE_MARK } from './error-brief.ts';
import { KEY_FIGURE_ANNOTATION_PREFIX, keyFigureAnnotations, keyFigures } from './key-figures.ts';
import { normalizeMeta, testT0 } from './normalize-meta.ts';
import { testPlotSvg } from './render-html.ts';
import { REPORT_SECTIONS, type ReportSection } from './sections/index.ts';

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
  test: { id: string; title: string; failure?: string },
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
    const text = [test.failure ?? '', ...anomalies].join('\n');
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
