// report.html: one self-contained page (inline CSS, inline JS, hand-drawn SVG; nothing fetched).
// Per test with plot data: one chart per unit (latency ms, snapshot Hz, counts...) on a shared time
// axis, anomaly markers across all charts, and the network timeline drawn underneath so a spike
// lines up with the outage that caused it. A crosshair follows the mouse across a test's charts.

import { formatKeyFigures } from './key-figures.ts';
import type { FailureEntry, PlotData, Report } from './model.ts';
import { REPORT_SECTIONS, type ReportSection } from './sections/index.ts';
import { formatQuote } from './source-quote.ts';

const W = 960;
const PAD_L = 56;
const PAD_R = 12;
const CHART_H = 150;
const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#be185d', '#4d7c0f'];

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return '';
  const a = Math.abs(v);
  if (a >= 1000) return `${Math.round(v / 100) / 10}k`;
  return a >= 100 ? String(Math.round(v)) : String(Math.round(v * 10) / 10);
}

/** Axis time label: `0.25s`, `12s`, `2m30s`. */
export function fmtTime(ms: number): string {
  const a = Math.abs(ms);
  if (a >= 120_000) {
    const sec = Math.round(ms / 1000);
    const rest = Math.abs(sec % 60);
    return `${Math.trunc(sec / 60)}m${rest ? `${String(rest).padStart(2, '0')}s` : ''}`;
  }
  return `${Number((ms / 1000).toFixed(a >= 10_000 ? 0 : 2))}s`;
}

/** Legend name: the source is prefixed unless the name already starts with it. */
function seriesName(s: { name: string; source?: string }): string {
  return s.source && !s.name.includes(s.source) ? `${s.source} ${s.name}` : s.name;
}

/** Styles of the plot SVGs, shared by report.html and the standalone plot. */
const SVG_CSS =
  '.tk{font-size:10px;fill:#555}.lg{font-size:11px}.nl{font-size:11px;fill:#111}.grid{stroke:#eee}' +
  '.nw-marker{stroke:#f59e0b;stroke-dasharray:3 3}.nw-cross{stroke:#111;stroke-width:.6}' +
  '.nw-threshold{stroke:#6b7280;stroke-dasharray:8 4;stroke-width:1.2}.nw-threshold.failed{stroke:#dc2626;stroke-width:1.6}' +
  '.nw-thl{font-size:11px;fill:#374151}.nw-thl.failed{fill:#b91c1c;font-weight:600}\n';

/** One panel of a test's plot (a chart, the network band or the bars): SVG content of a W-wide box. */
export interface PlotPanel {
  cls: string;
  /** Extra attributes of the panel's <svg> (leading space). */
  attrs: string;
  height: number;
  body: string;
  /** Charts: the series names and colours, drawn above the panel. */
  legend?: { items: [string, string][]; unit: string };
}

function hashColor(label: string): string {
  let h = 0;
  for (const c of label) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return `hsl(${h % 360} 55% 72%)`;
}

/** Time range shared by a test's charts and network band. */
function timeRange(p: PlotData): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const s of p.series) {
    for (const [t] of s.points) {
      if (t < lo) lo = t;
      if (t > hi) hi = t;
    }
  }
  for (const n of p.network) {
    if (n.tMs < lo) lo = n.tMs;
    if (n.tMs > hi) hi = n.tMs;
  }
  if (!Number.isFinite(lo)) return [0, 1];
  if (hi <= lo) hi = lo + 1000;
  return [Math.min(lo, 0), hi];
}

function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function xAxis(x: (t: number) => number, t0: number, t1: number, y: number): string {
  const ticks: string[] = [];
  const step = niceMax((t1 - t0) / 8);
  for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) {
    ticks.push(
      `<line x1="${x(t)}" x2="${x(t)}" y1="${y}" y2="${y + 4}" stroke="#888"/>` +
        `<text x="${x(t)}" y="${y + 14}" text-anchor="middle" class="tk">${fmtTime(t)}</text>`,
    );
  }
  return ticks.join('');
}

function markersSvg(p: PlotData, x: (t: number) => number, top: number, bottom: number): string {
  return p.markers
    .map(
      (m) =>
        `<line class="nw-marker" x1="${x(m.tMs)}" x2="${x(m.tMs)}" y1="${top}" y2="${bottom}"><title>${escapeHtml(
          `t+${m.tMs} ms ${m.label}`,
        )}</title></line>`,
    )
    .join('');
}

