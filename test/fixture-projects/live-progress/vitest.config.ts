// Fixture project for test/report/live-progress.test.ts: the netwright plugin with quiet progress
// lines every 400 ms, so a 4 s test shows its live figures a few times.
import { defineConfig } from 'vitest/config';
import { netwright } from '../../../fixtures/plugin.ts';

export default defineConfig({
  plugins: [
    netwright({
      outputDir: process.env.NW_OUT ?? 'netwright-report',
      progress: 'lines',
      progressIntervalMs: 400,
    }),
  ],
  test: { include: ['*.fixture-test.ts'], root: import.meta.dirname },
});
