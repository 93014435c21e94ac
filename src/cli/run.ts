// `netwright run`: specs, or a scenario without a spec.
//
//   netwright run [files] [vitest options]        vitest run with the project's config (plugin adds the report)
//   netwright run --clients 8 --behavior random_walk --duration 60 --lag 120 --loss 0.05 --json-out
//   netwright run --config scenario.yaml --matrix wifi_good,wifi_bad,lossy_5 --max-p99-ms 250
//
// A scenario is checked (every problem at once), written as generated scenario specs with their own
// vitest config (src/scenario/generate.ts), and run by Vitest through the same fixtures and reporter as
// hand-written specs. Progress lines come from the running test; the run ends with one line per
// scenario entry (passed, or the thresholds missed and by how much) and `REPORT_JSON:<path>` last.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { NetwrightConfigError } from '../errors.ts';
import { loadScenarioFile } from '../scenario/config-file.ts';
import { type EntryOutcome, resultFile } from '../scenario/entry-run.ts';
import { generateScenario } from '../scenario/generate.ts';
import { isMudResult } from '../scenario/mud-scenario-result.ts';
import { scenarioOptionsHelp } from '../scenario/options.ts';
import { describeScenario, type RawValues, resolveScenario, type Scenario } from '../scenario/scenario.ts';
import { packageRoot } from '../util/module-path.ts';
import { parseRunArgs } from './run-args.ts';

const REPORT_PREFIX = 'REPORT_JSON:';

export const RUN_USAGE = `usage:
  netwright run [files or filters] [vitest options]   run specs (vitest run with the netwright plugin)
  netwright run --clients N --behavior NAME --duration S [network] [thresholds] [--json-out [FILE]]
  netwright run --config scenario.yaml [--matrix wifi_good,wifi_bad,lossy_5] [flags override the file]
  netwright run --mud --bots N --config swarm.yaml [--duration S] [--max-kill-failures N]

A scenario needs no spec: it runs the same fixtures and report as specs (one generated spec per
--matrix profile, so Vitest's --shard i/n and --reporter=blob / --merge-reports work as for specs).
Thresholds decide the exit code (1 when one is missed, naming it and by how much); the last line is
REPORT_JSON:<path>.

${scenarioOptionsHelp()}

example:
  netwright run --clients 8 --behavior random_walk --duration 60 --lag 120 --jitter 40 --loss 0.05 \\
    --bw-kbps 256 --seed 7 --max-p99-ms 400 --min-rate-hz 20 --json-out
`;

/** Where output goes (tests pass their own). */
export interface RunIo {
  out: (text: string) => void;
  err: (text: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** Vitest's entry script: the project's own Vitest (cwd), else netwright's. */
export function vitestEntry(cwd: string): string {
  for (const base of [path.join(cwd, 'package.json'), path.join(packageRoot(), 'package.json')]) {
    try {
      const pkg = createRequire(base).resolve('vitest/package.json');
      const entry = path.join(path.dirname(pkg), 'vitest.mjs');
      if (existsSync(entry)) return entry;
    } catch {
      // not installed there
    }
  }
  return path.join(packageRoot(), 'node_modules', 'vitest', 'vitest.mjs');
}

/**
 * Run Vitest; stdout is passed through line by line except its REPORT_JSON line, whose path is returned
 * (so the caller prints its own summary before it). Ctrl-C / SIGTERM reach Vitest.
 */
function runVitest(
  args: string[],
  io: RunIo,
  env: NodeJS.ProcessEnv,
  holdReportLine: boolean,
): Promise<{ code: number; reportPath: string | undefined }> {
  const entry = vitestEntry(io.cwd);
  const child = spawn(process.execPath, [entry, 'run', ...args], {
    cwd: io.cwd,
    env:
      holdReportLine && process.stdout.isTTY && env.FORCE_COLOR === undefined
        ? { ...env, FORCE_COLOR: '1' }
        : env,
    stdio: ['inherit', holdReportLine ? 'pipe' : 'inherit', 'inherit'],
  });
  let reportPath: string | undefined;
  if (child.stdout) {
    createInterface({ input: child.stdout, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (line) => {
      if (line.startsWith(REPORT_PREFIX)) reportPath = line.slice(REPORT_PREFIX.length).trim();
      else io.out(`${line}\n`);
    });
  }
  const forward = (sig: NodeJS.Signals) => child.kill(sig);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolve) => {
    child.on('error', (err) => {
      io.err(`netwright run: cannot start vitest (${entry}): ${err.message}\n`);
      resolve({ code: 2, reportPath });
    });
    child.on('close', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve({ code: code ?? (signal ? 130 : 1), reportPath });
    });
  });
}

function readOutcome(s: Scenario, entry: string): EntryOutcome | undefined {
  try {
    return JSON.parse(readFileSync(resultFile(s.outputDir, entry), 'utf8')) as EntryOutcome;
  } catch {
    return undefined;
  }
}

