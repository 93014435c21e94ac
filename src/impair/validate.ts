// Small checks shared by every impairment's normalize(): they push readable problems (path, value
// received, expected range) instead of throwing, so one pass reports everything wrong.

/** Options for `num`. */
export interface NumRule {
  min?: number;
  max?: number;
  /** Require an integer. */
  integer?: boolean;
  /** Allow the value to be absent (returns undefined). */
  optional?: boolean;
  /** Reject exactly `min` (e.g. rates > 0). */
  exclusiveMin?: boolean;
}

/** A finite number within the rule, or a problem. */
export function num(raw: unknown, path: string, problems: string[], rule: NumRule = {}): number | undefined {
  if (raw === undefined && rule.optional) return undefined;
  if (typeof raw !== 'number' || !Number.isFinite(raw)) {
    problems.push(`${path}: expected a number, got ${show(raw)}`);
    return undefined;
  }
  if (rule.integer && !Number.isInteger(raw)) problems.push(`${path}: expected an integer, got ${raw}`);
  if (rule.min !== undefined && (raw < rule.min || (rule.exclusiveMin && raw === rule.min))) {
    problems.push(
      `${path}: must be ${rule.exclusiveMin ? '>' : '>='} ${rule.min}, got ${raw}${rule.min === 0 ? ' (negative values are not allowed)' : ''}`,
    );
    return undefined;
  }
  if (rule.max !== undefined && raw > rule.max) {
    problems.push(
      `${path}: must be <= ${rule.max}, got ${raw}${rule.max === 1 ? ' (rates are fractions 0..1: 5 % is 0.05)' : ''}`,
    );
    return undefined;
  }
  return raw;
}

/** A probability 0..1. */
export function rate(raw: unknown, path: string, problems: string[], optional = false): number | undefined {
  return num(raw, path, problems, { min: 0, max: 1, optional });
}

/** A plain object, or a problem. */
export function obj(raw: unknown, path: string, problems: string[]): Record<string, unknown> | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push(`${path}: expected an object, got ${show(raw)}`);
    return undefined;
  }
  return raw as Record<string, unknown>;
}

/** Report keys not in `allowed`, suggesting the closest allowed one. */
export function knownKeys(
  o: Record<string, unknown>,
  allowed: readonly string[],
  path: string,
  problems: string[],
): void {
  for (const key of Object.keys(o)) {
    if (allowed.includes(key)) continue;
    const guess = closest(key, allowed);
    problems.push(
      `${path}: unknown key '${key}'${guess ? ` (did you mean '${guess}'?)` : ''}; known: ${allowed.join(', ')}`,
    );
  }
}

/** The allowed word nearest to `word` by edit distance, when it is plausibly a typo. */
export function closest(word: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  for (const a of allowed) {
    const d = editDistance(word.toLowerCase(), a.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = a;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** A short rendering of a received value for messages. */
export function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === undefined) return 'nothing';
  try {
    const s = JSON.stringify(v);
    return s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    return String(v);
  }
}
