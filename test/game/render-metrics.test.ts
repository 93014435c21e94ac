// Render metrics folded from synthetic render_stats / render_jump lines, the render matchers on them
// (pass, fail with evidence, clients that report nothing, expect.poll), and their time series.
import { describe, expect, it } from 'vitest';
import '../../fixtures/matchers/index.ts';
import { ClientMetrics } from '../../src/game/client-metrics.ts';
import type { GameClientHandle } from '../../src/game/game-client.ts';
import { renderSeries } from '../../src/game/timeseries.ts';
import { ev } from './events.ts';

const WHERE = 'res://scripts/client.gd:_render';

/** One second of rendering: 60 frames, `jumps` of them with a jump, per-frame steps, extrapolation. */
function second(t: number, o: { jumps?: number; step?: number; extrap?: number[]; alphaOut?: number } = {}) {
  const steps = Array.from({ length: 60 }, (_, i) => (i < (o.jumps ?? 0) ? (o.step ?? 6.7) : 3.3));
  return ev(t, 'render_stats', {
    frames: 60,
    jump_frames: o.jumps ?? 0,
    jumps_own: o.jumps ?? 0,
    jumps_other: 0,
    steps,
    step_max: Math.max(...steps),
    extrap_ms: o.extrap ?? [],
    extrap_max_ms: Math.max(0, ...(o.extrap ?? [])),
    alpha_out: o.alphaOut ?? 0,
    alpha_min: 0,
    alpha_max: 1,
    starved_ms: 0,
    jump_k: 1.5,
    where: WHERE,
  });
}

function client(name: string, seconds: Parameters<typeof second>[1][], jump = true) {
  const metrics = new ClientMetrics();
  for (const [i, o] of seconds.entries()) metrics.ingest(second(1000 * (i + 1), o));
  if (jump && seconds.some((o) => (o?.jumps ?? 0) > 0))
    metrics.ingest(
      ev(1500, 'render_jump', {
        entity: 3,
        own: true,
        step: 6.64,
        expected: 3.1,
        speed: 199,
        render_dt_ms: 15.6,
        where: WHERE,
      }),
    );
  return { name, metrics };
}

function failure(fn: () => void): string {
  try {
    fn();
  } catch (e) {
    return String((e as Error).message);
  }
  throw new Error('expected the assertion to fail');
}

describe('RenderMetrics', () => {
  it('folds per-second lines into totals, step and extrapolation histograms and a per-second row', () => {
    const { metrics } = client('c', [{ jumps: 30 }, { jumps: 0, extrap: [12, 40] }, { alphaOut: 2 }]);
    const r = metrics.render;
    expect(r.seconds).toBe(3);
    expect(r.frames).toBe(180);
    expect(r.jumpFrames).toBe(30);
    expect(r.jumpsPerMinute()).toBe(600);
    expect(r.steps.count).toBe(180);
    expect(r.steps.percentile(99)).toBeCloseTo(6.7, 1);
    expect(r.extrapolationMaxMs).toBe(40);
    expect(r.extrapolation.count).toBe(2);
    expect(r.alphaOutside).toBe(2);
    expect(r.perSecond.map((row) => row[2])).toEqual([30, 0, 0]);
    expect(metrics.summary().render).toMatchObject({
      jumpFrames: 30,
      where: WHERE,
      firstJump: { entity: 3 },
    });
  });

  it('a client without render lines has no render summary, and bad fields are counted', () => {
    const m = new ClientMetrics();
    expect(m.summary().render).toBeUndefined();
    m.ingest(ev(0, 'render_stats', { steps: 'nope' }));
    expect(m.render.reported).toBe(false);
    expect(m.summary().malformed).toBe(1);
  });
});

describe('toRenderSmoothly', () => {
  it('passes a smooth client and fails a jumpy one with its figures and the first jump, naming the script', () => {
    const smooth = client('client-1', [{}, {}, {}]);
    const jumpy = client('client-2', [{ jumps: 30 }, { jumps: 30 }, { jumps: 30 }]);
    expect(smooth).toRenderSmoothly();
    expect(smooth).toRenderSmoothly({ maxJumpsPerMinute: 0, maxStepP99: 4 });
    const msg = failure(() => expect([smooth, jumpy]).toRenderSmoothly({ maxJumpsPerMinute: 150 }));
    expect(msg).toContain('1 of 2 client(s)');
    expect(msg).toMatch(/client-2: jumps 1800\.0\/min > 150: 1800\.0 jump frames\/min over 3 s of rendering/);
    expect(msg).toMatch(
      /first jump: its own entity moved 6\.64 units in one frame where its snapshots moved it 3\.10/,
    );
    expect(msg).toContain(`(positions from ${WHERE})`);
  });

  it('checks the step p99 when asked', () => {
    const big = client('client-1', [{ jumps: 10, step: 20 }], false);
    expect(big).toRenderSmoothly({ maxJumpsPerMinute: 1000 });
    const msg = failure(() => expect(big).toRenderSmoothly({ maxJumpsPerMinute: 1000, maxStepP99: 12 }));
    expect(msg).toMatch(/step p99 20\.\d+ > 12 units/);
  });

  it('fails a client that reports no render metrics, pointing at the contract', () => {
    const silent = { name: 'client-1', metrics: new ClientMetrics() };
    expect(failure(() => expect(silent).toRenderSmoothly())).toMatch(
      /client-1: no render_stats from this client .*docs\/game-contract\.md/,
    );
    expect(failure(() => expect(silent).toHaveNoExtrapolationAbove(100))).toMatch(/no render_stats/);
  });

  it('works with expect.poll (re-reads the live metrics)', async () => {
    const live = client('client-1', []);
    setTimeout(() => live.metrics.ingest(second(1000)), 50);
    await expect.poll(() => live, { timeout: 2000, interval: 20 }).toRenderSmoothly();
  });
});

describe('toHaveNoExtrapolationAbove', () => {
  it('passes below the bound and fails above it with max, p99 and frames', () => {
    const c = client('client-1', [{ extrap: [10, 20] }, { extrap: [250] }]);
    expect(c).toHaveNoExtrapolationAbove(300);
    expect(c).not.toHaveNoExtrapolationAbove(200);
    const msg = failure(() => expect(c).toHaveNoExtrapolationAbove(200));
    expect(msg).toMatch(
      /client-1: max 250\.0 ms past the newest snapshot, p99 250\.\d ms over the 3 of 120 frames/,
    );
  });
});

describe('renderSeries', () => {
  it('jump frames summed over clients, worst step and extrapolation per second', () => {
    const a = client('a', [{ jumps: 5 }, { extrap: [30] }]);
    const b = client('b', [{ jumps: 2, step: 9 }, {}]);
    const handles = [a, b] as unknown as GameClientHandle[];
    const series = renderSeries(1_700_000_000_000, handles);
    const by = Object.fromEntries(series.map((s) => [s.name, s]));
    expect(by['render jump frames per second (all clients)'].points).toEqual([
      [1000, 7],
      [2000, 0],
    ]);
    expect(by['render step max (worst client)']).toMatchObject({
      unit: 'units',
      points: [
        [1000, 9],
        [2000, 3.3],
      ],
    });
    expect(by['render extrapolation max (worst client)'].points).toEqual([
      [1000, 0],
      [2000, 30],
    ]);
  });
});
