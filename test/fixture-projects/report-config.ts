// The Vitest config shared by the report-* fixture projects of test/reporters: the netwright reporter
// by path, options from the environment. Each project's vitest.config.ts picks only its pool.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const reporter = fileURLToPath(new URL('../../reporters/index.ts', import.meta.url));

export function reportFixtureConfig(pool?: 'forks' | 'threads') {
  return defineConfig({
    test: {
      include: ['**/*.fixture-test.ts'],
      includeTaskLocation: true,
      ...(pool ? { pool } : {}),
      reporters: [
        'default',
        [
          reporter,
          {
            outputDir: process.env.NW_OUT ?? 'netwright-report',
            tokenBudget: process.env.NW_BUDGET ? Number(process.env.NW_BUDGET) : undefined,
            seed: process.env.NETWRIGHT_SEED ? Number(process.env.NETWRIGHT_SEED) : undefined,
            progress: (process.env.NW_PROGRESS ?? 'lines') as 'auto' | 'tty' | 'lines' | 'off',
          },
        ],
        // JUnit beside the netwright reporter (a --reporter flag would replace both).
        ...(process.env.NW_JUNIT
          ? [['junit', { outputFile: process.env.NW_JUNIT }] as ['junit', { outputFile: string }]]
          : []),
      ],
    },
  });
}
