// "Did you mean ...?": the nearest known name to a mistyped one, by edit distance.
import { distance } from 'fastest-levenshtein';

/**
 * The candidate closest to `name`, when it is close enough to be a plausible typo: at most a third of
 * the longer name's letters differ, or one name contains the other (`--client` for `--clients`).
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  const lower = name.toLowerCase();
  for (const c of candidates) {
    const cl = c.toLowerCase();
    const d = distance(lower, cl);
    const contains = lower.length >= 3 && (cl.includes(lower) || lower.includes(cl));
    const score = contains ? Math.min(d, 1) : d;
    if (score < bestScore) {
      best = c;
      bestScore = score;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(2, Math.ceil(Math.max(name.length, best.length) / 3));
  return bestScore <= limit ? best : undefined;
}

/** ` (did you mean --clients?)`, or '' when nothing is close. */
export function didYouMean(name: string, candidates: Iterable<string>, prefix = ''): string {
  const c = closestName(name, candidates);
  return c === undefined ? '' : ` (did you mean ${prefix}${c}?)`;
}