/** Thresholds drawn on one chart: those of its unit (on its series or the unit's chart). */
type Threshold = NonNullable<PlotData['thresholds']>[number];

function chartPanel(
  p: PlotData,
  unit: string,
  series: PlotData['series'],
  range: [number, number],
  thresholds: Threshold[] = [],
): PlotPanel {
  const [t0, t1] = range;
  const x = (t: number): number =>
    Math.round((PAD_L + ((t - t0) / (t1 - t0)) * (W - PAD_L - PAD_R)) * 10) / 10;
  let vmax = 0;
  for (const s of series) for (const [, v] of s.points) if (v !== null && v > vmax) vmax = v;
  // A threshold above every value still shows: the axis reaches it.
  for (const th of thresholds) if (th.value > vmax) vmax = th.value;
  const ymax = niceMax(vmax * 1.05);
  const top = 8;
  const bottom = CHART_H - 22;
  const y = (v: number): number => Math.round((bottom - (v / ymax) * (bottom - top)) * 10) / 10;
  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map((f) => {
      const v = ymax * f;
      return `<line x1="${PAD_L}" x2="${W - PAD_R}" y1="${y(v)}" y2="${y(v)}" class="grid"/><text x="${PAD_L - 6}" y="${y(v) + 4}" text-anchor="end" class="tk">${fmt(v)}</text>`;
    })
    .join('');
  const lines = series
    .map((s, i) => {
      const color = COLORS[i % COLORS.length];
      const name = seriesName(s);
      // A null value is a gap: the line stops there and starts again at the next value.
      let d = '';
      let pen = false;
      for (const [t, v] of s.points) {
        if (v === null) {
          pen = false;
          continue;
        }
        d += `${pen ? 'L' : 'M'}${x(t)} ${y(v)}`;
        pen = true;
      }
      // Few points: draw them as dots too, so a one-point series still shows.
      const dots =
        s.points.length <= 60
          ? s.points
              .map(([t, v]) =>
                v === null ? '' : `<circle cx="${x(t)}" cy="${y(v)}" r="2.5" fill="${color}"/>`,
              )
              .join('')
          : '';
      // The series a failed threshold bounds is drawn thicker: it is the figure the test failed on.
      const failedOn = thresholds.some((th) => th.failed && th.series === s.name);
      return `${dots}<path class="nw-series" data-name="${escapeHtml(name)}" fill="none" stroke="${color}" stroke-width="${failedOn ? 3 : 1.5}" d="${d}"${failedOn ? ' data-failed="1"' : ''}/>`;
    })
    .join('');
  return {
    cls: 'nw-plot',
    attrs: ` data-unit="${escapeHtml(unit)}"`,
    height: CHART_H,
    legend: {
      items: series.map((s, i) => [seriesName(s), COLORS[i % COLORS.length]]),
      unit: unit || 'value',
    },
    body:
      grid +
      xAxis(x, t0, t1, bottom) +
      markersSvg(p, x, top, bottom) +
      lines +
      thresholdsSvg(thresholds, y) +
      `<line class="nw-cross" x1="-10" x2="-10" y1="${top}" y2="${bottom}"/>`,
  };
}

/** Horizontal threshold lines with their labels, right-aligned above the line. */
function thresholdsSvg(thresholds: Threshold[], y: (v: number) => number): string {
  return thresholds
    .map((th, i) => {
      const cls = th.failed ? 'nw-threshold failed' : 'nw-threshold';
      const ty = Math.max(10, y(th.value) - 3 - i * 12);
      return (
        `<line class="${cls}" data-value="${th.value}" x1="${PAD_L}" x2="${W - PAD_R}" y1="${y(th.value)}" y2="${y(th.value)}"/>` +
        `<text class="nw-thl${th.failed ? ' failed' : ''}" x="${W - PAD_R - 4}" y="${ty}" text-anchor="end">${escapeHtml(th.label)}</text>`
      );
    })
    .join('');
}

/**
 * The network band: one row per link that changed (changes without a link apply to every row), each
 * change a segment until the next one in its row; outages in red.
 */
