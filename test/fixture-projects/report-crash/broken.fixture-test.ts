import { test } from 'vitest';

if (!process.env.NW_NEVER_SET) throw new Error('import-time crash: cannot load game config');

test('never collected', () => {});
