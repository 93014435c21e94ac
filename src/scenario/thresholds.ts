// Thresholds decide whether a scenario passed: each names its flag, the limit, what was measured and by
// how much it missed, so a failing run says exactly which line it crossed.
import type { ScenarioThresholds } from './scenario.ts';

/** What a scenario measured, as the thresholds read it (undefined: not measured in this scenario). */
export interface ScenarioFigures {
  /** Highest p99 snapshot delay over the clients, ms. */
  p99Ms?: number;
  /** Lowest snapshots/s of any client over the measured window. */
  minRateHz?: number;
  /** Highest underrun episodes per minute of any client. */
  underrunsPerMin?: number;
  /** MUD: fights that ended without the kill. */
  killFailures?: number;
  /** What p99Ms measures, for messages (default the game clients' snapshot delay). */
  p99What?: string;
}

export interface ThresholdVerdict {
  /** The flag: `max-p99-ms`. */
  threshold: string;
  limit: number;
  /** 'max': the measured value must stay at or below the limit; 'min': at or above it. */
  sense: 'max' | 'min';
  /** null when the scenario did not measure it (counts as a miss: a limit nobody checked is no pass). */
  actual: number | null;
  passed: boolean;
  /** How far past the limit (in the unit), 0 when passed. */
  by: number;
  /** `--max-p99-ms 250: p99 snapshot delay 312 ms, 62 ms over (+24.8%)` */
  message: string;
}

interface Rule {
  key: keyof ScenarioThresholds;
  figure: Exclude<keyof ScenarioFigures, 'p99What'>;
  threshold: string;
  what: string;
  unit: string;
  /** 'max': actual must be <= limit; 'min': actual must be >= limit. */
  sense: 'max' | 'min';
}

const RULES: Rule[] = [
  {
    key: 'maxP99Ms',
    figure: 'p99Ms',
    threshold: 'max-p99-ms',
    what: 'worst client p99 snapshot delay',
    unit: 'ms',
    sense: 'max',
  },
  {
    key: 'minRateHz',
    figure: 'minRateHz',
    threshold: 'min-rate-hz',
    what: 'slowest client snapshot rate',
    unit: 'Hz',
    sense: 'min',
  },
  {
    key: 'maxUnderrunsPerMin',
    figure: 'underrunsPerMin',
    threshold: 'max-underruns-per-min',
    what: 'worst client underruns',
    unit: '/min',
    sense: 'max',
  },
  {
    key: 'maxKillFailures',
    figure: 'killFailures',
    threshold: 'max-kill-failures',
    what: 'fights without the kill',
    unit: '',
    sense: 'max',
  },
];

const fmt = (n: number) => (Math.abs(n) >= 100 ? String(Math.round(n)) : String(Math.round(n * 100) / 100));
const withUnit = (n: number, unit: string) =>
  `${fmt(n)}${unit ? (unit.startsWith('/') ? unit : ` ${unit}`) : ''}`;

/** Check every threshold that is set against the figures; order is the flags' order in help. */
export function evaluateThresholds(
  thresholds: ScenarioThresholds,
  figures: ScenarioFigures,
): ThresholdVerdict[] {
  const out: ThresholdVerdict[] = [];
  for (const r of RULES) {
    const limit = thresholds[r.key];
    if (limit === undefined) continue;
    const actual = figures[r.figure];
    const head = `--${r.threshold} ${fmt(limit)}`;
    const what = r.figure === 'p99Ms' && figures.p99What ? figures.p99What : r.what;
    if (actual === undefined || !Number.isFinite(actual)) {
      out.push({
        threshold: r.threshold,
        limit,
        sense: r.sense,
        actual: null,
        passed: false,
        by: 0,
        message: `${head}: ${what} was not measured`,
      });
      continue;
    }
    const over = r.sense === 'max' ? actual - limit : limit - actual;
    const passed = over <= 0;
    const pct = limit !== 0 ? ` (${r.sense === 'max' ? '+' : '-'}${fmt((over / limit) * 100)}%)` : '';
    out.push({
      threshold: r.threshold,
      limit,
      sense: r.sense,
      actual,
      passed,
      by: passed ? 0 : over,
      message: passed
        ? `${head}: ${what} ${withUnit(actual, r.unit)}, ok`
        : `${head}: ${what} ${withUnit(actual, r.unit)}, ${withUnit(over, r.unit)} ${r.sense === 'max' ? 'over' : 'under'}${pct}`,
    });
  }
  return out;
}
