// Vitest UI annotations: a real Vitest test annotates itself through fixtures/ui.ts while its body
// runs; the annotations land on the task with the SVG plot attached.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { annotateNetwright } from '../../fixtures/ui.ts';
import { UI_FAILURE_CHARS, uiAnnotations } from '../../src/report/ui-annotations.ts';
import { plotMeta } from './synthetic.ts';

describe('Vitest UI annotations', () => {
  it('key figures, the SVG plot and the failure line are annotated on the running test', async (ctx) => {
    ctx.task.meta.netwright = plotMeta(Date.now());
    await annotateNetwright(ctx, 'AssertionError: p99 latency 500 ms > 150 ms');
    const anns = ctx.task.annotations;
    expect(anns.find((a) => a.type === 'netwright.seed')?.message).toBe('3');
    const plot = anns.find((a) => a.type === 'netwright.plot');
    expect(plot?.attachment?.contentType).toBe('image/svg+xml');
    const svg = String(plot?.attachment?.body ?? '');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('class="nw-seg outage"');
    expect(svg.match(/class="nw-series"/g)).toHaveLength(3);
    expect(anns.find((a) => a.type === 'netwright.failure')?.message).toContain('p99 latency 500 ms');
    // Bounded: few annotations, short messages; the plot stays small.
    expect(anns.length).toBeLessThanOrEqual(27);
    for (const a of anns) expect(a.message.length).toBeLessThanOrEqual(UI_FAILURE_CHARS);
    expect(svg.length).toBeLessThan(40_000);
  });

  it('no plot for meta without series, network or bars; no failure line for a passing test', () => {
    const anns = uiAnnotations({ seed: 9 }, { id: 'x', title: 'plain' });
    expect(anns).toEqual([{ type: 'netwright.seed', message: '9' }]);
    const long = uiAnnotations({ seed: 9 }, { id: 'x', title: 'plain', failure: 'e'.repeat(5000) });
    // A long failure line is cut first, so the spec line and the file to open still fit.
    expect(long.at(-1)?.message.length).toBeLessThanOrEqual(260);
    expect(long.at(-1)?.message.startsWith('eeee')).toBe(true);
  });
});

describe('the failure annotation points where to look (#13)', () => {
  it('quotes the failing spec line with file:line and names the file to open', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'nw-ui-'));
    mkdirSync(path.join(root, 'specs'));
    mkdirSync(path.join(root, 'src'));
    writeFileSync(
      path.join(root, 'specs', 'delta.spec.ts'),
      "test('deltas', async ({ clients }) => {\n  const [c] = await clients(1);\n  expect(c.metrics.baselineMismatches).toBe(0);\n});\n",
    );
    writeFileSync(path.join(root, 'src', 'snapshot-history.ts'), 'export const HISTORY = 2;\n');
    const anns = uiAnnotations(
      {
        t0: 1000,
        events: [
          { t: 1500, source: 'client-1', event: 'baseline_mismatch', where: 'src/snapshot-history.ts' },
        ],
      },
      {
        id: 'x',
        title: 'deltas',
        failure: 'AssertionError: expected 12 to be 0',
        where: {
          root,
          file: 'specs/delta.spec.ts',
          errors: [
            {
              message: 'expected 12 to be 0',
              stacks: [{ file: path.join(root, 'specs', 'delta.spec.ts'), line: 3, column: 40 }],
            },
          ],
        },
      },
    );
    const msg = anns.find((a) => a.type === 'netwright.failure')?.message ?? '';
    expect(msg.split('\n')).toEqual([
      'AssertionError: expected 12 to be 0',
      'at specs/delta.spec.ts:3',
      '  2 |   const [c] = await clients(1);',
      '> 3 |   expect(c.metrics.baselineMismatches).toBe(0);',
      'open: src/snapshot-history.ts',
      't+500 ms client-1: baseline_mismatch',
    ]);
    expect(msg.length).toBeLessThanOrEqual(UI_FAILURE_CHARS);
    rmSync(root, { recursive: true, force: true });
  });
});
