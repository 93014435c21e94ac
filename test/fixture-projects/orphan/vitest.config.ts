// Minimal, self-contained Vitest project for the orphan test (test/process/orphan.test.ts runs Vitest on
// it and kills the runner). Its files are *.fixture-test.ts so the root `unit` project never picks them up.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['*.fixture-test.ts'],
    setupFiles: ['../../../src/process/orphan-guard-setup.ts'], // what the netwright plugin adds
    testTimeout: 300_000,
    hookTimeout: 300_000,
    fileParallelism: true,
    maxWorkers: 2, // both files run at once, in two workers
  },
});
