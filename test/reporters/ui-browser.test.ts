// Issue #13, "done when the UI shows a plot for a failing test": the Vitest UI in headless Chromium,
// open while the run happens (the annotations must reach a live UI, not only one loaded afterwards:
// a UI opened after the run reads the finished tasks, which always had them), shows the failing
// test's netwright.plot SVG. Saves a screenshot.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHROMIUM, openPage, type Page } from '../helpers/cdp.ts';
import { readReport, startVitest, tempDir } from './run-vitest.ts';

/** True in the page once the failing test's report shows the plot image (decoded, drawn). */
const PLOT_SHOWN = `(() => {
  const text = document.body.innerText;
  const img = [...document.querySelectorAll('a[target=_blank] > img')].find(
    (i) => i.src.startsWith('data:image/svg+xml') && i.naturalWidth > 100,
  );
  if (!img || !text.includes('netwright.plot') || !text.includes('Test Annotations')) return false;
  img.scrollIntoView({ block: 'center' });
  return { width: img.naturalWidth, height: img.naturalHeight, svg: decodeURIComponent(img.src).slice(0, 200) };
})()`;

/** Click the failing test in the UI's explorer (true once it was there). */
const CLICK_FAILING = `(() => {
  const name = 'snapshot rate stays above 18 Hz';
  const el = [...document.querySelectorAll('span, div')].find((e) => e.textContent.trim() === name);
  el?.click();
  return !!el;
})()`;

describe.skipIf(!existsSync(CHROMIUM))('the Vitest UI in headless Chromium', () => {
  let page: Page | undefined;
  let vitest: ReturnType<typeof startVitest> | undefined;
  afterAll(async () => {
    await page?.close();
    vitest?.kill('SIGTERM');
    await vitest;
  });

  it('shows the netwright.plot of a failing test to a UI open during the run', async () => {
    const out = tempDir('ui');
    // --standalone: the UI comes up before any test runs; the browser starts the run.
    vitest = startVitest(
      'report-basic',
      ['--watch', '--ui', '--standalone', '--open=false', '--api.host', '127.0.0.1', '--api.port', '0'],
      { NW_OUT: out, CI: '', FORCE_COLOR: '0', NO_COLOR: '1' },
    );
    let stdout = '';
    let exited = false;
    vitest.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    vitest.finally(() => {
      exited = true;
    });
    const until = Date.now() + 60_000;
    let url: string | undefined;
    while (!url && Date.now() < until && !exited) {
      url = /UI started at (http:\/\/\S+token=[\w-]+)/.exec(stdout)?.[1];
      if (!url) await new Promise((r) => setTimeout(r, 200));
    }
    expect(url, stdout.slice(-3000)).toBeDefined();

    page = await openPage(1400, 1000);
    await page.navigate(url as string);
    await page.waitFor(
      `(() => { const b = document.querySelector('[data-testid=btn-run-all]'); return !!b && !b.disabled
        && !document.body.innerText.includes('Connecting'); })()`,
      'the UI to connect',
    );
    expect(stdout).not.toContain('REPORT_JSON:');
    await page.evaluate(`document.querySelector('[data-testid=btn-run-all]').click()`);
    for (let i = 0; i < 600 && !stdout.includes('REPORT_JSON:'); i++)
      await new Promise((r) => setTimeout(r, 200));
    expect(stdout, stdout.slice(-3000)).toContain('REPORT_JSON:');

    const failing = readReport(out).tests.find(
      (t) => t.fullName === 'netcode > snapshot rate stays above 18 Hz',
    );
    expect(failing?.state).toBe('failed');
    // Open the test in the live UI as a person does, by clicking it in the explorer (no reload: the
    // UI shows what it was sent during the run).
    await page.waitFor(CLICK_FAILING, 'the failing test in the explorer');
    const live = await page.waitFor<{ width: number; svg: string }>(
      PLOT_SHOWN,
      'the plot in the live UI',
      30_000,
    );
    expect(live.svg).toMatch(/^data:image\/svg\+xml,<svg/);
    const shot = path.join(out, 'ui-failing-test-plot.png');
    await new Promise((r) => setTimeout(r, 300));
    await page.screenshot(shot);
    console.log(`Vitest UI screenshot: ${shot} (plot ${live.width} px wide)`);
    expect(statSync(shot).size).toBeGreaterThan(20_000);
  }, 240_000);
});
