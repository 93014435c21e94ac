// "Did you mean ...?" for names typed by people (config keys, option values, CLI flags, profile and
// backend names): the known name nearest by edit distance, offered only when it is plausibly a typo.
// The one place for it: config validation, the scenario/mud/fix CLIs and the impairment registry.
import { distance } from 'fastest-levenshtein';

/**
 * The candidate nearest to `word` (case-insensitive), when it is close enough to be a plausible typo:
 * at most max(2, a third of the longer name) edits, or one name contains the other (`--client` for
 * `--clients`, at least 3 letters).
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  let bestD = Number.POSITIVE_INFINITY;
  const lower = word.toLowerCase();
  for (const c of candidates) {
    const cl = c.toLowerCase();
    const d = distance(lower, cl);
    const contains = lower.length >= 3 && (cl.includes(lower) || lower.includes(cl));
    const score = contains ? Math.min(d, 1) : d;
    // Ties go to the fewer edits: 'name_patern' is 'name_pattern', not 'name' (which it contains).
    if (score < bestScore || (score === bestScore && d < bestD)) {
      best = c;
      bestScore = score;
      bestD = d;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(2, Math.ceil(Math.max(word.length, best.length) / 3));
  return bestScore <= limit ? best : undefined;
}

/**
 * ` (did you mean 'x'?)`, or with a flag prefix ` (did you mean --x?)`; '' when nothing is close.
 */
export function didYouMean(word: string, candidates: Iterable<string>, flagPrefix?: string): string {
  const guess = closest(word, candidates);
  if (guess === undefined) return '';
  return flagPrefix === undefined ? ` (did you mean '${guess}'?)` : ` (did you mean ${flagPrefix}${guess}?)`;
}
