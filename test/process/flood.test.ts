import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type ManagedProcess, spawnProcess } from '../../src/process/index.ts';
import { nodeProgram } from './helpers.ts';

const started: ManagedProcess[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.stop()));
});

describe('stdout flood', () => {
  it('counts every line, keeps tails bounded (drop-oldest) and writes the whole log file', async () => {
    const lines = 200_000;
    const logDir = await mkdtemp(join(tmpdir(), 'netwright-flood-'));
    const proc = await spawnProcess(
      nodeProgram('flood', 'flood.mjs', {
        env: { LINES: String(lines), LONG: '100000' },
        logDir,
        limits: { tailLines: 100, maxLineChars: 1_000 },
        readiness: { kind: 'log', pattern: /^done$/, timeoutMs: 60_000 },
      }),
    );
    started.push(proc);
    const stats = proc.stats;
    expect(stats.stdoutLines).toBe(lines + 2);
    expect(stats.truncatedLines).toBe(1);
    expect(stats.tailDropped).toBe(lines + 2 - 100);
    const tail = proc.tail(1_000);
    expect(tail.length).toBe(200);
    expect(tail.at(-1)).toBe('[stdout] done');
    expect(tail.at(-2)).toBe(`[stdout] ${'y'.repeat(1_000)}`);
    const result = await proc.stop();
    expect(result.stdoutTail.length).toBeLessThanOrEqual(100);
    const file = readFileSync(proc.logPaths.stdout ?? '', 'utf8').split('\n');
    expect(file[0]).toMatch(/^line 0 x+$/);
    expect(file[lines - 1]).toMatch(new RegExp(`^line ${lines - 1} x+$`));
    expect(file.length).toBe(lines + 3); // + long line + done + trailing ''
  });

  it('bounds tails by characters too (long lines do not multiply memory)', async () => {
    const proc = await spawnProcess(
      nodeProgram('wide', 'flood.mjs', {
        env: { LINES: '5000' },
        limits: { tailLines: 500, maxTailChars: 2_000 },
        readiness: { kind: 'log', pattern: /^done$/ },
      }),
    );
    started.push(proc);
    const kept = proc.snapshot().stdoutTail.length; // result tails show at most 50 lines
    const tail = proc.tail(10_000);
    expect(kept).toBeLessThanOrEqual(50);
    expect(tail.join('').length).toBeLessThanOrEqual(4_000 + 10 * tail.length);
    expect(tail.length).toBeGreaterThan(10);
    expect(proc.stats.tailDropped).toBeGreaterThan(4_900);
  });

  it('caps the log file and counts the lines it left out', async () => {
    const logDir = await mkdtemp(join(tmpdir(), 'netwright-cap-'));
    const proc = await spawnProcess(
      nodeProgram('capped', 'flood.mjs', {
        env: { LINES: '20000', EXIT: '1' },
        logDir,
        limits: { maxLogBytes: 100_000 },
      }),
    );
    started.push(proc);
    const result = await proc.exited;
    expect(result.stats.stdoutLines).toBe(20_001);
    expect(result.stats.logLinesDropped).toBeGreaterThan(15_000);
    const stop = await proc.stop();
    const text = readFileSync(stop.logPaths.stdout ?? '', 'utf8');
    expect(text.length).toBeLessThan(100_000 + 200);
    expect(text).toContain('[netwright] log capped at 100000 bytes');
  });

  it('never overwrites logs: a second process of the same name gets name-2', async () => {
    const logDir = await mkdtemp(join(tmpdir(), 'netwright-names-'));
    const opts = nodeProgram('same', 'emit-events.mjs', {
      logDir,
      readiness: { kind: 'event', match: 'ready' },
    });
    const first = await spawnProcess(opts);
    const second = await spawnProcess(opts);
    started.push(first, second);
    expect(first.logPaths.stdout).toBe(join(logDir, 'same.stdout.log'));
    expect(second.logPaths.stdout).toBe(join(logDir, 'same-2.stdout.log'));
    expect(second.logPaths.stderr).toBe(join(logDir, 'same-2.stderr.log'));
  });
});
