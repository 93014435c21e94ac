import { expect, test } from '../../../fixtures/index.ts';

test('a long test on an lte link', async ({ network }) => {
  network.profile('lte');
  await new Promise((r) => setTimeout(r, 4000));
  expect(network.history().at(-1)?.label).toBe('lte');
}, 90_000);
