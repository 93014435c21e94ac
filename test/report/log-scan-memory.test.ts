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

const CHILD = `
import { scanLog } from ${JSON.stringify(scanModule)};
const file = process.argv.at(-1);
const s = await scanLog(file);
process.stdout.write(JSON.stringify({
  maxRssKb: process.resourceUsage().maxRSS, lines: s.lines, bytes: s.bytes, matches: s.matches,
  windows: s.windows.length, dropped: s.windowsDropped, tail: s.tail?.lines.slice(-2), clipped: s.clippedLines,
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
  it('scans a 256 MiB log (with an 8 MiB line) under a 64 MiB heap limit', async () => {
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
    // Peak memory stays well below the file size.
    expect(out.maxRssKb * 1024).toBeLessThan(200 * 1048576);
  }, 150_000);
});
