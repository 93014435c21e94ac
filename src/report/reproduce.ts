// The exact command that re-runs one test with the same seed, the way this project runs Vitest (see
// ./launcher.ts): through the package.json script the run came through, else the package manager's
// own way to run the local vitest binary.
//
//   npm test -- specs/a.spec.ts -t '^suite > test$'                 (run came through `npm test`)
//   pnpm run demo specs/a.spec.ts -t '^suite > test$'              (through `pnpm demo`)
//   pnpm exec vitest run specs/a.spec.ts -t '^suite > test$'       (direct, pnpm project)
//   npx vitest run --config vitest.e2e.ts specs/a.spec.ts -t ...   (direct, npm; config args kept)

import type { Launcher } from './launcher.ts';
import type { NetwrightTestMeta } from './test-meta.ts';

/** Escape a string for use inside a RegExp. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Quote one shell word (POSIX sh). */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** How a run is launched when nothing else is known: pnpm on PATH, no script. */
export const DEFAULT_LAUNCHER: Launcher = { pm: 'pnpm', pmCommand: ['pnpm'], configArgs: [] };

/** Words that run Vitest once with extra `args`, the way `launcher` says the project runs it. */
export function vitestInvocation(launcher: Launcher, args: string[]): string[] {
  const pm = launcher.pmCommand;
  const s = launcher.script;
  if (s) {
    // A script that starts Vitest in watch mode gets --run (the repro must finish).
    const last = s.command.split(/&&|;|\|\|/).at(-1) ?? '';
    const run = /\bvitest\s+(run|related)\b|--run\b|\bnetwright\s+run\b/.test(last) ? [] : ['--run'];
    if (launcher.pm === 'npm')
      return [...pm, ...(s.name === 'test' ? ['test'] : ['run', s.name]), '--', ...run, ...args];
    return [...pm, 'run', s.name, ...run, ...args];
  }
  const exec: Record<Launcher['pm'], string[]> = {
    pnpm: [...pm, 'exec', 'vitest'],
    npm: ['npx', 'vitest'],
    yarn: [...pm, 'vitest'],
    bun: launcher.pmCommand[0] === 'bun' ? ['bunx', 'vitest'] : [...pm, 'x', 'vitest'],
  };
  return [...exec[launcher.pm], 'run', ...launcher.configArgs, ...args];
}

/**
 * `NETWRIGHT_SEED=<seed> <how this project runs vitest> <file> [--project <p>] -t '^<full name>$'`, run
 * from the root. Vitest matches -t against the full test name (`suite > test`).
 */
export function reproduceCommand(opts: {
  file: string;
  fullName: string;
  project: string | null;
  seed: number | null;
  launcher?: Launcher;
}): { command: string; env: Record<string, string> } {
  const env: Record<string, string> = {};
  if (opts.seed !== null) env.NETWRIGHT_SEED = String(opts.seed);
  const args = [opts.file];
  if (opts.project) args.push('--project', opts.project);
  args.push('-t', `^${escapeRegExp(opts.fullName)}$`);
  const words = vitestInvocation(opts.launcher ?? DEFAULT_LAUNCHER, args);
  const prefix = Object.entries(env).map(([k, v]) => `${k}=${shellQuote(v)} `);
  return { command: prefix.join('') + words.map(shellQuote).join(' '), env };
}

/** `meta.reproduce` when it is `{ command: string, env?: Record<string, string> }`. */
function reproduceFromMeta(v: unknown): { command: string; env: Record<string, string> } | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const { command, env } = v as { command?: unknown; env?: unknown };
  if (typeof command !== 'string' || command === '') return undefined;
  const clean: Record<string, string> = {};
  if (typeof env === 'object' && env !== null)
    for (const [k, val] of Object.entries(env)) if (typeof val === 'string') clean[k] = val;
  return { command, env: clean };
}

/**
 * The repro command of one test: what its meta says when it knows a better way to replay itself (a
 * generated scenario spec sets `meta.reproduce`), else `reproduceCommand` with the run seed (the one
 * the test ran with, else the reporter's, else the test's own).
 */
export function reproduceForTest(opts: {
  file: string;
  fullName: string;
  project: string | null;
  meta: NetwrightTestMeta;
  runSeed: number | null;
  launcher?: Launcher;
}): { command: string; env: Record<string, string> } {
  const { meta } = opts;
  return (
    reproduceFromMeta(meta.reproduce) ??
    reproduceCommand({
      file: opts.file,
      fullName: opts.fullName,
      project: opts.project,
      seed: meta.runSeed ?? opts.runSeed ?? meta.seed ?? null,
      launcher: opts.launcher,
    })
  );
}
