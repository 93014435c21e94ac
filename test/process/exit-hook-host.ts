// Host for registry.test.ts: spawns a child through the supervisor, prints its pid, then exits without
// stopping it (MODE=exit: process.exit; MODE=throw: an uncaught exception).
import { fileURLToPath } from 'node:url';
import { spawnProcess } from '../../src/process/spawn.ts';

const proc = await spawnProcess({
  name: 'left-behind',
  command: process.execPath,
  args: [fileURLToPath(new URL('../fixture-programs/emit-events.mjs', import.meta.url))],
  readiness: { kind: 'event', match: 'ready' },
});
process.stdout.write(`${proc.pid}\n`);
if (process.env.MODE === 'throw')
  setTimeout(() => {
    throw new Error('host crashed');
  }, 10);
else process.exit(0);
