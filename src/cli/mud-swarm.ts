// `netwright mud` with a swarm: runSwarm (src/mud/swarm) with the config's options; a live dashboard
// on a TTY (a few lines redrawn in place), plain progress lines otherwise, JSON lines with --json-out.
// A fault of the server ends the run with ERR_MUD_SWARM_FAULT, what the bots were doing and the last
// lines some of them saw. The summary carries the mergeable snapshot (`netwright mud merge`).
import type { LoadedMudConfig } from '../mud/config/load.ts';
import { toSwarmOptions } from '../mud/config/to-swarm-options.ts';
import { runSwarm } from '../mud/swarm/index.ts';
import type { SwarmSnapshot } from '../mud/swarm/types.ts';
import { dashboardLines, swarmFault, swarmProgressLine, swarmSummary } from '../mud/swarm-view.ts';
import type { MudCliIo, MudRunOutcome } from './mud-output.ts';

/** Run the swarm of a config; resolves with its outcome (a fault is an outcome, not a throw). */
export async function runSwarmCli(
  loaded: LoadedMudConfig,
  seed: number,
  io: MudCliIo,
  signal: AbortSignal,
): Promise<MudRunOutcome> {
  const { config } = loaded;
  const options = toSwarmOptions(config, loaded.logins, seed);
  const quiet = config.logging.level === 'quiet';
  let drawn = 0;
  const onProgress = (s: SwarmSnapshot) => {
    io.json({ type: 'progress', ...swarmSummary(s), snapshot: undefined, bots: s.bots });
    if (quiet) return;
    if (io.tty) {
      const lines = dashboardLines(s);
      io.err(`${drawn ? `\x1b[${drawn}A\x1b[J` : ''}${lines.join('\n')}\n`);
      drawn = lines.length;
    } else io.err(`${swarmProgressLine(s)}\n`);
  };
  const result = await runSwarm(options, { signal, onProgress });
  return {
    reason: result.reason === 'aborted' ? 'stopped' : result.reason,
    durationMs: result.durationMs,
    summary: swarmSummary(result.snapshot),
    fault: result.fault ? swarmFault(result.fault) : undefined,
  };
}
