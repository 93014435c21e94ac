// Spawns stubborn children through the supervisor and appends every pid involved (worker, watchdog,
// children, grandchildren) to $ORPHAN_PID_FILE as JSON lines, then a `ready` line, then waits forever.
import { appendFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { watchdogPid } from '../../../src/process/registry.ts';
import { spawnProcess } from '../../../src/process/spawn.ts';

const stubborn = fileURLToPath(new URL('../../fixture-programs/stubborn.mjs', import.meta.url));

export async function spawnAndRecord(label: string): Promise<never> {
  const file = process.env.ORPHAN_PID_FILE;
  if (!file) throw new Error('ORPHAN_PID_FILE is not set');
  const write = (kind: string, pid: number | undefined): void =>
    appendFileSync(file, `${JSON.stringify({ label, kind, pid })}\n`);
  write('worker', process.pid);
  for (let i = 0; i < 2; i++) {
    const proc = await spawnProcess({
      name: `${label}-${i}`,
      command: process.execPath,
      args: [stubborn],
      readiness: { kind: 'event', match: 'children' },
    });
    write('child', proc.pid);
    for (const pid of proc.events[0].pids as number[]) write('grandchild', pid);
  }
  write('watchdog', watchdogPid());
  write('ready', 0);
  // ORPHAN_HEARTBEAT=1: keep printing, so the runner writes to its stdout (the pipe-closed case)
  if (process.env.ORPHAN_HEARTBEAT === '1') setInterval(() => console.log(`heartbeat ${label}`), 200);
  return new Promise<never>(() => {});
}
