// `netwright run` scenarios end to end: the real CLI, Vitest, Godot game processes and the reporter.
// Lean on purpose (1 client, 1 s windows): what is checked is the plumbing, not the netcode.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/model.ts';
import { ciCommands } from '../cli/ci-commands.ts';
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
  it("the GitHub workflow's network matrix: 3 shards and the merge, one report with one entry per profile; a missed threshold is named", async () => {
    const cwd = tempDir('scenario-shards');
    mkdirSync(path.join(cwd, 'examples/ci'), { recursive: true });
    copyFileSync(
      path.join(repoRoot, 'examples/ci/network-matrix.yaml'),
      path.join(cwd, 'examples/ci/network-matrix.yaml'),
    );
    const out = path.join(cwd, 'netwright-report');
    // The workflow's own command lines, made short (flags override the config file's keys).
    const shardArgs = (n: number) => {
      const c = ciCommands({ MATRIX_SHARD: String(n) }).find(
        (x) => x.file === 'github-actions.yml' && x.job === 'matrix',
      );
      return (c?.argv ?? []).slice(1);
    };
    const merge =
      ciCommands()
        .find((x) => x.file === 'github-actions.yml' && x.job === 'report')
        ?.argv.slice(1) ?? [];
    expect(shardArgs(2)).toEqual([
      '--config',
      'examples/ci/network-matrix.yaml',
      '--seed',
      '7',
      '--shard=2/3',
      '--reporter=blob',
      '--reporter=default',
    ]);
    const short = (minRateHz = '0') => [
      '--clients',
      '1',
      '--duration',
      '1',
      '--max-p99-ms',
      '100000',
      '--min-rate-hz',
      minRateHz,
      '--max-underruns-per-min',
      '100000',
    ];
    // Three "machines" with the same checkout path, one after the other. The third asks the impossible
    // of its share, to see a miss reported (thresholds live in scenario.json, not in the spec files).
    const runs = [];
    for (const n of [1, 2, 3]) {
      const extra = n === 3 ? [...short('1000'), '--json-out', 'three.json'] : short();
      runs.push(await netwright([...shardArgs(n), ...extra], cwd));
    }
    const [one, , three] = runs;
    expect(one?.exitCode, one?.all).toBe(0);
    expect(one?.stderr).toMatch(/\[scenario \w+\] 1 clients connected in \d+ ms; measuring 1 s/);
    expect(one?.stderr).toMatch(/netwright run: scenario \w+ passed \(p99 [\d.]+ ms, slowest [\d.]+ Hz/);
    expect(runs[1]?.exitCode, runs[1]?.all).toBe(0);
    expect(three?.exitCode, three?.all).toBe(1);
    expect(three?.stderr).toMatch(
      /netwright run: scenario \w+ FAILED: --min-rate-hz 1000: slowest client snapshot rate [\d.]+ Hz, [\d.]+ Hz under \(-\d+/,
    );
    expect(lastLine(three?.stdout ?? '')).toBe(`REPORT_JSON:${path.join(out, 'report.json')}`);
    const shardThree = readJson<{ entries: { passed: boolean | null }[] }>(path.join(cwd, 'three.json'));
    expect(shardThree.entries.filter((e) => e.passed === false)).toHaveLength(1);

    const merged = await netwright([...merge, ...short()], cwd);
    expect(merged.exitCode, merged.all).toBe(1);
    expect(lastLine(merged.stdout)).toBe(`REPORT_JSON:${path.join(out, 'report.json')}`);
    const report = readJson<Report>(path.join(out, 'report.json'));
    expect(schemaErrors(report)).toEqual([]);
    expect(report.run.mergedReports).toBe(true);
    expect(report.run.seed).toBe(7);
    expect(report.totals).toMatchObject({ tests: 3, passed: 2, failed: 1 });
    expect(report.tests.map((t) => t.name).sort()).toEqual([
      'scenario lossy_5: 1 clients random_walk, 1 s',
      'scenario wifi_bad: 1 clients random_walk, 1 s',
      'scenario wifi_good: 1 clients random_walk, 1 s',
    ]);
    for (const t of report.tests) expect(t.metrics['latency.p99Ms']).toBeGreaterThan(0);
    const failure = report.failures[0];
    expect(failure?.error.message).toMatch(/--min-rate-hz 1000: slowest client snapshot rate/);
    expect(failure?.reproduce.command).toMatch(
      /^(pnpm|npx -y pnpm@[\d.]+) netwright run --clients 1 --behavior random_walk --duration 1 --profile (wifi_good|wifi_bad|lossy_5) --max-p99-ms 100000 --min-rate-hz 1000 --max-underruns-per-min 100000 --seed 7$/,
    );
    const junit = readFileSync(path.join(out, 'junit.xml'), 'utf8');
    expect(junit.match(/<testcase /g)).toHaveLength(3);
    expect(junit).toContain('name="netwright.network.last" value="wifi_bad"');
  }, 200_000);
});
