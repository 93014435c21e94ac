import { test } from 'vitest';

test('waits for a snapshot that never comes', async () => {
  await new Promise((r) => setTimeout(r, 5000));
}, 300);
