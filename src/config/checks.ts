// Small checks shared by every options validator: each records a readable problem (path, value
// received, what is expected) in a sink instead of throwing, so one pass reports everything wrong.
// Each returns the value when it is usable, else undefined.
import { didYouMean } from './closest.ts';
import { type ProblemSink, report } from './problems.ts';

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
  /** Unit named in messages ("ms", "bytes"). */
  unit?: string;
}

/** A finite number within the rule, or a problem. */
export function num(
  raw: unknown,
  path: string,
  problems: ProblemSink,
  rule: NumRule = {},
): number | undefined {
  if (raw === undefined && rule.optional) return undefined;
  const unit = rule.unit ? ` ${rule.unit}` : '';
  if (typeof raw !== 'number' || !Number.isFinite(raw)) {
    report(problems, path, `expected a number${unit ? ` (${rule.unit})` : ''}, got ${show(raw)}`);
    return undefined;
  }
  if (rule.integer && !Number.isInteger(raw)) {
    report(problems, path, `expected an integer, got ${raw}`);
    return undefined;
  }
  if (rule.min !== undefined && (raw < rule.min || (rule.exclusiveMin && raw === rule.min))) {
    report(
      problems,
      path,
      `must be ${rule.exclusiveMin ? '>' : '>='} ${rule.min}${unit}, got ${raw}${rule.min === 0 && raw < 0 ? ' (negative values are not allowed)' : ''}`,
    );
    return undefined;
  }
  if (rule.max !== undefined && raw > rule.max) {
    report(
      problems,
      path,
      `must be <= ${rule.max}${unit}, got ${raw}${rule.max === 1 ? ' (rates are fractions 0..1: 5 % is 0.05)' : ''}`,
    );
    return undefined;
  }
  return raw;
}

/** A probability 0..1. */
export function rate(
  raw: unknown,
  path: string,
  problems: ProblemSink,
  optional = false,
): number | undefined {
  return num(raw, path, problems, { min: 0, max: 1, optional });
}

/** A plain object, or a problem. */
export function obj(raw: unknown, path: string, problems: ProblemSink): Record<string, unknown> | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    report(problems, path, `expected an object, got ${show(raw)}`);
    return undefined;
  }
  return raw as Record<string, unknown>;
}

/** Report keys not in `allowed`, suggesting the closest allowed one. */
export function knownKeys(
  o: Record<string, unknown>,
  allowed: readonly string[],
  path: string,
  problems: ProblemSink,
): void {
  for (const key of Object.keys(o)) {
    if (allowed.includes(key)) continue;
    report(problems, path, `unknown key '${key}'${didYouMean(key, allowed)}; known: ${allowed.join(', ')}`);
  }
}

/** Options for `str`. */
export interface StrRule {
  optional?: boolean;
  /** Reject ''. */
  nonEmpty?: boolean;
  minLength?: number;
  maxLength?: number;
  /** Must match; `patternHint` says what it means ("letters only"). */
  pattern?: RegExp;
  patternHint?: string;
}

/** A string within the rule, or a problem. */
export function str(
  raw: unknown,
  path: string,
  problems: ProblemSink,
  rule: StrRule = {},
): string | undefined {
  if (raw === undefined && rule.optional) return undefined;
  if (typeof raw !== 'string') {
    report(problems, path, `expected a string, got ${show(raw)}`);
    return undefined;
  }
  if (rule.nonEmpty && raw.length === 0) {
    report(problems, path, 'must not be empty');
    return undefined;
  }
  if (rule.minLength !== undefined && raw.length < rule.minLength) {
    report(problems, path, `must be at least ${rule.minLength} characters, got ${raw.length}`);
    return undefined;
  }
  if (rule.maxLength !== undefined && raw.length > rule.maxLength) {
    report(problems, path, `must be at most ${rule.maxLength} characters, got ${raw.length}`);
    return undefined;
  }
  if (rule.pattern && !rule.pattern.test(raw)) {
    report(problems, path, `${rule.patternHint ?? `must match ${rule.pattern}`}, got ${show(raw)}`);
    return undefined;
  }
  return raw;
}

/** A boolean, or a problem. */
export function bool(
  raw: unknown,
  path: string,
  problems: ProblemSink,
  optional = true,
): boolean | undefined {
  if (raw === undefined && optional) return undefined;
  if (typeof raw !== 'boolean') {
    report(problems, path, `expected true or false, got ${show(raw)}`);
    return undefined;
  }
  return raw;
}

/** One of a fixed set of names; an unknown one is reported with the closest name and the full list. */
export function oneOf<T extends string>(
  raw: unknown,
  path: string,
  allowed: readonly T[],
  problems: ProblemSink,
  optional = true,
): T | undefined {
  if (raw === undefined && optional) return undefined;
  if (typeof raw === 'string' && (allowed as readonly string[]).includes(raw)) return raw as T;
  const what =
    typeof raw === 'string' ? `unknown value '${raw}'${didYouMean(raw, allowed)}` : `got ${show(raw)}`;
  report(problems, path, `${what}; valid: ${allowed.join(', ')}`);
  return undefined;
}

/** A record of string values (environment variables), or a problem per bad entry. */
export function stringRecord(
  raw: unknown,
  path: string,
  problems: ProblemSink,
  optional = true,
): Record<string, string> | undefined {
  if (raw === undefined && optional) return undefined;
  const o = obj(raw, path, problems);
  if (!o) return undefined;
  let ok = true;
  for (const [k, v] of Object.entries(o)) {
    if (typeof v !== 'string') {
      report(problems, `${path}.${k}`, `expected a string, got ${show(v)} (environment values are strings)`);
      ok = false;
    }
  }
  return ok ? (o as Record<string, string>) : undefined;
}

/** An array of strings, or a problem per bad entry. */
export function stringArray(
  raw: unknown,
  path: string,
  problems: ProblemSink,
  optional = true,
): string[] | undefined {
  if (raw === undefined && optional) return undefined;
  if (!Array.isArray(raw)) {
    report(problems, path, `expected an array of strings, got ${show(raw)}`);
    return undefined;
  }
  let ok = true;
  raw.forEach((v, i) => {
    if (typeof v !== 'string') {
      report(problems, `${path}[${i}]`, `expected a string, got ${show(v)}`);
      ok = false;
    }
  });
  return ok ? (raw as string[]) : undefined;
}

/** A TCP/UDP port: 1..65535, or 0..65535 with `allowAny` (0 = any free port). */
export function port(
  raw: unknown,
  path: string,
  problems: ProblemSink,
  opts: { optional?: boolean; allowAny?: boolean } = {},
): number | undefined {
  return num(raw, path, problems, {
    integer: true,
    min: opts.allowAny ? 0 : 1,
    max: 65535,
    optional: opts.optional,
  });
}

/** A short rendering of a received value for messages. */
export function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  if (v === undefined) return 'nothing';
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (typeof v === 'function') return 'a function';
  try {
    const s = JSON.stringify(v);
    if (s === undefined) return String(v);
    return s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    return Object.prototype.toString.call(v);
  }
}
