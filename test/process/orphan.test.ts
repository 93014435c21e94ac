// Integration: run Vitest itself on test/fixture-projects/orphan, whose tests spawn children that ignore
// SIGTERM and have grandchildren, kill the runner in different ways, and check that nothing survives.

import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { pidAlive } from '../../src/process/index.ts';
import { pollUntil } from '../../src/process/wait.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixtureRoot = join(root, 'test/fixture-projects/orphan');
const vitestEntry = join(root, 'node_modules/vitest/vitest.mjs');

interface PidRecord {
  label: string;
  kind: 'worker' | 'child' | 'grandchild' | 'watchdog' | 'ready';
  pid: number;
}

function readRecords(file: string): PidRecord[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as PidRecord);
}

/** The environment minus the outer Vitest's own variables, so the inner run is a plain `vitest run`. */
function cleanEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !/^(VITEST|TINYPOOL|NODE_OPTIONS$)/.test(k)) env[k] = v;
  }
  return { ...env, ...extra };
}

interface Scenario {
  pool: 'forks' | 'threads';
  /** 'pipe': close the runner's stdout/stderr pipes (like `vitest run | head -1` ending) */
  target: 'main' | 'worker' | 'pipe';
  signal?: NodeJS.Signals;
  /** Extra environment for the inner run (the control case turns the watchdog off). */
  env?: Record<string, string>;
}

async function killRunnerAndFindSurvivors(
  s: Scenario,
): Promise<{ recorded: PidRecord[]; survivors: PidRecord[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'netwright-orphan-'));
  const pidFile = join(dir, 'pids.jsonl');
  const runner = execa(process.execPath, [vitestEntry, 'run', '--root', fixtureRoot, '--pool', s.pool], {
    env: cleanEnv({ ORPHAN_PID_FILE: pidFile, NO_COLOR: '1', ORPHAN_HEARTBEAT: '1', ...s.env }),
    extendEnv: false,
    detached: true,
    reject: false,
    buffer: false,
    stdin: 'ignore',
  });
  runner.stdout?.resume(); // drain and discard the runner's output
  runner.stderr?.resume();
  let recorded: PidRecord[] = [];
  try {
    const started = await pollUntil(
      () => readRecords(pidFile).filter((r) => r.kind === 'ready').length === 2,
      120_000,
      100,
    );
    recorded = readRecords(pidFile).filter((r) => r.kind !== 'ready' && r.pid > 0);
    expect(started, `fixture run did not get ready; pids so far: ${JSON.stringify(recorded)}`).toBe(true);
    expect(recorded.filter((r) => r.kind === 'grandchild')).toHaveLength(8);
    expect(recorded.every((r) => pidAlive(r.pid))).toBe(true);

    // killing the main process must end everything; killing one worker must end what that worker
    // started (the other worker legitimately runs on, the finally block cleans it up)
    const worker = recorded.find((r) => r.kind === 'worker');
    const mustDie = s.target === 'worker' ? recorded.filter((r) => r.label === worker?.label) : recorded;
    if (s.target === 'pipe') {
      runner.stdout?.destroy();
      runner.stderr?.destroy();
    } else {
      process.kill(s.target === 'main' ? (runner.pid ?? 0) : (worker?.pid ?? 0), s.signal);
    }
    // "a few seconds": TERM, at most 1.5 s grace, KILL; generous bound for loaded machines
    await pollUntil(() => mustDie.every((r) => !pidAlive(r.pid)), s.env ? 5_000 : 15_000, 100);
    return { recorded: mustDie, survivors: mustDie.filter((r) => pidAlive(r.pid)) };
  } finally {
    for (const r of readRecords(pidFile)) {
      if (r.pid > 0 && pidAlive(r.pid)) process.kill(r.pid, 'SIGKILL');
    }
    try {
      process.kill(-(runner.pid ?? 0), 'SIGKILL');
    } catch {}
    await runner;
  }
}

describe('orphan-proofing: a killed `vitest run` leaves no process behind', { timeout: 240_000 }, () => {
  const scenarios: Scenario[] = [
    { pool: 'forks', target: 'main', signal: 'SIGKILL' },
    { pool: 'forks', target: 'main', signal: 'SIGTERM' },
    { pool: 'forks', target: 'main', signal: 'SIGINT' },
    { pool: 'forks', target: 'worker', signal: 'SIGKILL' },
    { pool: 'forks', target: 'worker', signal: 'SIGTERM' },
    { pool: 'threads', target: 'main', signal: 'SIGKILL' },
    { pool: 'threads', target: 'main', signal: 'SIGTERM' },
    { pool: 'forks', target: 'pipe' },
  ];
  for (const s of scenarios) {
    const what = s.target === 'pipe' ? 'output pipes closed' : `${s.signal} to the ${s.target} process`;
    it(`${s.pool} pool, ${what}`, async () => {
      const { recorded, survivors } = await killRunnerAndFindSurvivors(s);
      expect(recorded.length).toBeGreaterThanOrEqual(s.target === 'worker' ? 8 : 16);
      expect(survivors).toEqual([]);
    });
  }

  it('control: without the watchdog, SIGKILL of a threads run does leave survivors (the check can fail)', async () => {
    const { survivors } = await killRunnerAndFindSurvivors({
      pool: 'threads',
      target: 'main',
      signal: 'SIGKILL',
      env: { NETWRIGHT_WATCHDOG: '0' },
    });
    expect(survivors.filter((r) => r.kind === 'child' || r.kind === 'grandchild')).toHaveLength(12);
  });
});
