// `netwright run --mud` end to end: the real CLI, Vitest, the fixture MUD (the mudServer fixture,
// since the swarm config names no MUD), the swarm through a network link, the thresholds and the
// report. Lean on purpose (2 bots, 4 s): what is checked is the plumbing.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { childEnv, lastLine, repoRoot, tempDir } from '../reporters/run-vitest.ts';

const bin = path.join(repoRoot, 'bin/netwright.mjs');
const PW = 'runpass77';

function netwright(args: string[], cwd: string) {
  const env = childEnv({ MUD_PW: PW });
  delete env.NETWRIGHT_OUTPUT_DIR;
  return execa(process.execPath, [bin, 'run', ...args], {
    cwd,
    env,
    extendEnv: false,
    reject: false,
    timeout: 180_000,
    all: true,
  });
}

const SWARM = `credentials:
  name_pattern: "Scen{letters}"
  password_env: MUD_PW
swarm:
  stagger_ms: 100
`;

describe('netwright run --mud', () => {
  it('runs the swarm on the fixture MUD through a link; a missed --max-p99-ms is named with the command latency', async () => {
    const cwd = tempDir('mud-scenario');
    writeFileSync(path.join(cwd, 'swarm.yaml'), SWARM);
    const r = await netwright(
      [
        '--mud',
        '--bots',
        '2',
        '--config',
        'swarm.yaml',
        '--duration',
        '4',
        '--max-p99-ms',
        '1',
        '--seed',
        '3',
        '--json-out',
      ],
      cwd,
    );
    expect(r.exitCode, r.all).toBe(1);
    expect(r.all).toMatch(
      /\[scenario perfect\] 2 bots on the fixture MUD through link mud-swarm, 4 s, seed 3/,
    );
    expect(r.all).toMatch(
      /netwright run: scenario perfect FAILED: --max-p99-ms 1: command latency p99 over every bot [\d.]+ ms, [\d.]+ ms over/,
    );
    const report = lastLine(r.stdout);
    expect(report).toMatch(/^REPORT_JSON:/);
    const results = JSON.parse(
      readFileSync(path.join(cwd, 'netwright-report/scenario-results.json'), 'utf8'),
    );
    const entry = results.entries[0];
    expect(entry.result).toMatchObject({ kind: 'mud', bots: 2, fault: null });
    expect(entry.result.commands).toBeGreaterThan(0);
    // Mud98-like pulse pacing: answers come on the fixture MUD's 250 ms pulse.
    expect(entry.result.p50Ms).toBeGreaterThan(100);
    expect(r.all).not.toContain(PW);
    expect(readFileSync(report.slice('REPORT_JSON:'.length), 'utf8')).not.toContain(PW);
  });

  it('config problems are reported at once before anything starts, located in the swarm file', async () => {
    const cwd = tempDir('mud-scenario-bad');
    writeFileSync(path.join(cwd, 'swarm.yaml'), 'credentials:\n  name_patern: "X{letters}"\n');
    const r = await netwright(['--mud', '--bots', '2', '--config', 'swarm.yaml', '--clients', '3'], cwd);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('--clients: --clients is for game scenarios');
    expect(r.stderr).toContain(
      "swarm.yaml:2:3 credentials: unknown key 'name_patern' (did you mean 'name_pattern'?)",
    );
    const none = await netwright(['--mud', '--bots', '2'], cwd);
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toContain('--mud needs --config swarm.yaml');
  });
});
