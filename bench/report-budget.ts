// Report budget under a 1 GiB log: writes the log to a temp dir (streaming), builds the report of a
// failing test whose server wrote it, and prints size, time and memory side by side.
//   node bench/report-budget.ts [sizeMiB=1024] [tokenBudget=8000]
// Memory is measured in a child with a 96 MiB heap cap, so "bounded" is checked, not just hoped for.
// Long runs (a 30-minute soak's series, timeline and anomalies) are bench/report-soak.ts.

import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const sizeMiB = Number(process.argv[2] ?? 1024);
const tokenBudget = Number(process.argv[3] ?? 8000);

async function writeLog(file: string, mib: number): Promise<void> {
  const ws = createWriteStream(file);
  const block: string[] = [];
  for (let i = 0; i < 10_000; i++) {
    block.push(
      i === 5000
        ? `SCRIPT ERROR: res://net/interp.gd:${i} - Invalid get index 'pos' (on base: 'Nil')`
        : `[LOG_JSON] {"t":1700000000000,"level":"info","cat":"net","event":"snapshot","seq":${i},"bytes":1200}`,
    );
  }
  const buf = Buffer.from(`${block.join('\n')}\n`);
  const n = Math.ceil((mib * 1048576) / buf.length);
  for (let i = 0; i < n; i++) {
    if (!ws.write(buf)) await new Promise<void>((r) => ws.once('drain', () => r()));
  }
  await new Promise<void>((r) =>
    ws.end(`FATAL: server crashed (signal 11)\n${'z'.repeat(32 * 1048576)}`, () => r()),
  );
}

const CHILD = `
import { buildReport } from ${JSON.stringify(path.resolve(import.meta.dirname, '../src/report/build-report.ts'))};
const [file, budget] = process.argv.slice(-2);
const t0 = performance.now();
const report = await buildReport({
  root: '/proj', command: 'bench', reason: 'failed', startedAt: 0, endedAt: 1, unhandled: [], shard: null,
  mergedReports: false, vitestVersion: null, runSeed: 1, gitCommit: null, gitDirty: null, netwrightVersion: null,
  modules: [{ file: '/proj/specs/soak.spec.ts', project: null, state: 'failed', errors: [], durationMs: 1, tests: [{
    id: 'x', name: 'soak', fullName: 'soak', project: null, file: '/proj/specs/soak.spec.ts', line: 1, state: 'failed',
    errors: [{ name: 'AssertionError', message: 'p99 latency 830 ms > 150 ms' }], retries: 0, flaky: false,
    durationMs: 1, startTime: 0,
    rawMeta: { netwright: { seed: 1, processes: [{ name: 'server', failed: true, exitCode: null, signal: 'SIGSEGV',
      logPaths: { stdout: file } }],
      events: Array.from({ length: 5000 }, (_, i) => ({ t: i, source: 'client-1', event: i % 2 ? 'underrun' : 'spike' })) } },
  }] }],
}, { outputDir: '/tmp/unused', tokenBudget: Number(budget) });
const ms = performance.now() - t0;
const failuresChars = JSON.stringify(report.failures, null, 2).length;
process.stdout.write(JSON.stringify({ ms, failuresChars, tokensUsed: report.budget.tokensUsed,
  maxRssKb: process.resourceUsage().maxRSS, omitted: report.failures[0].omitted,
  excerpts: report.failures[0].evidence.excerpts.map((e) => e.kind + ':' + e.fromLine + '-' + e.toLine) }));
`;

const dir = mkdtempSync(path.join(tmpdir(), 'nw-bench-report-'));
try {
  const file = path.join(dir, 'server.stdout.log');
  const w0 = performance.now();
  await writeLog(file, sizeMiB);
  const writeMs = performance.now() - w0;
  const bytes = statSync(file).size;
  const out = execFileSync(
    process.execPath,
    ['--max-old-space-size=96', '--input-type=module', '-e', CHILD, '--', file, String(tokenBudget)],
    { encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  const r = JSON.parse(out) as {
    ms: number;
    failuresChars: number;
    tokensUsed: number;
    maxRssKb: number;
    omitted: { logLines: number; items: number; see: { notShown: [number, number][] }[] };
    excerpts: string[];
  };
  const mib = (b: number): string => (b / 1048576).toFixed(1);
  const rows: [string, string, string][] = [
    ['log size', `${mib(bytes)} MiB`, ''],
    ['log write', `${(writeMs / 1000).toFixed(1)} s`, ''],
    [
      'report build (scan)',
      `${(r.ms / 1000).toFixed(1)} s`,
      `${(bytes / 1048576 / (r.ms / 1000)).toFixed(0)} MiB/s`,
    ],
    ['failures section', `${r.failuresChars} chars`, `${r.tokensUsed} / ${tokenBudget} tokens`],
    ['log : section', '', `${(bytes / r.failuresChars).toFixed(0)} : 1`],
    [
      'peak RSS (96 MiB heap cap)',
      `${mib(r.maxRssKb * 1024)} MiB`,
      `${((r.maxRssKb * 1024) / bytes).toFixed(3)} x log`,
    ],
    ['log lines not shown', String(r.omitted.logLines), `${r.omitted.items} items cut`],
  ];
  for (const [k, a, b] of rows) console.log(`${k.padEnd(28)} ${a.padStart(16)}   ${b}`);
  console.log(`excerpts kept: ${r.excerpts.join(', ')}`);
  console.log(`not shown ranges: ${JSON.stringify(r.omitted.see[0]?.notShown.slice(0, 4))}`);
  console.log(r.tokensUsed <= tokenBudget ? 'budget: OK' : 'budget: EXCEEDED');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
