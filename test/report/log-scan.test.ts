import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanLog } from '../../src/report/log-scan.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'nw-scan-'));
let n = 0;
function file(content: string | Buffer): string {
  const p = path.join(dir, `log-${++n}.log`);
  writeFileSync(p, content);
  return p;
}

function lines(count: number, errorsAt: number[] = []): string {
  const out: string[] = [];
  for (let i = 1; i <= count; i++) out.push(errorsAt.includes(i) ? `ERROR at ${i}` : `info line ${i}`);
  return `${out.join('\n')}\n`;
}

describe('scanLog', () => {
  it('keeps context windows around relevant lines and the tail', async () => {
    const s = await scanLog(file(lines(100, [10, 50])), { contextLines: 2, tailLines: 3 });
    expect(s.lines).toBe(100);
    expect(s.matches).toBe(2);
    expect(s.windows.map((w) => [w.fromLine, w.toLine, w.matchedLines])).toEqual([
      [8, 12, [10]],
      [48, 52, [50]],
    ]);
    expect(s.windows[0].lines).toEqual([
      'info line 8',
      'info line 9',
      'ERROR at 10',
      'info line 11',
      'info line 12',
    ]);
    expect(s.tail).toMatchObject({
      fromLine: 98,
      toLine: 100,
      lines: ['info line 98', 'info line 99', 'info line 100'],
    });
    expect(s.bytes).toBeGreaterThan(1000);
    expect(s.error).toBeUndefined();
  });

  it('merges close matches into one window and caps window length', async () => {
    const s = await scanLog(file(lines(200, [10, 12, 14])), { contextLines: 2 });
    expect(s.windows.map((w) => [w.fromLine, w.toLine])).toEqual([[8, 16]]);
    const all = await scanLog(
      file(
        lines(
          100,
          Array.from({ length: 100 }, (_, i) => i + 1),
        ),
      ),
      {
        contextLines: 1,
        maxWindowLines: 10,
        maxWindows: 4,
      },
    );
    expect(all.windows.every((w) => w.lines.length <= 10)).toBe(true);
    expect(all.windows).toHaveLength(4);
    expect(all.windowsDropped).toBeGreaterThan(0);
  });

  it('keeps the first and the last windows when there are too many', async () => {
    const errs = Array.from({ length: 20 }, (_, i) => 10 + i * 20);
    const s = await scanLog(file(lines(500, errs)), { contextLines: 0, maxWindows: 4 });
    expect(s.windows.map((w) => w.fromLine)).toEqual([10, 30, 370, 390]);
    expect(s.windowsDropped).toBe(16);
    expect(s.matches).toBe(20);
  });

  it('clips long lines while reading, also a huge last line without a newline', async () => {
    const s = await scanLog(file(`short\n${'a'.repeat(5000)}\nERROR ${'b'.repeat(100_000)}`), {
      maxLineChars: 100,
      chunkBytes: 1024,
    });
    expect(s.lines).toBe(3);
    expect(s.clippedLines).toBe(2);
    expect(s.tail?.lines[1]).toBe(`${'a'.repeat(100)}… [+4900 chars]`);
    expect(s.tail?.lines[2].startsWith('ERROR bbb')).toBe(true);
    expect(s.tail?.lines[2]).toMatch(/… \[\+99906 chars\]$/);
    expect(s.matches).toBe(1);
  });

  it('strips ANSI and CR, and reads multi-byte UTF-8 split across chunks', async () => {
    const s = await scanLog(file('\u001b[31mFATAL\u001b[0m: é😀 boom\r\nok\r\n'), {
      chunkBytes: 1,
      contextLines: 0,
    });
    expect(s.windows[0].lines).toEqual(['FATAL: é😀 boom']);
    expect(s.tail?.lines).toEqual(['FATAL: é😀 boom', 'ok']);
  });

  it('gives the same result whatever the chunk size (every split point)', async () => {
    const content = `${lines(40, [3, 17, 18, 33])}ERROR last without newline ${'z'.repeat(300)}`;
    const p = file(content);
    const ref = await scanLog(p, { contextLines: 2, maxLineChars: 120, chunkBytes: 1 << 20 });
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 400 }), async (chunkBytes) => {
        const s = await scanLog(p, { contextLines: 2, maxLineChars: 120, chunkBytes });
        expect(s).toEqual(ref);
      }),
      { numRuns: 40 },
    );
  });

  it('reports an unreadable file as an error, never throws', async () => {
    const s = await scanLog(path.join(dir, 'missing.log'));
    expect(s.error).toMatch(/ENOENT/);
    expect(s.lines).toBe(0);
    expect(s.windows).toEqual([]);
  });

  it('uses a custom relevance pattern', async () => {
    const s = await scanLog(file('a\nunderrun x\nb\n'), { relevant: /underrun/, contextLines: 0 });
    expect(s.windows.map((w) => w.lines)).toEqual([['underrun x']]);
  });
});

describe('scanLog focus times', () => {
  it('opens a window where the log reaches each instant', async () => {
    const out: string[] = [];
    for (let i = 1; i <= 100; i++)
      out.push(`[LOG_JSON] {"t":${1_700_000_000_000 + i * 10},"level":"info","event":"tick"}`);
    const s = await scanLog(file(`${out.join('\n')}\n`), {
      contextLines: 1,
      focusTimes: [1_700_000_000_500, 1_700_000_000_205, 1_700_000_000_205],
    });
    expect(s.windows.map((w) => [w.fromLine, w.toLine, w.matchedLines])).toEqual([
      [20, 22, []],
      [49, 51, []],
    ]);
    expect(s.windows[0].lines[1]).toContain('"t":1700000000210');
  });
});
