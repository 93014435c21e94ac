/**
 * Poll `cond` every `everyMs` until it holds; throw `timed out waiting for <what>` after `timeoutMs`.
 * Bounded in time (and so in count). The one polling helper for tests.
 */
export async function pollUntil(
  cond: () => boolean,
  opts: { timeoutMs?: number; everyMs?: number; what?: string } = {},
): Promise<void> {
  const { timeoutMs = 10_000, everyMs = 20, what = 'condition' } = opts;
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
