// A report section is one module: this test adds one through BuildOptions.sections and checks that it
// reaches every output (key figures, plots, anomalies, failure evidence, report.sections, summary.md,
// report.html), and that a section that throws costs only its own part.
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../../src/report/build-report.ts';
import { renderHtml } from '../../../src/report/render-html.ts';
import { renderSummary } from '../../../src/report/render-summary.ts';
import { defineSection, REPORT_SECTIONS } from '../../../src/report/sections/index.ts';
import { schemaErrors } from '../../reporters/run-vitest.ts';
import { collectedRun, collectedTest } from '../synthetic.ts';

const T0 = 1_700_000_000_000;

const swarmLike = defineSection<{ bots: number; p99Ms: number }>({
  id: 'swarm-like',
  title: 'Swarm (test section)',
  keyFigures: ({ meta }) => ({ 'swarm.bots': (meta.swarm as { bots: number } | undefined)?.bots }),
  series: ({ meta }) =>
    meta.swarm
      ? [
          {
            name: 'active bots',
            unit: 'bots',
            points: [
              [0, 0],
              [1000, 50],
              [2000, null],
              [3000, 48],
            ],
          },
        ]
      : [],
  bars: ({ meta }) => (meta.swarm ? [{ entity: 'swarm', name: 'stalls', value: 2 }] : []),
  anomalies: ({ meta, t0 }) =>
    meta.swarm && t0 !== undefined ? [{ t: t0 + 1500, source: 'swarm', event: 'server_stalled' }] : [],
  evidence: ({ state }) =>
    state === 'failed'
      ? [
          {
            section: 'swarm-like',
            title: 'what the bots did last',
            lines: ['Alder: north', 'Birch: kill rat'],
            rank: 'lead',
          },
        ]
      : [],
  collect: ({ tests }) => {
    const withSwarm = tests.filter((t) => t.meta.swarm);
    return withSwarm.length ? { bots: withSwarm.length * 50, p99Ms: 81 } : undefined;
  },
  markdown: (d) => [`- ${d.bots} bots, p99 ${d.p99Ms} ms`],
  html: (d) => `<p class="swarm-like">${d.bots} bots</p>`,
});

const broken = defineSection({
  id: 'broken',
  title: 'Broken',
  keyFigures: () => {
    throw new Error('boom');
  },
  series: () => {
    throw new Error('boom');
  },
  collect: () => {
    throw new Error('boom');
  },
});

describe('report sections (one module + one registration line)', () => {
  it('reach key figures, plots, anomalies, evidence, report.sections, summary.md and report.html', async () => {
    const sections = [...REPORT_SECTIONS, swarmLike, broken];
    const run = collectedRun([
      collectedTest({
        name: 'swarm holds',
        state: 'failed',
        errors: [{ name: 'AssertionError', message: 'p99 81 > 50' }],
        rawMeta: { netwright: { seed: 5, t0: T0, swarm: { bots: 50 } } },
      }),
      collectedTest({ name: 'plain', rawMeta: { netwright: { seed: 6 } } }),
    ]);
    const r = await buildReport(run, { outputDir: '/out', sections });
    expect(schemaErrors(r)).toEqual([]);
    const entry = r.tests.find((t) => t.name === 'swarm holds');
    expect(entry?.metrics).toEqual({ seed: 5, 'swarm.bots': 50, anomalies: 1 });
    const plot = r.plots.find((p) => p.title === 'swarm holds');
    expect(plot?.series).toEqual([
      {
        name: 'active bots',
        unit: 'bots',
        points: [
          [0, 0],
          [1000, 50],
          [2000, null],
          [3000, 48],
        ],
      },
    ]);
    expect(plot?.bars).toEqual([{ entity: 'swarm', name: 'stalls', value: 2 }]);
    expect(plot?.markers).toEqual([{ tMs: 1500, label: 'swarm: server_stalled' }]);
    const f = r.failures[0];
    expect(f.evidence.anomalies.map((a) => [a.tMs, a.event])).toEqual([[1500, 'server_stalled']]);
    expect(f.evidence.blocks).toEqual([
      {
        section: 'swarm-like',
        title: 'what the bots did last',
        lines: ['Alder: north', 'Birch: kill rat'],
        rank: 'lead',
      },
    ]);
    expect(r.sections).toEqual({ 'swarm-like': { bots: 50, p99Ms: 81 } });

    const md = renderSummary(r, sections);
    expect(md).toContain('## Swarm (test section)\n\n- 50 bots, p99 81 ms\n');
    expect(md).toContain('**what the bots did last**');
    expect(md.indexOf('## Swarm (test section)')).toBeGreaterThan(md.indexOf('## Failures'));
    expect(md.indexOf('## Swarm (test section)')).toBeLessThan(md.indexOf('## Tests'));
    const html = renderHtml(r, sections);
    expect(html).toContain(
      '<section class="nw-section" data-section="swarm-like"><h2>Swarm (test section)</h2><p class="swarm-like">50 bots</p></section>',
    );
    expect(html).toContain('<details open class="nw-block" data-section="swarm-like">');
    // The gap at 2 s breaks the line: two subpaths.
    const d = /data-name="active bots"[^>]* d="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(d.match(/M/g)).toHaveLength(2);
  });

  it('bounds what a section puts into report.json', async () => {
    const chatty = defineSection({
      id: 'chatty',
      title: 'Chatty',
      collect: () => ({ text: 'x'.repeat(50_000) }),
    });
    const r = await buildReport(collectedRun([collectedTest()]), { outputDir: '/out', sections: [chatty] });
    expect(r.sections.chatty).toEqual({ omitted: expect.stringMatching(/^5\d{4} chars of section data/) });
  });
});