function networkPanel(p: PlotData, range: [number, number]): PlotPanel {
  const [t0, t1] = range;
  const x = (t: number): number =>
    Math.round((PAD_L + ((t - t0) / (t1 - t0)) * (W - PAD_L - PAD_R)) * 10) / 10;
  const links = [...new Set(p.network.map((s) => s.link).filter((l): l is string => !!l))].slice(0, 16);
  const rows: { name: string; segs: PlotData['network'] }[] = links.length
    ? links.map((l) => ({ name: l, segs: p.network.filter((s) => !s.link || s.link === l) }))
    : [{ name: 'network', segs: p.network }];
  const rowH = 24;
  const h = 8 + rows.length * rowH;
  const body = rows
    .map((row, r) => {
      const y = 4 + r * rowH;
      const rects = row.segs
        .map((s, i) => {
          const end = i + 1 < row.segs.length ? row.segs[i + 1].tMs : t1;
          const x0 = x(s.tMs);
          const w = Math.max(1, x(end) - x0);
          const fill = s.outage ? '#ef4444' : hashColor(s.label);
          const text =
            w > 40
              ? `<text x="${x0 + 4}" y="${y + 14}" class="nl">${escapeHtml(s.label.slice(0, Math.floor(w / 7)))}</text>`
              : '';
          const title = `t+${s.tMs} ms: ${s.label}${s.link ? ` (${s.link})` : ' (all links)'}`;
          return `<g class="nw-seg${s.outage ? ' outage' : ''}"><rect x="${x0}" y="${y}" width="${w}" height="20" fill="${fill}"><title>${escapeHtml(title)}</title></rect>${text}</g>`;
        })
        .join('');
      const label = `<text x="${PAD_L - 6}" y="${y + 14}" text-anchor="end" class="tk">${escapeHtml(row.name.slice(0, 10))}</text>`;
      return (
        label + (rects || `<text x="${PAD_L}" y="${y + 14}" class="tk">no network changes recorded</text>`)
      );
    })
    .join('');
  return {
    cls: 'nw-net',
    attrs: '',
    height: h,
    body: `${body}<line class="nw-cross" x1="-10" x2="-10" y1="2" y2="${h - 2}"/>`,
  };
}

/** Grouped horizontal bars: one row per entity (bot), one bar per figure (kills, deaths). */
function barsPanel(bars: NonNullable<PlotData['bars']>, thresholds: Threshold[] = []): PlotPanel {
  const entities = [...new Set(bars.map((b) => b.entity))];
  const names = [...new Set(bars.map((b) => b.name))];
  const max = niceMax(Math.max(1, ...bars.map((b) => b.value), ...thresholds.map((t) => t.value)));
  const rowH = 6 + names.length * 12;
  const h = 22 + entities.length * rowH;
  const x = (v: number): number => PAD_L + 60 + (v / max) * (W - PAD_L - 60 - PAD_R - 40);
  const rows = entities
    .map((ent, i) => {
      const y0 = 18 + i * rowH;
      const rects = names
        .map((name, j) => {
          const b = bars.find((x2) => x2.entity === ent && x2.name === name);
          if (!b) return '';
          const y = y0 + j * 12;
          return `<rect class="nw-bar" data-name="${escapeHtml(name)}" x="${PAD_L + 60}" y="${y}" width="${Math.max(1, x(b.value) - PAD_L - 60)}" height="10" fill="${COLORS[j % COLORS.length]}"><title>${escapeHtml(`${ent} ${name}: ${b.value}`)}</title></rect><text x="${x(b.value) + 4}" y="${y + 9}" class="tk">${b.value}</text>`;
        })
        .join('');
      return `<text x="${PAD_L + 54}" y="${y0 + rowH / 2}" text-anchor="end" class="tk">${escapeHtml(ent.slice(0, 18))}</text>${rects}`;
    })
    .join('');
  const legend = names
    .map((n2, j) => `<tspan fill="${COLORS[j % COLORS.length]}">■ ${escapeHtml(n2)}</tspan>`)
    .join(' ');
  return {
    cls: 'nw-bars',
    attrs: '',
    height: h,
    body: `<text x="${PAD_L}" y="12" class="lg">${legend} <tspan fill="#666">(per bot, end of test)</tspan></text>${rows}${barThresholds(thresholds, x, h)}`,
  };
}

/** Vertical threshold lines on the bars (a bot figure's bound), labelled at the top. */
function barThresholds(thresholds: Threshold[], x: (v: number) => number, h: number): string {
  return thresholds
    .map(
      (th) =>
        `<line class="nw-threshold${th.failed ? ' failed' : ''}" data-value="${th.value}" data-bar="${escapeHtml(th.bar ?? '')}" x1="${x(th.value)}" x2="${x(th.value)}" y1="16" y2="${h - 2}"/>` +
        `<text class="nw-thl${th.failed ? ' failed' : ''}" x="${W - PAD_R - 4}" y="12" text-anchor="end">${escapeHtml(th.label)}</text>`,
    )
    .join('');
}

