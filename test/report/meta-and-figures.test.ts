import { describe, expect, it } from 'vitest';
import { annotationsForMeta, formatKeyFigures, keyFigures } from '../../src/report/key-figures.ts';
import { downsample, normalizeMeta } from '../../src/report/normalize-meta.ts';
import { formatProgress, progressMode } from '../../src/report/progress.ts';
import { escapeRegExp, reproduceCommand, shellQuote } from '../../src/report/reproduce.ts';
import { META_LIMITS } from '../../src/report/test-meta.ts';

describe('normalizeMeta', () => {
  it('keeps known keys typed, unknown keys as extras, and counts what it drops', () => {
    const { meta, drops } = normalizeMeta({
      seed: 5,
      t0: 'nope',
      processes: [
        { name: 'server', failed: true, stdoutTail: ['a', 2, 'b'], logPaths: { stdout: '/x', bad: 3 } },
        { nope: 1 },
      ],
      events: [{ t: 1, source: 's', event: 'e', extra: 'k' }, { t: 'x' }],
      custom: { anything: [1, 2] },
    });
    expect(meta.seed).toBe(5);
    expect(meta.t0).toBeUndefined();
    expect(meta.processes).toEqual([
      { name: 'server', failed: true, stdoutTail: ['a', 'b'], logPaths: { stdout: '/x' } },
    ]);
    expect(meta.events).toEqual([{ t: 1, source: 's', event: 'e', extra: 'k' }]);
    expect(meta.custom).toEqual({ anything: [1, 2] });
    expect(drops.invalid).toBe(4);
  });

  it('bounds tails, events, series points and big extras', () => {
    const { meta, drops } = normalizeMeta({
      processes: [
        {
          name: 'p',
          stderrTail: Array.from({ length: 1000 }, (_, i) => `l${i}${'x'.repeat(i === 999 ? 5000 : 0)}`),
        },
      ],
      events: Array.from({ length: 2000 }, (_, i) => ({ t: i, source: 's', event: 'e' })),
      timeseries: [
        { name: 'lat', unit: 'ms', points: Array.from({ length: 50_000 }, (_, i) => [i, i % 97]) },
      ],
      huge: 'z'.repeat(100_000),
    });
    expect(meta.processes?.[0].stderrTail).toHaveLength(META_LIMITS.tailLines);
    expect(meta.processes?.[0].stderrTail?.at(-1)?.length).toBeLessThan(META_LIMITS.lineChars + 40);
    expect(meta.events).toHaveLength(META_LIMITS.events);
    expect(meta.events?.at(-1)?.t).toBe(1999);
    expect(meta.timeseries?.[0].points.length).toBeLessThanOrEqual(META_LIMITS.points);
    expect(meta.huge).toMatch(/^\[omitted: \d+ chars of JSON\]$/);
    expect(drops.truncated).toBeGreaterThan(0);
  });

  it('accepts nothing gracefully', () => {
    expect(normalizeMeta(undefined).meta).toEqual({});
    expect(normalizeMeta('x').drops.invalid).toBe(1);
  });
});

describe('downsample', () => {
  it('keeps extremes, first and last', () => {
    const pts = Array.from({ length: 1000 }, (_, i): [number, number] => [i, i === 500 ? 999 : 1]);
    const d = downsample(pts, 100);
    expect(d.length).toBeLessThanOrEqual(100);
    expect(d[0]).toEqual([0, 1]);
    expect(d.at(-1)).toEqual([999, 1]);
    expect(d.some(([, v]) => v === 999)).toBe(true);
  });
});

describe('keyFigures', () => {
  it('summarises game, mud, processes and network into a few scalars', () => {
    const { meta } = normalizeMeta({
      seed: 9,
      game: {
        clients: {
          a: { latencyMs: { p50: 10, p99: 80.456 }, snapshotRateHz: 19, underruns: 2 },
          b: { latencyMs: { p50: 12, p99: 60 }, snapshotRateHz: 15, underruns: 1 },
        },
        servers: { s: { underruns: 0 } },
      },
      mud: { bots: { x: { kills: 2, deaths: 1 }, y: { kills: 1, deaths: 0 } } },
      processes: [
        { name: 'server', failed: true },
        { name: 'c', failed: false },
      ],
      network: {
        history: [
          { tMs: 0, change: 'lan' },
          { tMs: 5, change: { profile: '3g' } },
        ],
      },
    });
    const k = keyFigures(meta);
    expect(k).toEqual({
      seed: 9,
      'latency.p50Ms': 12,
      'latency.p99Ms': 80.46,
      'snapshotRate.minHz': 15,
      underruns: 3,
      'mud.bots': 2,
      'mud.kills': 3,
      'mud.deaths': 1,
      'processes.failed': 1,
      'network.changes': 2,
    });
    expect(formatKeyFigures(k, 2)).toBe('seed=9 latency.p50Ms=12');
    expect(annotationsForMeta({ seed: 1 })).toEqual([{ type: 'netwright.seed', message: '1' }]);
  });
});

describe('reproduceCommand', () => {
  it('escapes the name as an anchored regex and quotes it for the shell', () => {
    const r = reproduceCommand({
      file: 'specs/a b.spec.ts',
      fullName: "chat > it's (5%) [x]",
      project: 'specs',
      seed: 12,
    });
    expect(r.command).toBe(
      `NETWRIGHT_SEED=12 pnpm exec vitest run 'specs/a b.spec.ts' --project specs -t '^chat > it'\\''s \\(5%\\) \\[x\\]$'`,
    );
    expect(r.env).toEqual({ NETWRIGHT_SEED: '12' });
    expect(new RegExp(`^${escapeRegExp("it's (5%) [x]")}$`).test("it's (5%) [x]")).toBe(true);
    expect(shellQuote('plain-word_1.ts')).toBe('plain-word_1.ts');
    expect(reproduceCommand({ file: 'a.ts', fullName: 't', project: null, seed: null }).command).toBe(
      "pnpm exec vitest run a.ts -t '^t$'",
    );
  });
});

describe('progress', () => {
  it('formats one line and picks the mode from TTY and CI', () => {
    expect(formatProgress({ done: 12, total: 40, failed: 2, elapsedMs: 83_000 })).toBe(
      'netwright ▸ 12/40 tests · 2 failed · 01:23',
    );
    expect(
      formatProgress({ done: 1, total: 2, failed: 0, elapsedMs: 3_723_000, current: 'x'.repeat(200) }, 80),
    ).toMatch(/^netwright ▸ 1\/2 tests · 0 failed · 1:02:03 · …x+$/);
    expect(
      formatProgress({ done: 1, total: 2, failed: 0, elapsedMs: 0, current: 'x'.repeat(200) }, 80).length,
    ).toBeLessThanOrEqual(80);
    expect(progressMode({ isTTY: true }, {})).toBe('tty');
    expect(progressMode({ isTTY: true }, { CI: 'true' })).toBe('lines');
    expect(progressMode({ isTTY: false }, {})).toBe('lines');
    expect(progressMode({ isTTY: true }, { CI: 'false' })).toBe('tty');
  });
});
