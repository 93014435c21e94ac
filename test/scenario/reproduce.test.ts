// The scenario's repro command runs as this project runs netwright: it used to say `pnpm netwright
// run ...` whatever the package manager, so an npm project (or a machine without pnpm on PATH) got a
// command that does not run.
import { describe, expect, it } from 'vitest';
import type { Launcher } from '../../src/report/launcher.ts';
import { scenarioReproduce } from '../../src/scenario/entry-run.ts';
import { resolveScenario } from '../../src/scenario/scenario.ts';

const flags = new Map([
  ['clients', { value: '2', where: '--clients' }],
  ['duration', { value: '5', where: '--duration' }],
]);
const r = resolveScenario(flags, new Map(), { cwd: process.cwd() });
if (!('scenario' in r)) throw new Error(r.problems.join('\n'));
const { scenario } = r;
const entry = scenario.entries[0];
const launcher = (pm: Launcher['pm'], pmCommand: string[] = [pm]): Launcher => ({
  pm,
  pmCommand,
  configArgs: [],
});

describe('scenarioReproduce', () => {
  it('uses the package manager that runs the project', () => {
    const words = (l: Launcher) => scenarioReproduce(scenario, entry, 7, l).command.split(' ');
    expect(words(launcher('pnpm')).slice(0, 3)).toEqual(['pnpm', 'netwright', 'run']);
    expect(words(launcher('npm')).slice(0, 3)).toEqual(['npx', 'netwright', 'run']);
    expect(words(launcher('yarn')).slice(0, 3)).toEqual(['yarn', 'netwright', 'run']);
    expect(words(launcher('bun')).slice(0, 3)).toEqual(['bunx', 'netwright', 'run']);
    expect(words(launcher('pnpm', ['npx', '-y', 'pnpm@12.21.0'])).slice(0, 5)).toEqual([
      'npx',
      '-y',
      'pnpm@12.21.0',
      'netwright',
      'run',
    ]);
  });

  it('keeps the scenario and the seed', () => {
    const { command } = scenarioReproduce(scenario, entry, 7, launcher('npm'));
    expect(command).toContain('--clients 2');
    expect(command).toContain('--duration 5');
    expect(command.endsWith('--seed 7')).toBe(true);
  });
});
