// Vitest UI annotations: a real Vitest test annotates itself through fixtures/ui.ts while its body
// runs; the annotations land on the task with the SVG plot attached.
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
    expect(long.at(-1)?.message.length).toBe(UI_FAILURE_CHARS);
  });
});
