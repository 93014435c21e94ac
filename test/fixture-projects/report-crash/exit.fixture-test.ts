import { test } from 'vitest';

test('calls process.exit', () => {
  process.exit(3);
});
