// `netwright mud merge FILE...`: combine the snapshots of swarm shards (or of runs) into one result:
// counters summed, HDR latency histograms merged exactly (the merged p99 is the p99 over every bot),
// by the swarm's mergeSnapshots. A file is a mud-result.json, a JSON-lines file of `--json-out` (its
// summary line), or a bare snapshot.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { NetwrightConfigError } from '../errors.ts';
import { mergeSnapshots } from '../mud/swarm/index.ts';
import type { SwarmSnapshot } from '../mud/swarm/types.ts';
import { swarmSummary } from '../mud/swarm-view.ts';
import { type MudCliIo, summaryLines, writeResult } from './mud-output.ts';

const isSnapshot = (v: unknown): v is SwarmSnapshot =>
  typeof v === 'object' && v !== null && (v as { version?: unknown }).version === 1 && 'latencyHdr' in v;

/** The snapshot in one file, or a problem. */
export function readSnapshot(file: string, problems: string[]): SwarmSnapshot | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    problems.push(
      `${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
    return undefined;
  }
  const docs: unknown[] = [];
  try {
    docs.push(JSON.parse(text));
  } catch {
    // JSON lines: the last summary line wins.
    for (const line of text.split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        docs.push(JSON.parse(line));
      } catch {
        // a log line that only looks like JSON
      }
    }
  }
  for (const d of docs.reverse()) {
    const o = d as { snapshot?: unknown; summary?: { snapshot?: unknown } };
    for (const v of [d, o?.snapshot, o?.summary?.snapshot]) if (isSnapshot(v)) return v;
  }
  problems.push(
    `${file}: no swarm snapshot in it (expected mud-result.json, the JSON lines of --json-out, or a snapshot of a swarm run with more than one bot)`,
  );
  return undefined;
}

/** Merge the snapshots of `args` (files, and `--output-dir DIR`); returns the exit code. */
export async function runMerge(args: string[], io: Omit<MudCliIo, 'json'>): Promise<number> {
  const files: string[] = [];
  let outputDir = io.env.NETWRIGHT_OUTPUT_DIR || 'netwright-report';
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--output-dir' && args[i + 1]) outputDir = args[++i]!;
    else if (args[i]!.startsWith('--')) {
      io.err(`netwright mud merge: unknown option ${args[i]} (merge takes files and --output-dir DIR)\n`);
      return 2;
    } else files.push(args[i]!);
  }
  const problems: string[] = [];
  if (files.length === 0)
    problems.push('give the snapshot files to merge: netwright mud merge shard-0.jsonl shard-1.jsonl ...');
  const snaps = files.map((f) => readSnapshot(path.resolve(io.cwd, f), problems));
  if (problems.length > 0) {
    const e = new NetwrightConfigError('netwright mud merge', problems);
    io.err(`netwright mud merge: [${e.code}] ${e.message}\n`);
    return 2;
  }
  const merged = mergeSnapshots(snaps as SwarmSnapshot[]);
  const seeds = [...new Set((snaps as SwarmSnapshot[]).map((x) => x.seed))];
  if (seeds.length > 1)
    io.err(
      `netwright mud merge: note: the parts ran with different seeds (${seeds.join(', ')}); give every shard the same --seed so the merged run replays\n`,
    );
  const outcome = {
    reason: merged.fault ? ('fault' as const) : ('time' as const),
    durationMs: merged.elapsedMs,
    summary: swarmSummary(merged),
    fault: undefined,
  };
  io.err(`netwright mud merge: ${files.length} snapshots, ${merged.parts} parts, seed ${merged.seed}\n`);
  for (const line of summaryLines(outcome)) io.err(`${line}\n`);
  if (merged.fault)
    io.err(`netwright mud merge: a part ended with a fault: ${merged.fault.kind}: ${merged.fault.message}\n`);
  const file = writeResult(path.resolve(io.cwd, outputDir), 'mud-merged.json', {
    tool: 'netwright',
    kind: 'mud-merged',
    files: files.map((f) => path.resolve(io.cwd, f)),
    ...outcome,
  });
  io.out(`RESULT_JSON:${file}\n`);
  return merged.fault ? 1 : 0;
}