/** One line per entry for the end of the run. */
export function outcomeLine(name: string, o: EntryOutcome | undefined): string {
  if (!o)
    return `netwright run: scenario ${name}: no result (not run in this shard, cancelled, or failed before measuring; see the report)`;
  const r = o.result;
  const figures = isMudResult(r)
    ? `command latency p50 ${r.p50Ms} ms p99 ${r.p99Ms} ms, ${r.commands} commands, kills ${r.kills}, fights without the kill ${r.killFailures}, ${r.bots} bots, ${r.windowS} s${r.fault ? `; FAULT ${r.fault.kind}: ${r.fault.message}` : ''}`
    : `p99 ${r.p99Ms} ms, slowest ${r.minRateHz} Hz, underruns ${r.underrunsPerMin}/min, ${r.clients} clients, ${r.windowS} s`;
  const missed = o.thresholds.filter((t) => !t.passed);
  if (missed.length === 0 && !(isMudResult(r) && r.fault))
    return `netwright run: scenario ${name} passed (${figures})`;
  const why = missed.length ? missed.map((t) => t.message).join('; ') : 'the server failed under the bots';
  return `netwright run: scenario ${name} FAILED: ${why} (${figures})`;
}

async function runScenario(
  flags: RawValues,
  vitestArgs: string[],
  io: RunIo,
  only: string[] = [],
): Promise<number> {
  const configFlag = flags.get('config');
  const mud = flags.get('mud')?.value === true || flags.get('mud')?.value === 'true';
  let file: RawValues = new Map();
  try {
    if (typeof configFlag?.value === 'string' && !mud) file = loadScenarioFile(configFlag.value, io.cwd);
  } catch (err) {
    if (err instanceof NetwrightConfigError) {
      io.err(`netwright run: [${err.code}] ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const resolved = resolveScenario(flags, file, { cwd: io.cwd, env: io.env });
  if ('problems' in resolved) {
    const e = new NetwrightConfigError(
      'netwright run',
      resolved.problems,
      'netwright run --help lists every flag',
    );
    io.err(`netwright run: [${e.code}] ${e.message}\n`);
    return 2;
  }
  const s = resolved.scenario;
  if (only.length > 0) {
    const names = s.entries.map((e) => e.name);
    const unknown = only.filter((o) => !names.includes(o));
    if (unknown.length) {
      io.err(
        `netwright run: no scenario entry ${unknown.join(', ')} in this scenario (entries: ${names.join(', ')})\n`,
      );
      return 2;
    }
    s.entries = s.entries.filter((e) => only.includes(e.name));
  }
  const gen = generateScenario(s, io.cwd);
  const seed = s.seed ?? undefined;
  io.err(
    `netwright run: scenario ${describeScenario(s)}${seed !== undefined ? `, seed ${seed}` : ''}; report in ${path.relative(io.cwd, s.outputDir) || '.'}\n`,
  );
  const env: NodeJS.ProcessEnv = { ...io.env, NETWRIGHT_OUTPUT_DIR: s.outputDir };
  if (seed !== undefined) env.NETWRIGHT_SEED = String(seed);
  const { code, reportPath } = await runVitest(['--config', gen.config, ...vitestArgs], io, env, true);
  const merging = vitestArgs.some(
    (a) => a === '--merge-reports' || a.startsWith('--merge-reports=') || a === '--mergeReports',
  );
  const outcomes = s.entries.map((e) => ({ entry: e, outcome: readOutcome(s, e.name) }));
  if (!merging) for (const { entry, outcome } of outcomes) io.err(`${outcomeLine(entry.name, outcome)}\n`);
  if (s.jsonOut) {
    mkdirSync(path.dirname(s.jsonOut), { recursive: true });
    const doc = {
      tool: 'netwright',
      kind: 'scenario-results',
      scenario: describeScenario(s),
      seed: s.seed,
      exitCode: code,
      report: reportPath ?? null,
      entries: outcomes.map(
        ({ entry, outcome }) => outcome ?? { entry: entry.name, profile: entry.profile, passed: null },
      ),
    };
    writeFileSync(s.jsonOut, `${JSON.stringify(doc, null, 2)}\n`);
    io.out(`SCENARIO_JSON:${s.jsonOut}\n`);
  }
  const report = reportPath ?? path.join(s.outputDir, 'report.json');
  if (existsSync(report)) io.out(`${REPORT_PREFIX}${report}\n`);
  return code;
}

/** Run with explicit I/O; returns the exit code (2: usage or config error). */
export async function runRun(argv: string[], io: RunIo): Promise<number> {
  const args = parseRunArgs(argv);
  if (args.help) {
    io.out(RUN_USAGE);
    return 0;
  }
  if (args.problems.length > 0) {
    for (const p of args.problems) io.err(`netwright run: ${p}\n`);
    return 2;
  }
  if (args.mode === 'scenario') return runScenario(args.flags, args.vitestArgs, io, args.entries);
  const { code } = await runVitest(args.vitestArgs, io, io.env, false);
  return code;
}

export async function run(argv: string[]): Promise<number> {
  return runRun(argv, {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    env: process.env,
  });
}
