// Small readers for loosely typed [LOG_JSON] event fields: engines emit numbers as numbers or strings,
// positions as [x, y] or {x, y}. A field that cannot be read returns undefined (the caller counts it).

import type { GameEvent } from '../process/types.ts';

/** First finite number among `keys` of `e`. */
export function num(e: GameEvent, ...keys: string[]): number | undefined {
  for (const k of keys) {
    const v = e[k];
    const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
    if (Number.isFinite(n)) return n;
  }
  return undefined;
}

/** First string or number among `keys` of `e`, as a string. */
export function str(e: GameEvent, ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = e[k];
    if (typeof v === 'string') return v;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  }
  return undefined;
}

/** A 2D point from `[x, y]`, `{x, y}` or `"(x, y)"`. */
export function point(v: unknown): [number, number] | undefined {
  if (Array.isArray(v) && v.length >= 2) {
    const x = Number(v[0]);
    const y = Number(v[1]);
    return Number.isFinite(x) && Number.isFinite(y) ? [x, y] : undefined;
  }
  if (typeof v === 'object' && v !== null) {
    const o = v as { x?: unknown; y?: unknown };
    const x = Number(o.x);
    const y = Number(o.y);
    return Number.isFinite(x) && Number.isFinite(y) ? [x, y] : undefined;
  }
  if (typeof v === 'string') {
    const m = /^\(?\s*(-?[\d.e+-]+)\s*,\s*(-?[\d.e+-]+)\s*\)?$/.exec(v.trim());
    if (m) return point([m[1], m[2]]);
  }
  return undefined;
}

/** The position of an event: `pos`/`position` field, or top-level `x`/`y`. */
export function eventPoint(e: GameEvent): [number, number] | undefined {
  return point(e.pos) ?? point(e.position) ?? point({ x: e.x, y: e.y });
}

/** Keep at most `max` items (drop-oldest); returns how many were dropped. */
export function pushBounded<T>(arr: T[], item: T, max: number): number {
  arr.push(item);
  if (arr.length > max) {
    arr.splice(0, arr.length - max);
    return 1;
  }
  return 0;
}
