import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadReport, run } from '../../src/cli/report.ts';
import { hasErrorCode } from '../../src/errors.ts';
import { buildReport } from '../../src/report/build-report.ts';
import { escapeHtml, renderHtml } from '../../src/report/render-html.ts';
import { renderSummary } from '../../src/report/render-summary.ts';
import { writeReport } from '../../src/report/write-report.ts';
import { plotsFileErrors } from '../reporters/run-vitest.ts';
import { collectedRun, collectedTest, plotMeta } from './synthetic.ts';

async function sample(outputDir = '/out') {
  return buildReport(
    collectedRun([
      collectedTest({
        name: 'pipes | and <tags>',
        state: 'failed',
        errors: [{ name: 'Error', message: 'bad ``` fence <script>alert(1)</script>' }],
        rawMeta: {
          netwright: {
            ...plotMeta(1_700_000_000_000),
            processes: [{ name: 'server', failed: true, exitCode: 1, stderrTail: ['SCRIPT ERROR: x'] }],
          },
        },
      }),
      collectedTest({ name: 'fine' }),
    ]),
    { outputDir },
  );
}

describe('renderSummary', () => {
  it('renders failures, evidence and a safe table', async () => {
    const md = renderSummary(await sample());
    expect(md).toMatch(/^# netwright report ❌ failed/);
    expect(md).toContain('### 1. pipes | and <tags>');
    expect(md).toContain('| failed | pipes \\| and <tags> |');
    expect(md).toContain('[stderr] SCRIPT ERROR: x');
    expect(md).toContain('- t+4000 ms: outage');
    // A ``` inside the error cannot close the code fence early.
    expect(md).not.toContain('bad ``` fence');
  });
});

describe('renderHtml', () => {
  it('escapes test data and fetches nothing', async () => {
    const html = renderHtml(await sample());
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain(escapeHtml('<script>alert(1)</script>'));
    expect(html).not.toMatch(/\bsrc=|https?:\/\/|@import/);
    expect(html.match(/<script>/g)).toHaveLength(1);
  });
});

describe('netwright report (CLI)', () => {
  it('re-renders summary.md and report.html from report.json and the plots.json it names', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nw-cli-'));
    const report = await sample(dir);
    const json = writeReport(report);
    const written = JSON.parse(readFileSync(json, 'utf8'));
    expect(written.plots).toEqual({ file: path.join(dir, 'plots.json'), tests: 1, note: expect.any(String) });
    expect(plotsFileErrors(JSON.parse(readFileSync(path.join(dir, 'plots.json'), 'utf8')))).toEqual([]);
    expect(loadReport(json).plots).toEqual(report.plots);
    const out = path.join(dir, 'again');
    expect(await run([json, '--out', out])).toBe(0);
    expect(readFileSync(path.join(out, 'summary.md'), 'utf8')).toBe(
      renderSummary({
        ...report,
        run: {
          ...report.run,
          files: {
            json: path.join(out, 'report.json'),
            summary: path.join(out, 'summary.md'),
            html: path.join(out, 'report.html'),
            plots: path.join(out, 'plots.json'),
          },
        },
      }),
    );
    expect(readFileSync(path.join(out, 'report.html'), 'utf8')).toContain('<svg class="nw-plot"');
    expect(JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')).run.files.json).toBe(
      path.join(out, 'report.json'),
    );
    expect(await run([json])).toBe(0);
    expect(readFileSync(path.join(dir, 'summary.md'), 'utf8')).toContain('pipes | and <tags>');
    expect(await run([])).toBe(2);
  });

  it('rejects missing, non-JSON, foreign and other-version files with codes', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nw-cli-bad-'));
    const cases: [string, string][] = [
      ['missing.json', 'ERR_REPORT_NOT_FOUND'],
      ['bad.json', 'ERR_REPORT_INVALID'],
      ['foreign.json', 'ERR_REPORT_INVALID'],
      ['v9.json', 'ERR_REPORT_VERSION'],
    ];
    writeFileSync(path.join(dir, 'bad.json'), '{');
    writeFileSync(path.join(dir, 'foreign.json'), '{"a":1}');
    writeFileSync(path.join(dir, 'v9.json'), '{"tool":"netwright","schemaVersion":9}');
    for (const [file, code] of cases) {
      let err: unknown;
      try {
        loadReport(path.join(dir, file));
      } catch (e) {
        err = e;
      }
      expect(hasErrorCode(err, code), `${file}: ${String(err)}`).toBe(true);
    }
  });
});

