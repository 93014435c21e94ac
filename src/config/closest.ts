// "Did you mean ...?" for names typed by people: the allowed word nearest by edit distance, offered
// only when it is plausibly a typo (distance <= max(2, length / 3)).

/** The allowed word nearest to `word` by edit distance (case-insensitive), when it is plausibly a typo. */
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

/** ` (did you mean 'x'?)` when a close allowed word exists, else ''. */
export function didYouMean(word: string, allowed: readonly string[]): string {
  const guess = closest(word, allowed);
  return guess ? ` (did you mean '${guess}'?)` : '';
}

/** Levenshtein distance, O(|a|·|b|) time, O(|b|) memory. */
export function editDistance(a: string, b: string): number {
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
