import { test } from 'vitest';
import { spawnAndRecord } from './record.ts';

test('spawns long-lived children and waits to be killed (b)', async () => {
  await spawnAndRecord('b');
});
