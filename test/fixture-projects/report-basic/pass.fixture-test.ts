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