/** What the dashed orange lines are, and how many anomalies the marker cap left out. */
function markerLegend(p: PlotData): string {
  if (!p.markers.length) return '';
  const kinds = [...new Set(p.markers.map((m) => m.label))].slice(0, 6).map(escapeHtml).join(', ');
  const more = p.markersOmitted
    ? `; <b class="nw-capped">${p.markersOmitted} more not drawn (marker cap reached)</b>`
    : '';
  return `<p class="nw-mlegend dim"><svg width="14" height="10"><line class="nw-marker-key" x1="7" x2="7" y1="0" y2="10"/></svg> anomaly markers (${p.markers.length}, hover for each): ${kinds}${more}</p>`;
}

/** The panels of one test's plot, top to bottom: charts by unit, the network band, the bars. */
export function testPlotPanels(p: PlotData): { range: [number, number]; panels: PlotPanel[] } {
  const range = timeRange(p);
  const byUnit = new Map<string, PlotData['series']>();
  for (const s of p.series) {
    const list = byUnit.get(s.unit) ?? [];
    list.push(s);
    byUnit.set(s.unit, list);
  }
  const thresholds = p.thresholds ?? [];
  const onUnit = (unit: string) => thresholds.filter((t) => !t.bar && t.unit === unit);
  // The chart of the figure the test failed on comes first.
  const units = [...byUnit.entries()].sort(
    ([a], [b]) => Number(onUnit(b).some((t) => t.failed)) - Number(onUnit(a).some((t) => t.failed)),
  );
  const panels = units.map(([unit, ss]) =>
    chartPanel(p, unit, ss.slice(0, COLORS.length), range, onUnit(unit)),
  );
  if (p.series.length || p.network.length) panels.push(networkPanel(p, range));
  if (p.bars?.length)
    panels.push(
      barsPanel(
        p.bars,
        thresholds.filter((t) => t.bar),
      ),
    );
  return { range, panels };
}

/** A panel in report.html: its legend as HTML above (long names wrap) and a full-width SVG. */
function panelHtml(pp: PlotPanel): string {
  const legend = pp.legend
    ? `<div class="lgd">${pp.legend.items
        .map(([name, color]) => `<span style="color:${color}">■ ${escapeHtml(name)}</span>`)
        .join(' ')} <span class="dim">(${escapeHtml(pp.legend.unit)})</span></div>`
    : '';
  return `${legend}<svg class="${pp.cls}"${pp.attrs} viewBox="0 0 ${W} ${pp.height}" width="100%" role="img">${pp.body}</svg>`;
}

/** The plots of one test: charts by unit, then the network band. */
export function plotSection(p: PlotData): string {
  const { range, panels } = testPlotPanels(p);
  return (
    `<section class="nw-test${p.failed ? ' is-failed' : ''}" data-test-id="${escapeHtml(p.testId)}" data-t0="${range[0]}" data-t1="${range[1]}">` +
    `<h3>${p.failed ? '✗ ' : ''}${escapeHtml(p.title)}</h3>${markerLegend(p)}${panels.map(panelHtml).join('')}` +
    `</section>`
  );
}

/**
 * The same plot as one standalone SVG document (the Vitest UI attachment): the title, then each
 * panel stacked with its legend as SVG text. Nothing external; styles inline.
 */
