import { describe, expect, it } from 'vitest';
import { evaluateThresholds } from '../../src/scenario/thresholds.ts';

describe('scenario thresholds', () => {
  it('names each missed threshold and by how much; passes the ones kept', () => {
    const v = evaluateThresholds(
      { maxP99Ms: 250, minRateHz: 25, maxUnderrunsPerMin: 10 },
      { p99Ms: 312, minRateHz: 18.2, underrunsPerMin: 4 },
    );
    expect(v.map((x) => [x.threshold, x.passed, x.by])).toEqual([
      ['max-p99-ms', false, 62],
      ['min-rate-hz', false, expect.closeTo(6.8, 5)],
      ['max-underruns-per-min', true, 0],
    ]);
    expect(v.map((x) => x.message)).toEqual([
      '--max-p99-ms 250: worst client p99 snapshot delay 312 ms, 62 ms over (+24.8%)',
      '--min-rate-hz 25: slowest client snapshot rate 18.2 Hz, 6.8 Hz under (-27.2%)',
      '--max-underruns-per-min 10: worst client underruns 4/min, ok',
    ]);
  });

  it('a limit exactly met passes; a figure the scenario did not measure fails', () => {
    expect(evaluateThresholds({ maxKillFailures: 0 }, { killFailures: 0 })[0]?.passed).toBe(true);
    expect(evaluateThresholds({ maxKillFailures: 0 }, {})[0]).toMatchObject({
      passed: false,
      actual: null,
      message: '--max-kill-failures 0: fights without the kill was not measured',
    });
    expect(evaluateThresholds({}, { p99Ms: 1000 })).toEqual([]);
  });
});
