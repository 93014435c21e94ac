import { test } from 'vitest';

test('worker dies (SIGKILL)', () => {
  process.kill(process.pid, 'SIGKILL');
});
