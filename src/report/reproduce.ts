// The exact command that re-runs one test with the same seed.

/** Escape a string for use inside a RegExp. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Quote one shell word (POSIX sh). */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * `NETWRIGHT_SEED=<seed> pnpm vitest run <file> [--project <p>] -t '^<full name>$'`, run from the root.
 * Vitest matches -t against the full test name (`suite > test`).
 */
export function reproduceCommand(opts: {
  file: string;
  fullName: string;
  project: string | null;
  seed: number | null;
}): { command: string; env: Record<string, string> } {
  const env: Record<string, string> = {};
  if (opts.seed !== null) env.NETWRIGHT_SEED = String(opts.seed);
  const words = ['pnpm', 'vitest', 'run', opts.file];
  if (opts.project) words.push('--project', opts.project);
  words.push('-t', `^${escapeRegExp(opts.fullName)}$`);
  const prefix = Object.entries(env).map(([k, v]) => `${k}=${shellQuote(v)} `);
  return { command: prefix.join('') + words.map(shellQuote).join(' '), env };
}
