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
          // Temp dirs of the run go under one per-run dir, removed at the end (test/helpers/run-tmpdir.ts).
          globalSetup: ['test/helpers/run-tmpdir.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'specs',
          include: ['specs/**/*.spec.ts'],
          exclude: ['specs/network/**'],
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      // specs/network once per network backend (NETWRIGHT_BACKEND); a spec whose feature the backend
      // lacks is skipped by name. network-toxiproxy uses TOXIPROXY_URL when set, else netwright's own
      // Toxiproxy-compatible API; network-kernel needs root (it skips, visibly, without).
      ...(['embedded', 'toxiproxy', 'kernel'] as const).map((backend) => ({
        extends: true,
        test: {
          name: `network-${backend}`,
          include: ['specs/network/**/*.spec.ts'],
          env: { NETWRIGHT_BACKEND: backend },
          globalSetup: backend === 'toxiproxy' ? ['specs/network/toxiproxy.global.ts'] : [],
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      })),
    ],
  },
});
