// One MUD scenario entry (`netwright run --mud --bots N --config swarm.yaml`), run with the fixtures'
// own objects: the swarm config with the scenario's flags on top, the entry's network (one link that
// every bot of the swarm connects through), the swarm (src/mud/swarm runSwarm) for the duration, a
// progress line per interval, and the figures the thresholds read (--max-p99-ms is the command
// latency p99 over every bot; --max-kill-failures the fights without the kill). Nothing here knows Vitest.
//
//   swarm.yaml + flags ─ loadSwarmConfig ─ SwarmOptions ─┐
//   network.profile / set ─ openLink(mud-swarm) ─────────┴─ runSwarm ─ snapshot ─ figures ─ thresholds

import type { NetwrightError } from '../errors.ts';
import type { BotLinkOpener } from '../mud/bot/bot-factory.ts';
import { toSwarmOptions } from '../mud/config/to-swarm-options.ts';
import { runSwarm, swarmFaultError } from '../mud/swarm/index.ts';
import type { SwarmResult } from '../mud/swarm/types.ts';
import { swarmProgressLine } from '../mud/swarm-view.ts';
import { type EntryOutcome, finishEntry } from './entry-run.ts';
import type { ScenarioNetwork } from './game-scenario.ts';
import { loadSwarmConfig } from './mud-scenario-config.ts';
import type { MudScenarioResult } from './mud-scenario-result.ts';
import type { Scenario, ScenarioEntry } from './scenario.ts';

export interface MudScenarioFixtures {
  network: ScenarioNetwork & BotLinkOpener;
  /** The fixture MUD, when the swarm config names no `connection:`. */
  mudServer?: { host: string; port: number };
  /** The run seed (the test's), used when the scenario gives none. */
  seed: number;
  signal?: AbortSignal;
}

const r1 = (n: number) => Math.round(n * 10) / 10;

/** A swarm result as the scenario's figures. */
export function mudFigures(entry: ScenarioEntry, r: SwarmResult): MudScenarioResult {
  const s = r.snapshot;
  return {
    kind: 'mud',
    entry: entry.name,
    profile: entry.profile,
    bots: s.bots.logins,
    windowS: r1(r.durationMs / 1000),
    commands: s.responses,
    p50Ms: r1(s.latencyMs.p50),
    p99Ms: r1(s.latencyMs.p99),
    p99What: 'command latency p99 over every bot',
    kills: s.kills,
    deaths: s.deaths,
    flees: s.flees,
    xp: s.xp,
    killFailures: s.deaths + s.flees,
    fault: r.fault ? { kind: r.fault.kind, message: r.fault.message } : null,
  };
}

/**
 * Run one MUD entry and check it. A threshold miss is in `missed`; a fault of the server (died, hung,
 * refused logins) comes back as `fault` (ERR_MUD_SWARM_FAULT with the fault finder's evidence) after
 * the entry's result is written, so the closing lines and the report both have it.
 */
export async function runMudScenarioEntry(
  fx: MudScenarioFixtures,
  scenario: Scenario,
  entry: ScenarioEntry,
  progress: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Promise<{ outcome: EntryOutcome; missed: string[]; fault: NetwrightError | undefined }> {
  const seed = scenario.seed ?? fx.seed;
  const loaded = loadSwarmConfig(
    scenario.swarmConfig ?? '',
    { bots: scenario.bots ?? undefined, durationS: scenario.durationS, seed },
    { cwd: process.cwd(), env: process.env, fixture: fx.mudServer },
  );
  if (entry.profile) fx.network.profile(entry.profile);
  if (entry.link) fx.network.set(entry.link);
  const c = loaded.config.connection;
  const link = await fx.network.openLink({
    id: 'mud-swarm',
    protocol: 'tcp',
    upstream: { host: c.host, port: c.port },
  });
  const options = {
    ...toSwarmOptions(loaded.config, loaded.logins, seed),
    ...link.listen,
    progressEveryMs: scenario.progressIntervalS * 1000,
  };
  progress(
    `[scenario ${entry.name}] ${options.bots} bots on ${loaded.target === 'fixture' ? 'the fixture MUD' : `${c.host}:${c.port}`} through link mud-swarm, ${scenario.durationS} s, seed ${seed}`,
  );
  let result: SwarmResult;
  try {
    result = await runSwarm(options, {
      signal: fx.signal,
      onProgress: (s) => progress(`[scenario ${entry.name}] ${swarmProgressLine(s)}`),
    });
  } finally {
    await link.close().catch(() => {});
  }
  const { outcome, missed } = finishEntry(scenario, entry, mudFigures(entry, result), progress);
  return { outcome, missed, fault: result.fault ? swarmFaultError(result.fault) : undefined };
}
