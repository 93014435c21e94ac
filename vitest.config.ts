import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { netwright } from './fixtures/plugin.ts';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  plugins: [netwright()],
  resolve: {
    alias: { 'netwright/reporter': `${root}reporters/index.ts`, netwright: `${root}fixtures/index.ts` },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts', 'mud-fixtures/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'specs',
          include: ['specs/**/*.spec.ts'],
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
