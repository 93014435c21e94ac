import { writeFileSync } from 'node:fs';
import { expect, test } from '../../../fixtures/index.ts';

test('reports its seeds', ({ seed, netwrightRun, logDir, task }) => {
  writeFileSync(
    process.env.SEED_OUT!,
    JSON.stringify({
      seed,
      runSeed: netwrightRun.seed,
      logDir,
      fullName: task.fullName,
      timeout: task.timeout,
    }),
  );
  expect(Number.isInteger(seed)).toBe(true);
});

test('fails on purpose so the report has a failure', () => {
  expect(1 + 1).toBe(3);
});
