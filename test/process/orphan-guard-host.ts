// Host for orphan-guard.test.ts: installs the guard, spawns a stubborn child through the supervisor,
// prints every pid (child + grandchildren) as one JSON line, then waits to be told to go.
import { fileURLToPath } from 'node:url';
import { installOrphanGuard } from '../../src/process/orphan-guard.ts';
import { spawnProcess } from '../../src/process/spawn.ts';

installOrphanGuard({ graceMs: 500 });
const proc = await spawnProcess({
  name: 'stubborn',
  command: process.execPath,
  args: [fileURLToPath(new URL('../fixture-programs/stubborn.mjs', import.meta.url))],
  readiness: { kind: 'event', match: 'children' },
});
process.stdout.write(`${JSON.stringify([proc.pid, ...(proc.events[0].pids as number[])])}\n`);
setInterval(() => {}, 1_000);
