// The option list netwright uses to tell Vitest options from typos must match the installed Vitest.
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { camelCase, VITEST_RUN_OPTIONS, vitestOption } from '../../src/cli/vitest-options.ts';

const root = path.resolve(import.meta.dirname, '../..');

describe('Vitest options', () => {
  it('lists exactly the long options of `vitest run --help`', async () => {
    const { stdout } = await execa(
      process.execPath,
      [path.join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--help'],
      {
        cwd: root,
      },
    );
    const fromHelp = [...stdout.matchAll(/^\s+(?:-\w, )?--([\w.-]+)/gm)]
      .map((m) => m[1] as string)
      .map((n) => (n === 'no-color' ? 'color' : camelCase(n)));
    expect(new Set(fromHelp)).toEqual(
      new Set(Object.keys(VITEST_RUN_OPTIONS).filter((k) => k !== 'version')),
    );
  });

  it('accepts kebab case, negations and dotted sub-options as Vitest does', () => {
    expect(vitestOption('test-timeout')).toEqual({ name: 'testTimeout', arity: 'value' });
    expect(vitestOption('no-file-parallelism')).toEqual({ name: 'fileParallelism', arity: 'flag' });
    expect(vitestOption('coverage.enabled')).toEqual({ name: 'coverage', arity: 'optional' });
    expect(vitestOption('outputFile.junit')?.name).toBe('outputFile');
    expect(vitestOption('clients')).toBeUndefined();
    expect(vitestOption('node')).toBeUndefined();
  });
});
