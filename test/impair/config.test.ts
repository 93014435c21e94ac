import { describe, expect, it } from 'vitest';
import { NetwrightConfigError } from '../../src/errors.ts';
import { applyPatch, EMPTY_STATE, toLinkConfig, validateConfig } from '../../src/impair/config.ts';

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof NetwrightConfigError) return [...err.problems];
    throw err;
  }
  throw new Error('expected a NetwrightConfigError');
}

describe('link config', () => {
  it('collects every problem at once: unknown keys with a guess, negatives, rates > 1, bad enums', () => {
    const problems = problemsOf(() =>
      validateConfig({
        latency: { latencyMs: -5, distribution: 'gaussian' },
        loss: 1.5,
        bandwith: 100,
        upstream: { duplicate: { rate: 0.1, ratee: 1 } },
      } as never),
    );
    expect(problems).toEqual([
      'latency.latencyMs: must be >= 0 ms, got -5 (negative values are not allowed)',
      'latency.distribution: expected one of uniform, normal, pareto, got "gaussian"',
      'loss.rate: must be <= 1, got 1.5 (rates are fractions 0..1: 5 % is 0.05)',
      expect.stringContaining("bandwith: unknown key (did you mean 'bandwidth'?)"),
      "upstream.duplicate: unknown key 'ratee' (did you mean 'rate'?); known: rate",
    ]);
  });

  it('refuses stream-only keys on UDP and names the link type', () => {
    expect(problemsOf(() => validateConfig({ slowClose: 100 }, 'datagram'))).toEqual([
      "slowClose: 'slowClose' applies to TCP links only (this link is UDP)",
    ]);
    expect(() => validateConfig({ slowClose: 100 }, 'stream')).not.toThrow();
  });

  it('merges patches: top-level keys to both directions, per-direction overrides, null/0/false removes', () => {
    let s = applyPatch(EMPTY_STATE, { latency: 50, loss: 0.01 }, 'datagram');
    s = applyPatch(s, { upstream: { bandwidth: 500 }, loss: 0 }, 'datagram');
    expect(toLinkConfig(s)).toEqual({
      latency: { latencyMs: 50 },
      upstream: { bandwidth: { rateKbps: 500 } },
    });
    s = applyPatch(s, { latency: null, upstream: null }, 'datagram');
    expect(toLinkConfig(s)).toEqual({});
  });

  it('keeps the spec object of an unchanged key (chains leave it alone)', () => {
    const a = applyPatch(EMPTY_STATE, { outage: 100, latency: 5 }, 'datagram');
    const b = applyPatch(a, { outage: 100, latency: 6 }, 'datagram');
    expect(b.upstream.get('outage')).toBe(a.upstream.get('outage'));
    expect(b.upstream.get('latency')).not.toBe(a.upstream.get('latency'));
  });

  it('a failed patch changes nothing', () => {
    const a = applyPatch(EMPTY_STATE, { latency: 5 }, 'datagram');
    expect(() => applyPatch(a, { latency: 10, loss: 7 }, 'datagram')).toThrow(NetwrightConfigError);
    expect(toLinkConfig(a)).toEqual({ latency: { latencyMs: 5 } });
  });
});
