import { expect, test } from 'vitest';

test('runs when the config loads', () => {
  expect(1).toBe(1);
});
