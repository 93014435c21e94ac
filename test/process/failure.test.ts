import { afterEach, describe, expect, it } from 'vitest';
import { type ManagedProcess, ProcessErrorCode, pidAlive, spawnProcess } from '../../src/process/index.ts';
import { pollUntil } from '../../src/process/wait.ts';
import { nodeProgram, rejectionOf } from './helpers.ts';

const started: ManagedProcess[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.stop()));
});

describe('failure detection', () => {
  it('a fatal pattern on stderr sets failure once and the result says fatal-pattern', async () => {
    const proc = await spawnProcess(
      nodeProgram('godotish', 'fatal.mjs', {
        readiness: { kind: 'log', pattern: /^ready$/ },
        fatalPatterns: [/SCRIPT ERROR:/g],
      }),
    );
    started.push(proc);
    const seen: string[] = [];
    proc.onFailure((e) => seen.push(e.code));
    expect(await pollUntil(() => proc.failure !== undefined, 10_000)).toBe(true);
    expect(proc.failure?.code).toBe(ProcessErrorCode.FATAL_OUTPUT);
    expect(proc.failure?.details.line).toContain('Nonexistent function');
    expect(proc.hasExited).toBe(false);
    const result = await proc.stop();
    expect(result).toMatchObject({ reason: 'fatal-pattern', failed: true });
    expect(seen).toEqual([ProcessErrorCode.FATAL_OUTPUT]);
  });

  it('a fatal line before ready rejects spawnProcess with ERR_PROCESS_FATAL_OUTPUT', async () => {
    const err = await rejectionOf(
      spawnProcess(
        nodeProgram('early-fatal', 'fatal.mjs', {
          readiness: { kind: 'log', pattern: /never/ },
          fatalPatterns: [/SCRIPT ERROR/],
        }),
      ),
    );
    expect(err.code).toBe(ProcessErrorCode.FATAL_OUTPUT);
  });

  it('the wall-clock limit kills the whole group with ERR_PROCESS_WALL_CLOCK', async () => {
    // The limit counts from spawn, and readiness (Node's start, then `ready`) must come first or
    // spawnProcess rejects instead: 300 ms was too tight for a Node start on a loaded 2-core box, so
    // the limit sits far above any start seen there (~1 s) and the test pays it once.
    const proc = await spawnProcess(
      nodeProgram('hang', 'ignore-term.mjs', {
        readiness: { kind: 'log', pattern: /^ready$/ },
        wallClockLimitMs: 5_000,
        killGraceMs: 200,
      }),
    );
    started.push(proc);
    const result = await proc.exited;
    expect(result).toMatchObject({ reason: 'wall-clock', timedOut: true, failed: true, signal: 'SIGKILL' });
    expect(result.error?.code).toBe(ProcessErrorCode.WALL_CLOCK);
    expect(await pollUntil(() => !pidAlive(proc.pid), 5_000)).toBe(true);
  });

  it('a wall-clock limit shorter than readiness rejects spawnProcess', async () => {
    const err = await rejectionOf(
      spawnProcess(
        nodeProgram('hang2', 'never-ready.mjs', {
          readiness: { kind: 'log', pattern: /never/ },
          wallClockLimitMs: 200,
        }),
      ),
    );
    expect(err.code).toBe(ProcessErrorCode.WALL_CLOCK);
    expect((err.details as { tail: string[] }).tail.length).toBeGreaterThanOrEqual(0);
  });
});
