// How a swarm snapshot reads for people: one progress line, a small dashboard, the fault as the CLI
// prints it, and the summary figures. Shared by `netwright mud` and `netwright run --mud`.
import type { SwarmFault, SwarmSnapshot } from './swarm/types.ts';

/** A fault as a command prints it: code, message, what the bots were doing, their last lines. */
export interface MudFault {
  code: string;
  message: string;
  /** What the bot(s) were doing when it happened. */
  doing: string;
  /** Last lines seen (masked). */
  tail: string[];
}

const r1 = (n: number) => Math.round(n * 10) / 10;

/** `[12 s] 48/50 bots active (2 connecting, 0 failed) | 1234 cmds p50 3 ms p99 8 ms | kills 20 deaths 1 xp 3400` */
export function swarmProgressLine(s: SwarmSnapshot): string {
  const b = s.bots;
  const errors = Object.values(s.errors).reduce((n, v) => n + v, 0);
  return (
    `[${Math.round(s.elapsedMs / 1000)} s] ${b.active}/${b.target} bots active (${b.connecting} connecting, ${b.failed} failed) | ` +
    `${s.responses} cmds p50 ${r1(s.latencyMs.p50)} ms p99 ${r1(s.latencyMs.p99)} ms | ` +
    `kills ${s.kills} deaths ${s.deaths} xp ${s.xp}${errors ? ` | errors ${errors}` : ''}`
  );
}

/** The dashboard: a few lines, redrawn in place on a TTY. */
export function dashboardLines(s: SwarmSnapshot): string[] {
  const b = s.bots;
  const l = s.latencyMs;
  const top = Object.entries(s.behaviors)
    .sort((x, y) => y[1] - x[1])
    .slice(0, 5);
  const total = top.reduce((n, [, v]) => n + v, 0) || 1;
  return [
    `netwright mud  ${Math.round(s.elapsedMs / 1000)} s  seed ${s.seed}`,
    `  bots    active ${b.active}/${b.target}  connecting ${b.connecting}  logins ${b.logins}  failed ${b.failed}  closed ${b.closed}${s.quitUnconfirmed ? ` (${s.quitUnconfirmed} quit unconfirmed)` : ''}`,
    `  latency p50 ${r1(l.p50)}  p95 ${r1(l.p95)}  p99 ${r1(l.p99)}  max ${r1(l.max)} ms  (${l.count} commands)`,
    `  game    kills ${s.kills}  deaths ${s.deaths}  flees ${s.flees}  xp ${s.xp}  levels ${s.levels}`,
    `  doing   ${top.map(([k, v]) => `${k} ${Math.round((100 * v) / total)}%`).join('  ') || '-'}`,
  ];
}

/** A swarm fault as the CLI prints it. */
export function swarmFault(f: SwarmFault): MudFault {
  const doing = Object.entries(f.doing)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  return {
    code: 'ERR_MUD_SWARM_FAULT',
    message: `${f.kind}: ${f.message} (${f.bots} bots, ${r1(f.atMs / 1000)} s into the run, noticed after ${Math.round(f.noticedAfterMs)} ms)`,
    doing: doing || 'unknown',
    tail: f.lastLines.flatMap((b) => [`${b.bot} (${b.doing}):`, ...b.lines.map((l) => `  ${l}`)]),
  };
}

/** The summary figures of a snapshot (plus the snapshot itself, for `netwright mud merge`). */
export function swarmSummary(s: SwarmSnapshot): Record<string, unknown> {
  return {
    bots: s.bots.logins,
    commands: s.responses,
    kills: s.kills,
    deaths: s.deaths,
    xp: s.xp,
    levels: s.levels,
    latencyMs: s.latencyMs,
    errors: s.errors,
    errorSamples: s.errorSamples ?? {},
    quitUnconfirmed: s.quitUnconfirmed,
    snapshot: s,
  };
}
