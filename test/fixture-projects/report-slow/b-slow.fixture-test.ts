import { test } from 'vitest';

test('slow soak', async () => {
  await new Promise((r) => setTimeout(r, 60_000));
}, 120_000);
