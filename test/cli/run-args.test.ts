import { describe, expect, it } from 'vitest';
import { parseRunArgs } from '../../src/cli/run-args.ts';

describe('netwright run arguments', () => {
  it('forwards spec files and Vitest options unchanged when no scenario flag is given', () => {
    const a = parseRunArgs([
      'specs/netcode',
      '--project',
      'specs',
      '-t',
      'eight clients',
      '--reporter=junit',
      '--no-color',
    ]);
    expect(a).toMatchObject({ mode: 'vitest', problems: [] });
    expect(a.vitestArgs).toEqual([
      'specs/netcode',
      '--project',
      'specs',
      '-t',
      'eight clients',
      '--reporter=junit',
      '--no-color',
    ]);
  });

  it('takes the old harness one-liner as a scenario', () => {
    const a = parseRunArgs(
      '--clients 8 --behavior random_walk --duration 60 --lag 120 --jitter 40 --loss 0.05 --bw-kbps 256 --profile 3g --seed 7 --json-out'.split(
        ' ',
      ),
    );
    expect(a.problems).toEqual([]);
    expect(a.mode).toBe('scenario');
    expect(Object.fromEntries([...a.flags].map(([k, v]) => [k, v.value]))).toEqual({
      clients: '8',
      behavior: 'random_walk',
      duration: '60',
      lag: '120',
      jitter: '40',
      loss: '0.05',
      'bw-kbps': '256',
      profile: '3g',
      seed: '7',
      'json-out': true,
    });
    expect(a.vitestArgs).toEqual([]);
  });

  it('keeps Vitest options beside scenario flags (sharding, blob reports, merging)', () => {
    const a = parseRunArgs([
      '--matrix',
      'wifi_good,lossy_5',
      '--shard',
      '1/2',
      '--reporter=blob',
      '--merge-reports',
    ]);
    expect(a.problems).toEqual([]);
    expect(a.vitestArgs).toEqual(['--shard', '1/2', '--reporter=blob', '--merge-reports']);
  });

  it.each([
    [['--clients', '8', '--client', '3'], 'unknown option --client (did you mean --clients?)'],
    [['--behaviour', 'idle'], 'unknown option --behaviour (did you mean --behavior?)'],
    [['--max-p99', '250'], 'unknown option --max-p99 (did you mean --max-p99-ms?)'],
    [['--projct', 'specs'], 'unknown option --projct (did you mean --project?)'],
    [['--lagg', '3'], 'unknown option --lagg (did you mean --lag?)'],
    [['-x'], 'unknown option -x (short options: -r -c -u -w -t -p -h -v)'],
  ])('%j is one line naming the closest flag', (argv, line) => {
    const a = parseRunArgs(argv);
    expect(a.problems).toEqual([line]);
  });

  it('a generated scenario spec file selects that entry (how a failing entry is re-run by netwright fix)', () => {
    const a = parseRunArgs([
      '--matrix',
      'wifi_good,lossy_5',
      'netwright-report/scenario/lossy_5.scenario.spec.ts',
      '-t',
      '^(x)$',
    ]);
    expect(a.problems).toEqual([]);
    expect(a.entries).toEqual(['lossy_5']);
    expect(a.vitestArgs).toEqual(['-t', '^(x)$']);
  });

  it('says which flag lacks its value, and refuses spec files in a scenario run', () => {
    expect(parseRunArgs(['--clients']).problems).toEqual(['--clients needs a value (N)']);
    expect(parseRunArgs(['--clients', '2', 'specs/x.spec.ts']).problems[0]).toMatch(/takes no spec files/);
  });
});