export function testPlotSvg(p: PlotData): string {
  const { panels } = testPlotPanels(p);
  const LEGEND_H = 16;
  let y = 22;
  const parts: string[] = [
    `<text x="4" y="15" class="ttl">${escapeHtml(`${p.failed ? '✗ ' : ''}${p.title}`.slice(0, 140))}</text>`,
  ];
  for (const pp of panels) {
    if (pp.legend) {
      const items = pp.legend.items
        .map(([name, color]) => `<tspan fill="${color}">■ ${escapeHtml(name.slice(0, 40))}</tspan>`)
        .join(' ');
      parts.push(
        `<text x="${PAD_L}" y="${y + 12}" class="lg">${items} <tspan fill="#666">(${escapeHtml(pp.legend.unit)})</tspan></text>`,
      );
      y += LEGEND_H;
    }
    parts.push(
      `<svg class="${pp.cls}"${pp.attrs} x="0" y="${y}" width="${W}" height="${pp.height}" viewBox="0 0 ${W} ${pp.height}">${pp.body}</svg>`,
    );
    y += pp.height + 4;
  }
  if (p.markers.length) {
    const more = p.markersOmitted ? `, ${p.markersOmitted} more not drawn` : '';
    parts.push(
      `<text x="${PAD_L}" y="${y + 12}" class="tk">dashed orange: anomaly markers (${p.markers.length}${more})</text>`,
    );
    y += LEGEND_H;
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="nw-test-plot" width="${W}" height="${y}" viewBox="0 0 ${W} ${y}" font-family="system-ui,sans-serif">` +
    `<style>${SVG_CSS}.ttl{font-size:13px;font-weight:600;fill:#111}</style>` +
    `<rect width="100%" height="100%" fill="#fff"/>${parts.join('')}</svg>`
  );
}

function failureHtml(f: FailureEntry, i: number): string {
  const ev = f.evidence;
  const parts: string[] = [];
  parts.push(`<h3>${i + 1}. ${escapeHtml(f.fullName)}</h3>`);
  parts.push(
    `<p><code>${escapeHtml(f.location)}</code> · ${f.kind}${f.seed !== null ? ` · seed ${f.seed}` : ''}</p>`,
  );
  if (f.quote) parts.push(`<pre class="nw-quote">${escapeHtml(formatQuote(f.quote).join('\n'))}</pre>`);
  parts.push(`<pre class="err">${escapeHtml(`${f.error.name}: ${f.error.message}`)}</pre>`);
  if (f.error.expected !== undefined || f.error.actual !== undefined) {
    parts.push(
      `<pre>expected: ${escapeHtml(f.error.expected ?? '')}\nactual:   ${escapeHtml(f.error.actual ?? '')}</pre>`,
    );
  }
  parts.push(`<p>reproduce: <code class="repro">${escapeHtml(f.reproduce.command)}</code></p>`);
  if (ev.processes.length) {
    parts.push(
      `<ul>${ev.processes
        .map(
          (p) =>
            `<li>${p.failed ? '✗' : '✓'} ${escapeHtml(p.name)} exit ${p.exitCode ?? '?'} ${escapeHtml(p.signal ?? '')} ${escapeHtml(p.reason ?? '')}</li>`,
        )
        .join('')}</ul>`,
    );
  }
  if (ev.anomalies.length) {
    parts.push(
      `<ul>${ev.anomalies.map((a) => `<li>t+${a.tMs ?? '?'} ms <b>${escapeHtml(a.source)}</b> ${escapeHtml(a.event)} ${escapeHtml(a.detail ?? '')}</li>`).join('')}</ul>`,
    );
  }
  for (const b of ev.blocks) {
    parts.push(
      `<details open class="nw-block" data-section="${escapeHtml(b.section)}"><summary>${escapeHtml(b.title)}</summary><pre>${escapeHtml(b.lines.join('\n'))}</pre></details>`,
    );
  }
  for (const e of ev.excerpts) {
    parts.push(
      `<details open><summary>${escapeHtml(e.source)} — ${e.kind} — ${escapeHtml(e.path || 'attached tail')}:${e.fromLine}-${e.toLine}</summary><pre>${escapeHtml(e.lines.join('\n'))}</pre></details>`,
    );
  }
  if (f.omitted.items || f.omitted.logLines) {
    parts.push(
      `<p class="dim">cut for size: ${f.omitted.items} item(s), ${f.omitted.logLines} log line(s); see ${f.omitted.see.map((s) => escapeHtml(s.path)).join(', ')}</p>`,
    );
  }
  return `<article class="failure">${parts.join('')}</article>`;
}

const CSS = `body{font:14px/1.4 system-ui,sans-serif;margin:16px 24px;color:#111;background:#fff}
h1{font-size:20px}h2{font-size:17px;border-bottom:1px solid #ddd;padding-bottom:4px}h3{font-size:15px;margin:14px 0 4px}
pre{background:#f6f6f6;padding:6px 8px;overflow:auto;max-height:320px;font-size:12px}pre.err{background:#fef2f2}
.badge{padding:2px 8px;border-radius:10px;color:#fff}.passed{background:#16a34a}.failed{background:#dc2626}.interrupted,.running{background:#d97706}
table{border-collapse:collapse;font-size:13px}td,th{border-bottom:1px solid #eee;padding:3px 8px;text-align:left}
${SVG_CSS}.nw-marker-key{stroke:#f59e0b;stroke-dasharray:3 3}.nw-test{margin-bottom:22px}
.dim{color:#666}.lgd{font-size:12px;margin:6px 0 0 ${((PAD_L / W) * 100).toFixed(1)}%}.failure{border-left:3px solid #dc2626;padding-left:10px;margin-bottom:16px}
.nw-test.is-failed h3{color:#b91c1c}`;

const JS = `(function(){
document.querySelectorAll('.nw-test').forEach(function(sec){
  var svgs=sec.querySelectorAll('svg');
  svgs.forEach(function(svg){
    svg.addEventListener('mousemove',function(ev){
      var r=svg.getBoundingClientRect(); var vx=(ev.clientX-r.left)*${W}/r.width;
      sec.querySelectorAll('.nw-cross').forEach(function(l){l.setAttribute('x1',vx);l.setAttribute('x2',vx);});
    });
  });
});
var box=document.getElementById('only-failed');
if(box)box.addEventListener('change',function(){
  document.querySelectorAll('.nw-test:not(.is-failed),tr.ok').forEach(function(e){e.style.display=box.checked?'none':'';});
});
})();`;

/** The run-level blocks of report sections that have data in this report. */
function sectionsHtml(r: Report, sections: readonly ReportSection<unknown>[]): string {
  const out: string[] = [];
  for (const sec of sections) {
    const data = r.sections?.[sec.id];
    if (data === undefined || !sec.html) continue;
    let body: string;
    try {
      body = sec.html(data, r);
    } catch (err) {
      body = `<p class="dim">this section could not be drawn: ${escapeHtml((err as Error).message)}</p>`;
    }
    if (body)
      out.push(
        `<section class="nw-section" data-section="${escapeHtml(sec.id)}"><h2>${escapeHtml(sec.title)}</h2>${body}</section>`,
      );
  }
  return out.join('');
}

/** Render the whole page. */
export function renderHtml(r: Report, sections: readonly ReportSection<unknown>[] = REPORT_SECTIONS): string {
  const t = r.totals;
  const rows = r.tests
    .slice(0, 1000)
    .map(
      (e) =>
        `<tr class="${e.state === 'failed' ? 'bad' : 'ok'}"><td><span class="badge ${e.state === 'failed' ? 'failed' : e.state === 'passed' ? 'passed' : 'interrupted'}">${e.flaky ? 'flaky' : e.state}</span></td><td>${escapeHtml(e.fullName)}</td><td>${escapeHtml(e.line !== null ? `${e.file}:${e.line}` : e.file)}</td><td>${e.durationMs ?? ''}</td><td>${escapeHtml(formatKeyFigures(e.metrics, 10))}</td></tr>`,
    )
    .join('');
  const plots = [...r.plots]
    .sort((a, b) => Number(b.failed) - Number(a.failed))
    .map(plotSection)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>netwright report — ${escapeHtml(r.status)}</title><style>${CSS}</style></head>
<body>
<h1>netwright report <span class="badge ${escapeHtml(r.status)}">${escapeHtml(r.status)}</span>${r.complete ? '' : ' <span class="dim">(incomplete)</span>'}</h1>
<p><b>${t.tests}</b> tests · ${t.passed} passed · ${t.failed} failed · ${t.skipped} skipped · ${t.interrupted} interrupted · ${t.flaky} flaky · ${Math.round(r.run.durationMs / 100) / 10} s</p>
<p class="dim">seed ${r.run.seed ?? r.run.seeds.join(', ')} · commit ${escapeHtml(r.run.gitCommit ?? 'n/a')} · node ${escapeHtml(r.run.versions.node)} · vitest ${escapeHtml(r.run.versions.vitest ?? '?')}${r.run.versions.godot ? ` · godot ${escapeHtml(r.run.versions.godot)}` : ''} · ${escapeHtml(r.run.startedAt)}</p>
<p class="dim"><code>${escapeHtml(r.run.command)}</code></p>
<label><input type="checkbox" id="only-failed"> failures only</label>
${r.errors.length ? `<h2>Errors outside tests</h2>${r.errors.map((e) => `<pre class="err">${escapeHtml(`${e.file ?? ''} ${e.error.name}: ${e.error.message}`)}</pre>`).join('')}` : ''}
${r.failures.length ? `<h2>Failures</h2>${r.failures.map(failureHtml).join('')}` : ''}
${sectionsHtml(r, sections)}
<h2>Plots</h2>
${plots || '<p class="dim">no time series or network timeline attached by the tests</p>'}
<h2>Tests</h2>
<table><thead><tr><th>state</th><th>test</th><th>file</th><th>ms</th><th>key figures</th></tr></thead><tbody>${rows}</tbody></table>
<script>${JS}</script>
</body></html>
`;
}
