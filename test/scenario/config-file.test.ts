import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasErrorCode, type NetwrightConfigError } from '../../src/errors.ts';
import { loadScenarioFile, parseScenarioYaml } from '../../src/scenario/config-file.ts';
import { resolveScenario } from '../../src/scenario/scenario.ts';

const problemsOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (err) {
    expect(hasErrorCode(err, 'ERR_CONFIG_INVALID')).toBe(true);
    return [...(err as NetwrightConfigError).problems];
  }
  throw new Error('expected ERR_CONFIG_INVALID');
};

describe('scenario YAML', () => {
  it('reads every key with the line and column it was given at', () => {
    const values = parseScenarioYaml(
      'clients: 8\nbehavior: random_walk\nmatrix: [wifi_good, lossy_5]\nnetwork:\n  lag: 40\n  bw_kbps: 256\nthresholds:\n  max_p99_ms: 250\n',
      'scenario.yaml',
    );
    expect(Object.fromEntries([...values].map(([k, v]) => [k, v]))).toEqual({
      clients: { value: 8, where: 'scenario.yaml:1:10' },
      behavior: { value: 'random_walk', where: 'scenario.yaml:2:11' },
      matrix: { value: ['wifi_good', 'lossy_5'], where: 'scenario.yaml:3:9' },
      lag: { value: 40, where: 'scenario.yaml:5:8' },
      'bw-kbps': { value: 256, where: 'scenario.yaml:6:12' },
      'max-p99-ms': { value: 250, where: 'scenario.yaml:8:15' },
    });
  });

  it('reports every unknown key and shape problem at once, with file:line and the closest key', () => {
    const problems = problemsOf(() =>
      parseScenarioYaml('clints: 8\nnetwork: 3g\nthresholds:\n  max_p99: 250\n  min_rate_hz: 20\n', 's.yaml'),
    );
    expect(problems).toEqual([
      "s.yaml:1:1: unknown key 'clints' (did you mean 'clients'?)",
      "s.yaml:2:10: 'network' holds settings (key: value), not a value",
      "s.yaml:4:3: unknown key 'thresholds.max_p99' (did you mean 'max_p99_ms'?)",
    ]);
  });

  it('reports YAML syntax errors and duplicate keys with their line', () => {
    expect(problemsOf(() => parseScenarioYaml('clients: 8\nclients: 9\n', 'd.yaml'))[0]).toMatch(
      /^d\.yaml:2:1: .*unique/i,
    );
    expect(problemsOf(() => parseScenarioYaml('network:\n  lag: [1, 2\n', 'b.yaml'))[0]).toMatch(
      /^b\.yaml:\d+:\d+: /,
    );
    expect(problemsOf(() => parseScenarioYaml('', 'e.yaml'))).toEqual([
      "e.yaml: the file is empty; expected settings such as 'clients: 4'",
    ]);
    expect(problemsOf(() => parseScenarioYaml('- clients\n', 'l.yaml'))).toEqual([
      'l.yaml:1:1: expected a mapping of settings (key: value), got a list',
    ]);
  });

  it('checks values from the file with the same rules as flags, every problem at once, flags winning', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nw-scenario-'));
    const file = path.join(dir, 'scenario.yaml');
    writeFileSync(
      file,
      'clients: 100\nbehavior: moonwalk\nnetwork:\n  loss: 1.5\n  profile: wifi_bd\nduration: 5\n',
    );
    const fromFile = loadScenarioFile(file, dir);
    const r = resolveScenario(new Map([['duration', { value: '7', where: '--duration' }]]), fromFile, {
      cwd: dir,
      env: {},
    });
    expect('problems' in r && r.problems).toEqual([
      'scenario.yaml:1:10 clients: must be <= 64, got 100',
      "scenario.yaml:2:11 behavior: unknown value 'moonwalk'; valid: random_walk, stress_test, chunk_crossing, circle_pattern, figure_eight, collision_test, churn, convergence, route_replay, idle",
      'scenario.yaml:4:9 network.loss: must be <= 1, got 1.5 (rates are fractions 0..1: 5 % is 0.05)',
      "scenario.yaml:5:12 network.profile: unknown value 'wifi_bd' (did you mean 'wifi_bad'?); valid: perfect, lan, wifi_good, wifi_bad, lte, 3g, edge, satellite, lossy_5, bursty_loss, congested",
    ]);
    writeFileSync(file, 'clients: 2\nduration: 5\nmatrix: [wifi_good, wifi_bad]\n');
    const ok = resolveScenario(
      new Map([['duration', { value: '7', where: '--duration' }]]),
      loadScenarioFile(file, dir),
      {
        cwd: dir,
        env: {},
      },
    );
    if (!('scenario' in ok)) throw new Error(ok.problems.join('\n'));
    expect(ok.scenario).toMatchObject({
      clients: 2,
      durationS: 7,
      entries: [{ name: 'wifi_good' }, { name: 'wifi_bad' }],
    });
    expect(ok.scenario.sources).toMatchObject({ clients: 'scenario.yaml:1:10', duration: '--duration' });
  });

  it('a missing file is a coded error naming the path', () => {
    expect(problemsOf(() => loadScenarioFile('nope.yaml', os.tmpdir()))[0]).toMatch(
      /--config nope\.yaml: cannot read .*nope\.yaml \(ENOENT\)/,
    );
  });
});
