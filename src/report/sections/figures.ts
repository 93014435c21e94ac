// Small helpers sections use to read liberal meta into key figures: finite numbers only, missing data
// gives no key (never a zero that was not measured).

import { isRecord } from '../normalize-meta.ts';
import type { HistogramMeta } from '../test-meta.ts';

/** Values of a record or the items of an array that are records (meta allows both shapes). */
export function records(v: unknown): Record<string, unknown>[] {
  const list = Array.isArray(v) ? v : isRecord(v) ? Object.values(v) : [];
  return list.filter(isRecord);
}

/** `v` when it is a finite number. */
export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function defined(values: (number | undefined)[]): number[] {
  return values.filter((x): x is number => x !== undefined);
}

export function maxOf(values: (number | undefined)[]): number | undefined {
  const xs = defined(values);
  return xs.length ? Math.max(...xs) : undefined;
}

export function minOf(values: (number | undefined)[]): number | undefined {
  const xs = defined(values);
  return xs.length ? Math.min(...xs) : undefined;
}

export function sumOf(values: (number | undefined)[]): number | undefined {
  const xs = defined(values);
  return xs.length ? xs.reduce((a, b) => a + b, 0) : undefined;
}

/** The first record-valued field of `m` among `keys` (e.g. `latencyMs`, `commandLatencyMs`). */
export function histogramOf(m: Record<string, unknown>, ...keys: string[]): HistogramMeta {
  for (const k of keys) if (isRecord(m[k])) return m[k] as HistogramMeta;
  return {};
}
