// `netwright run` scenarios end to end: the real CLI, Vitest, Godot game processes and the reporter.
// Lean on purpose (1 client, 1 s windows): what is checked is the plumbing, not the netcode.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/model.ts';
import { childEnv, lastLine, repoRoot, schemaErrors, tempDir } from '../reporters/run-vitest.ts';

const bin = path.join(repoRoot, 'bin/netwright.mjs');

function netwright(args: string[], cwd: string) {
  const env = childEnv();
  delete env.NETWRIGHT_OUTPUT_DIR;
  return execa(process.execPath, [bin, 'run', ...args], {
    cwd,
    env,
    extendEnv: false,
    reject: false,
    timeout: 120_000,
    all: true,
  });
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

describe('netwright run scenarios', () => {
  it('a --matrix sharded over two runs merges into one report with one entry per profile; a missed threshold is named', async () => {
    const cwd = tempDir('scenario-shards');
    const out = path.join(cwd, 'netwright-report');
    const matrix = [
      '--matrix',
      'wifi_good,wifi_bad,lossy_5',
      '--clients',
      '1',
      '--duration',
      '1',
      '--seed',
      '7',
    ];
    // Two "machines" with the same checkout path, one after the other. The second asks the impossible
    // of its share, to see a miss reported (thresholds live in scenario.json, not in the spec files).
    const one = await netwright([...matrix, '--max-p99-ms', '100000', '--shard=1/2', '--reporter=blob'], cwd);
    const two = await netwright(
      [...matrix, '--min-rate-hz', '1000', '--json-out', 'two.json', '--shard=2/2', '--reporter=blob'],
      cwd,
    );
    expect(one.exitCode, one.all).toBe(0);
    expect(one.stderr).toMatch(/\[scenario \w+\] 1 clients connected in \d+ ms; measuring 1 s/);
    expect(one.stderr).toMatch(/netwright run: scenario \w+ passed \(p99 [\d.]+ ms, slowest [\d.]+ Hz/);
    expect(two.exitCode, two.all).toBe(1);
    expect(two.stderr).toMatch(
      /netwright run: scenario \w+ FAILED: --min-rate-hz 1000: slowest client snapshot rate [\d.]+ Hz, [\d.]+ Hz under \(-\d+/,
    );
    expect(lastLine(two.stdout)).toBe(`REPORT_JSON:${path.join(out, 'report.json')}`);
    const shardTwo = readJson<{ entries: { passed: boolean | null }[] }>(path.join(cwd, 'two.json'));
    const failedInTwo = shardTwo.entries.filter((e) => e.passed === false).length;
    expect(failedInTwo).toBeGreaterThanOrEqual(1);

    const merged = await netwright(
      [...matrix, '--merge-reports', '--reporter=junit', '--outputFile.junit=junit.xml'],
      cwd,
    );
    expect(merged.exitCode, merged.all).toBe(1);
    expect(lastLine(merged.stdout)).toBe(`REPORT_JSON:${path.join(out, 'report.json')}`);
    const report = readJson<Report>(path.join(out, 'report.json'));
    expect(schemaErrors(report)).toEqual([]);
    expect(report.run.mergedReports).toBe(true);
    expect(report.totals).toMatchObject({ tests: 3, passed: 3 - failedInTwo, failed: failedInTwo });
    expect(report.tests.map((t) => t.name).sort()).toEqual([
      'scenario lossy_5: 1 clients random_walk, 1 s',
      'scenario wifi_bad: 1 clients random_walk, 1 s',
      'scenario wifi_good: 1 clients random_walk, 1 s',
    ]);
    for (const t of report.tests) expect(t.metrics['latency.p99Ms']).toBeGreaterThan(0);
    const failure = report.failures[0];
    expect(failure?.error.message).toMatch(/--min-rate-hz 1000: slowest client snapshot rate/);
    expect(failure?.reproduce.command).toMatch(
      /^pnpm netwright run --clients 1 --behavior random_walk --duration 1 --profile (wifi_good|wifi_bad|lossy_5) --min-rate-hz 1000 --seed 7$/,
    );
    const junit = readFileSync(path.join(cwd, 'junit.xml'), 'utf8');
    expect(junit.match(/<testcase /g)).toHaveLength(3);
    expect(junit).toContain('name="netwright.network.last" value="wifi_bad"');
  }, 150_000);
});
