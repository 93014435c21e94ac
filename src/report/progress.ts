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
}

function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** `netwright ▸ 12/40 tests · 2 failed · 01:23` (plus the current test when room allows). */
export function formatProgress(p: ProgressState, width = 100): string {
  const base = `netwright ▸ ${p.done}/${p.total} tests · ${p.failed} failed · ${clock(p.elapsedMs)}`;
  if (!p.current) return base.slice(0, width);
  const room = width - base.length - 3;
  if (room < 12) return base.slice(0, width);
  const cur = p.current.length > room ? `…${p.current.slice(-(room - 1))}` : p.current;
  return `${base} · ${cur}`;
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
