// Loads report.html in headless Chromium (Debian `chromium`): takes a screenshot and dumps the DOM to
// check the plots are there after the page's script ran, with nothing fetched from the network.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/report/build-report.ts';
import { renderHtml } from '../../src/report/render-html.ts';
import { hasChromium, loadInChromium } from './chromium.ts';
import { collectedRun, collectedTest, plotMeta } from './synthetic.ts';

describe.skipIf(!hasChromium)('report.html in headless Chromium', () => {
  it('renders the plots and the network timeline (screenshot + DOM)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nw-html-'));
    const t0 = 1_700_000_000_000;
    const run = collectedRun([
      collectedTest({
        name: 'outage spike',
        state: 'failed',
        errors: [{ name: 'AssertionError', message: 'p99 latency 500 ms > 150 ms' }],
        rawMeta: { netwright: plotMeta(t0) },
      }),
      collectedTest({ name: 'calm', rawMeta: { netwright: plotMeta(t0) } }),
    ]);
    const report = await buildReport(run, { outputDir: dir });
    const page = await loadInChromium(dir, 'report', renderHtml(report));
    expect(page.pngBytes, page.stderr).toBeGreaterThan(20_000);
    expect(page.pngSize).toEqual({ width: 1280, height: 2000 });
    const html = page.dom;
    // 2 tests x 3 units, each with a network band underneath.
    expect(html.match(/<svg class="nw-plot"/g)?.length).toBe(6);
    expect(html.match(/<svg class="nw-net"/g)?.length).toBe(2);
    expect(html.match(/class="nw-seg outage"/g)?.length).toBe(2);
    expect(html.match(/<path class="nw-series"/g)?.length).toBe(6);
    expect(html).toContain('data-name="client-1 latency.p99"');
    expect(html).toContain('data-name="bot-1 kills"');
    expect(html.match(/class="nw-marker"/g)?.length).toBe(6);
    // MUD bot kills/deaths as grouped bars: 2 tests x 2 bots x 2 figures.
    expect(html.match(/<svg class="nw-bars"/g)?.length).toBe(2);
    expect(html.match(/<rect class="nw-bar" data-name="kills"/g)?.length).toBe(4);
    expect(html.match(/<rect class="nw-bar" data-name="deaths"/g)?.length).toBe(4);
    // The spike and the outage share the x axis: the outage segment starts where the series jumps.
    const seg = /<g class="nw-seg outage"><rect x="([\d.]+)"/.exec(html);
    const path1 =
      /data-name="client-1 latency.p99" fill="none" stroke="[^"]+" stroke-width="1.5" d="([^"]+)"/.exec(html);
    const pts = [...(path1?.[1] ?? '').matchAll(/[ML]([\d.]+) ([\d.]+)/g)].map((m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
    const jump = pts.findIndex((p, i) => i > 0 && p[1] < pts[i - 1][1] - 20);
    expect(jump).toBeGreaterThan(0);
    expect(pts[jump][0]).toBeCloseTo(Number(seg?.[1]), 0);
  }, 180_000);
});
