// Per-second plot series of a MUD server, from the events it logs ([LOG_JSON] lines of the fixture MUD:
// connect, disconnect, command...): open connections and commands per second, so a MUD test that has
// no bot still has a plot (issue #13). Points are [ms since t0, value], one per second.
//
//   events ──▶ 1 s buckets from t0 ──▶ connections (most open in the second), commands per second

/** An event as the server printed it: unix ms `t` and its name. */
export interface MudServerEvent {
  t?: unknown;
  event?: unknown;
}

/** Same shape as the report's TimeSeriesMeta. */
export interface MudServerSeries {
  name: string;
  unit: string;
  source: string;
  points: [number, number][];
}

/** Most one-second buckets (1 h); events after them are not plotted. */
export const MUD_SERIES_MAX_BUCKETS = 3600;

/**
 * Open connections (the most open at any moment of each second) and commands per second, from t0 to
 * the last event (or `endMs`, unix ms). Nothing when the server logged no connection or command.
 */
export function mudServerSeries(
  events: readonly MudServerEvent[],
  t0: number,
  opts: { endMs?: number; source?: string } = {},
): MudServerSeries[] {
  const rows = events
    .filter((e): e is { t: number; event: string } => typeof e.t === 'number' && typeof e.event === 'string')
    .filter((e) => e.event === 'connect' || e.event === 'disconnect' || e.event === 'command')
    .sort((a, b) => a.t - b.t);
  if (rows.length === 0) return [];
  const lastT = Math.max(rows[rows.length - 1].t, opts.endMs ?? 0);
  const buckets = Math.min(MUD_SERIES_MAX_BUCKETS, Math.max(1, Math.floor((lastT - t0) / 1000) + 1));
  const connections: [number, number][] = [];
  const commands: [number, number][] = [];
  let open = 0;
  let i = 0;
  const step = (e: { event: string }): void => {
    if (e.event === 'connect') open++;
    else if (e.event === 'disconnect') open = Math.max(0, open - 1);
  };
  // Events before t0 only set how many connections are open when the plot starts.
  for (; i < rows.length && rows[i].t < t0; i++) step(rows[i]);
  for (let b = 0; b < buckets; b++) {
    const end = t0 + (b + 1) * 1000;
    let peak = open;
    let cmds = 0;
    for (; i < rows.length && rows[i].t < end; i++) {
      step(rows[i]);
      if (rows[i].event === 'command') cmds++;
      peak = Math.max(peak, open);
    }
    connections.push([b * 1000, peak]);
    commands.push([b * 1000, cmds]);
  }
  const source = opts.source ?? 'mud-server';
  return [
    { name: 'connections', unit: 'connections', source, points: connections },
    { name: 'commands per second', unit: 'count', source, points: commands },
  ];
}
