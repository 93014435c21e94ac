// `netwright mud`: MUD bots from the command line (see MUD_USAGE).
//
//   flags + --config YAML ─ loadMudConfig ─┬─ 1 bot  ─ runOneBot ─┐
//                                          └─ N bots ─ runSwarm ──┴─ summary, fault, RESULT_JSON:<path>
//   netwright mud merge a.json b.json ─ mergeSnapshots ─ summary
//
// Exit codes: 0 done, 1 a fault of the server (coded), 2 usage/config errors, 130/143 stopped by
// SIGINT/SIGTERM (the bots quit and close first; a second signal, or the stop bound, ends at once).
import { randomInt } from 'node:crypto';
import path from 'node:path';
import { hasErrorCode, NetwrightConfigError } from '../errors.ts';
import { type LoadedMudConfig, loadMudConfig } from '../mud/config/load.ts';
import { MUD_USAGE, parseMudArgs } from './mud-args.ts';
import { runOneBot } from './mud-one-bot.ts';
import {
  jsonSink,
  type MudCliIo,
  type MudRunOutcome,
  publicConfig,
  summaryLines,
  writeResult,
} from './mud-output.ts';

/** Longest a graceful stop may take before the command exits anyway, ms. */
export const STOP_BOUND_MS = 10_000;

const RESULT_PREFIX = 'RESULT_JSON:';

/** How many bots the run starts (a shard runs its share). */
function runners(c: LoadedMudConfig['config']): 'one' | 'swarm' {
  return c.swarm.bots === 1 && c.swarm.shard === null ? 'one' : 'swarm';
}

/** Run with explicit I/O and stop signal; returns the exit code. */
export async function runMud(
  argv: string[],
  io: Omit<MudCliIo, 'json'>,
  signal: AbortSignal,
): Promise<number> {
  const args = parseMudArgs(argv);
  if (args.help) {
    io.out(MUD_USAGE());
    return 0;
  }
  if (args.problems.length > 0) {
    for (const p of args.problems) io.err(`netwright mud: ${p}\n`);
    return 2;
  }
  if (args.merge) {
    const { runMerge } = await import('./mud-merge.ts');
    return runMerge(args.merge, io);
  }
  let loaded: LoadedMudConfig;
  try {
    loaded = loadMudConfig(args.config, args.overrides, {
      cwd: io.cwd,
      env: io.env,
      subject: args.config ? undefined : 'netwright mud',
    });
  } catch (err) {
    if (err instanceof NetwrightConfigError) {
      io.err(`netwright mud: [${err.code}] ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const { config } = loaded;
  const seed = config.seed ?? randomInt(0, 0xffffffff);
  const outputDir = path.resolve(
    io.cwd,
    args.outputDir ?? (io.env.NETWRIGHT_OUTPUT_DIR || 'netwright-report'),
  );
  const sink = jsonSink(args.jsonOut, io.cwd, io.out);
  const cliIo: MudCliIo = { ...io, json: sink.write };
  const mode = runners(config);
  const shard = config.swarm.shard ? `, shard ${config.swarm.shard.index}/${config.swarm.shard.count}` : '';
  io.err(
    `netwright mud: ${mode === 'one' ? 'one bot' : `${config.swarm.bots} bots`} at ${config.connection.host}:${config.connection.port} for ${config.swarm.durationS} s, seed ${seed}${shard}\n`,
  );
  cliIo.json({ type: 'start', bots: config.swarm.bots, seed, shard: config.swarm.shard });
  let outcome: MudRunOutcome;
  try {
    if (mode === 'one') outcome = await runOneBot(loaded, seed, cliIo, signal);
    else {
      const { runSwarmCli } = await import('./mud-swarm.ts');
      outcome = await runSwarmCli(loaded, seed, cliIo, signal);
    }
  } catch (err) {
    await sink.close();
    if (hasErrorCode(err, 'ERR_CONFIG_INVALID')) {
      io.err(`netwright mud: [ERR_CONFIG_INVALID] ${(err as Error).message}\n`);
      return 2;
    }
    throw err;
  }
  for (const line of summaryLines(outcome)) io.err(`${line}\n`);
  cliIo.json({
    type: 'summary',
    reason: outcome.reason,
    durationMs: outcome.durationMs,
    ...outcome.summary,
    fault: outcome.fault ?? null,
  });
  await sink.close();
  const file = writeResult(outputDir, 'mud-result.json', {
    tool: 'netwright',
    kind: 'mud-result',
    seed,
    config: publicConfig(config),
    ...outcome,
  });
  io.out(`${RESULT_PREFIX}${file}\n`);
  if (outcome.fault) return 1;
  if (outcome.reason === 'stopped') return signal.reason === 'SIGTERM' ? 143 : 130;
  return 0;
}

export async function run(argv: string[]): Promise<number> {
  const stop = new AbortController();
  let bound: NodeJS.Timeout | undefined;
  const onSignal = (sig: NodeJS.Signals) => {
    if (stop.signal.aborted) process.exit(sig === 'SIGTERM' ? 143 : 130);
    process.stderr.write(`netwright mud: ${sig}, stopping the bots (quit, close; again to exit at once)\n`);
    stop.abort(sig);
    bound = setTimeout(() => {
      process.stderr.write(`netwright mud: the bots did not stop within ${STOP_BOUND_MS} ms; exiting\n`);
      process.exit(sig === 'SIGTERM' ? 143 : 130);
    }, STOP_BOUND_MS);
    bound.unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await runMud(
      argv,
      {
        out: (t) => process.stdout.write(t),
        err: (t) => process.stderr.write(t),
        cwd: process.cwd(),
        env: process.env,
        tty: process.stderr.isTTY === true,
      },
      stop.signal,
    );
  } finally {
    clearTimeout(bound);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
