// Fixture project for test/reporters: the netwright reporter by path, options from the environment.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const reporter = fileURLToPath(new URL('../../../reporters/index.ts', import.meta.url));

export default defineConfig({
  test: {
    include: ['**/*.fixture-test.ts'],
    includeTaskLocation: true,
    pool: 'threads',
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
    ],
  },
});
