import { describe, expect, test } from 'vitest';
import { gameMeta } from './meta-helpers.ts';

describe('movement', () => {
  test('clients converge', ({ task }) => {
    task.meta.netwright = { seed: 1234, runSeed: 99, ...gameMeta(Date.now()) };
    expect(1 + 1).toBe(2);
  });
  test('plain test without meta', () => {
    expect(true).toBe(true);
  });
});

test.skip('skipped one', () => {});

let attempts = 0;
test('flaky until retried', { retry: 2 }, () => {
  attempts++;
  expect(attempts).toBeGreaterThan(1);
});

test('annotated with key figures', async ({ task, annotate }) => {
  const { annotationsForMeta } = await import('../../../src/report/key-figures.ts');
  task.meta.netwright = { seed: 42, ...gameMeta(Date.now()) };
  for (const a of annotationsForMeta(task.meta.netwright)) await annotate(a.message, a.type);
  expect(task.annotations.length).toBeGreaterThan(3);
});
