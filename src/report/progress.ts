// Console progress: a one-line display rewritten in place on a TTY, and quiet periodic lines in CI
// (CI set, or stdout not a TTY).

/** Counts the progress line shows. */
export interface ProgressState {
  done: number;
  total: number;
  failed: number;
  /** ms since the run started. */
  elapsedMs: number;
  /** Test currently running, if known. */
  current?: string;
  /** Test files finished / collected. */
  files?: [number, number];
  /** Estimated ms left (from the last run's per-file durations), when there is a history. */
  etaMs?: number;
  /** The running test's live figures (src/report/live.ts formatLive), shown after its name. */
  live?: string;
}

function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** Width used when the terminal reports none (0: some CI pseudo-terminals, or unknown). */
const DEFAULT_WIDTH = 100;

/**
 * `netwright ▸ 12/40 tests · 3/12 files · 2 failed · 01:23 · ETA 00:45` (plus the current test when
 * room allows, and its live figures: `· soak > lte 0:42/2:00 · net lte · bots 200`). A width of 0 or
 * less (a terminal that reports no columns) counts as 100.
 */
export function formatProgress(p: ProgressState, width = DEFAULT_WIDTH): string {
  if (!(width > 0)) width = DEFAULT_WIDTH;
  const files = p.files ? ` · ${p.files[0]}/${p.files[1]} files` : '';
  const eta = p.etaMs !== undefined ? ` · ETA ${clock(p.etaMs)}` : '';
  const base = `netwright ▸ ${p.done}/${p.total} tests${files} · ${p.failed} failed · ${clock(p.elapsedMs)}${eta}`;
  const live = p.live ? ` · ${p.live}` : '';
  if (!p.current) return `${base}${live}`.slice(0, width);
  // The test's name gives way first: its live figures say more than the end of a long name.
  const room = width - base.length - live.length - 3;
  if (room < 12) return `${base}${live}`.slice(0, width);
  const cur = p.current.length > room ? `…${p.current.slice(-(room - 1))}` : p.current;
  return `${base} · ${cur}${live}`;
}

/** 'tty': rewrite one line; 'lines': a plain line at most every `intervalMs`; 'off'. */
export type ProgressMode = 'tty' | 'lines' | 'off';

/** Pick the mode: TTY without CI gets the live line, everything else quiet lines. */
export function progressMode(
  stream: { isTTY?: boolean },
  env: NodeJS.ProcessEnv = process.env,
): ProgressMode {
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== '0' && env.CI !== 'false';
  return stream.isTTY && !ci ? 'tty' : 'lines';
}
