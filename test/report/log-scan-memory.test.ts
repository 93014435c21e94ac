// A log far bigger than the memory the scan may use: the test writes it to disk (streaming), then a
// child process with a 64 MiB heap limit scans it and reports its peak RSS. Loading the file would
// not fit. The full 1 GB run is bench/report-budget.ts.
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(path.join(tmpdir(), 'nw-scan-mem-'));
const scanModule = path.resolve(import.meta.dirname, '../../src/report/log-scan.ts');
const buildModule = path.resolve(import.meta.dirname, '../../src/report/build-report.ts');

const CHILD = `
import { scanLog } from ${JSON.stringify(scanModule)};
import { buildReport } from ${JSON.stringify(buildModule)};
const file = process.argv.at(-1);
const s = await scanLog(file);
const report = await buildReport({
  root: '/p', command: 'x', reason: 'failed', startedAt: 0, endedAt: 1, unhandled: [], shard: null, mergedReports: false,
  vitestVersion: null, runSeed: 1, gitCommit: null, gitDirty: null, netwrightVersion: null,
  modules: [{ file: '/p/a.spec.ts', project: null, state: 'failed', errors: [], durationMs: 1, tests: [{
    id: 'a', name: 'soak', fullName: 'soak', project: null, file: '/p/a.spec.ts', line: 1, state: 'failed',
    errors: [{ message: 'p99 too high' }], retries: 0, flaky: false, durationMs: 1, startTime: 0,
    rawMeta: { netwright: { processes: [{ name: 'server', failed: true, logPaths: { stdout: file } }] } },
  }] }],
}, { outputDir: '/tmp/unused', tokenBudget: 2000 });
process.stdout.write(JSON.stringify({
  maxRssKb: process.resourceUsage().maxRSS, lines: s.lines, bytes: s.bytes, matches: s.matches,
  windows: s.windows.length, dropped: s.windowsDropped, tail: s.tail?.lines.slice(-2), clipped: s.clippedLines,
  failuresChars: JSON.stringify(report.failures, null, 2).length, excerpts: report.failures[0].evidence.excerpts.length,
  notShown: report.failures[0].omitted.logLines,
}));
`;

/** Write `mb` MiB of 8192-line blocks (one SCRIPT ERROR per block), a FATAL line and an 8 MiB line. */
async function writeBigLog(file: string, mb: number): Promise<{ blocks: number }> {
  const ws = createWriteStream(file);
  const block: string[] = [];
  for (let i = 0; i < 8192; i++) {
    block.push(
      i === 4000
        ? 'SCRIPT ERROR: res://net/snapshot.gd:88 - Invalid index'
        : `[LOG_JSON] {"t":1700000000000,"level":"info","cat":"sim","event":"tick","entities":128} ${'p'.repeat(40)}`,
    );
  }
  const buf = Buffer.from(`${block.join('\n')}\n`);
  const blocks = Math.ceil((mb * 1048576) / buf.length);
  for (let i = 0; i < blocks; i++) {
    if (!ws.write(buf)) await new Promise<void>((r) => ws.once('drain', () => r()));
  }
  await new Promise<void>((r) =>
    ws.end(`FATAL: out of memory (pretend)\n${'y'.repeat(8 * 1048576)}`, () => r()),
  );
  return { blocks };
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('scanLog memory bound', () => {
  it('scans a 256 MiB log (with an 8 MiB line) under a 64 MiB heap limit; the report stays in budget', async () => {
    const file = path.join(dir, 'big.log');
    const { blocks } = await writeBigLog(file, 256);
    const r = await execa(
      process.execPath,
      ['--max-old-space-size=64', '--input-type=module', '-e', CHILD, '--', file],
      { timeout: 120_000, reject: false },
    );
    expect(r.exitCode, String(r.stderr).slice(-2000)).toBe(0);
    const out = JSON.parse(String(r.stdout));
    expect(out.bytes).toBeGreaterThan(256 * 1048576);
    expect(out.lines).toBe(blocks * 8192 + 2);
    expect(out.matches).toBe(blocks + 1);
    expect(out.windows).toBe(8);
    expect(out.dropped).toBe(blocks + 1 - 8);
    expect(out.tail[0]).toBe('FATAL: out of memory (pretend)');
    expect(out.tail[1].length).toBeLessThan(500);
    expect(out.clipped).toBe(1);
    // The report of a test whose server wrote it stays within its 2000-token budget.
    expect(out.failuresChars).toBeLessThanOrEqual(2000 * 4);
    expect(out.excerpts).toBeGreaterThan(0);
    expect(out.notShown).toBeGreaterThan(out.lines - 200);
    // Peak memory stays well below the file size (scan + report build in the same process).
    // The 64 MiB heap cap above already fails the child if it holds the file; RSS (heap + Buffers not
    // yet collected, 190-230 MiB measured on a loaded machine) must still stay below the file's size.
    expect(out.maxRssKb * 1024).toBeLessThan(out.bytes);
  }, 150_000);
});