describe('fmtTime', () => {
  it('labels the time axis compactly', async () => {
    const { fmtTime } = await import('../../src/report/render-html.ts');
    expect([0, 250, 1500, 12_400, 150_000, 180_000].map(fmtTime)).toEqual([
      '0s',
      '0.25s',
      '1.5s',
      '12s',
      '2m30s',
      '3m',
    ]);
  });
});

describe('network band', () => {
  it('draws one row per link, changes without a link in every row, outage ends not red', async () => {
    const { isOutage } = await import('../../src/report/evidence.ts');
    expect(isOutage('outage=2000', { outage: 2000 })).toBe(true);
    expect(isOutage('outage end', { outage: false })).toBe(false);
    expect(isOutage('wifi_good', 'wifi_good')).toBe(false);
    const { plotSection } = await import('../../src/report/render-html.ts');
    const svg = plotSection({
      testId: 'x',
      title: 't',
      failed: false,
      series: [
        {
          name: 'lat',
          unit: 'ms',
          points: [
            [0, 1],
            [5000, 2],
          ],
        },
      ],
      network: [
        { tMs: 0, label: 'wifi', outage: false },
        { tMs: 1000, label: 'outage', outage: true, link: 'client-1' },
        { tMs: 3000, label: '3g', outage: false, link: 'client-2' },
      ],
      markers: [],
    });
    // client-1 row: wifi, outage; client-2 row: wifi, 3g.
    expect(svg.match(/<g class="nw-seg/g)).toHaveLength(4);
    expect(svg.match(/class="nw-seg outage"/g)).toHaveLength(1);
    expect(svg).toContain('>client-1</text>');
    expect(svg).toContain('>client-2</text>');
    expect(svg).toContain('t+0 ms: wifi (all links)');
  });
});

describe('standalone test plot (Vitest UI attachment)', () => {
  it('draws the same panels as report.html in one SVG document, title escaped', async () => {
    const { plotSection, testPlotSvg } = await import('../../src/report/render-html.ts');
    const p = {
      testId: 'x',
      title: 'a <b> & "c"',
      failed: true,
      series: [
        {
          name: 'lat',
          unit: 'ms',
          points: [
            [0, 1],
            [5000, null],
            [6000, 2],
          ] as [number, number | null][],
        },
        {
          name: 'hz',
          unit: 'Hz',
          points: [
            [0, 20],
            [6000, 20],
          ] as [number, number | null][],
        },
      ],
      network: [{ tMs: 1000, label: 'outage', outage: true }],
      markers: [{ tMs: 1200, label: 'client-1: latency_spike' }],
      bars: [{ entity: 'bot-1', name: 'kills', value: 3 }],
    };
    const svg = testPlotSvg(p);
    const html = plotSection(p);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('✗ a &#60;b&#62; &#38; &#34;c&#34;');
    expect(svg).not.toContain('<div');
    for (const cls of ['nw-series', 'nw-seg outage', 'nw-marker"', 'nw-bar"']) {
      expect(svg.split(cls).length, cls).toBe(html.split(cls).length);
      expect(svg.split(cls).length, cls).toBeGreaterThan(1);
    }
    // Stacked panels: each nested <svg> starts below the one before.
    const ys = [...svg.matchAll(/<svg class="nw-[a-z]+"[^>]* y="(\d+)"/g)].map((m) => Number(m[1]));
    expect(ys).toHaveLength(4);
    expect([...ys].sort((a, b) => a - b)).toEqual(ys);
    const height = Number(/^<svg[^>]* height="(\d+)"/.exec(svg)?.[1]);
    expect(height).toBeGreaterThan(ys[3]);
  });
});
