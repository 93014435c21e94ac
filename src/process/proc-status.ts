// Liveness checks for pids and process groups. A zombie (exited, not yet reaped — common when PID 1 in
// a container does not reap) counts as dead: it holds no resources and cannot be killed further.

import { readdirSync, readFileSync } from 'node:fs';

const hasProc = process.platform === 'linux';

/** State letter and process group of `pid` from /proc/<pid>/stat, or undefined when gone/unknown. */
function readStat(pid: number): { state: string; pgrp: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', pgrp: Number(fields[2]) };
  } catch {
    return undefined;
  }
}

function signalZero(target: number): boolean {
  try {
    process.kill(target, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True while `pid` exists and is not a zombie. */
export function pidAlive(pid: number): boolean {
  if (!(pid > 0) || !signalZero(pid)) return false;
  if (!hasProc) return true;
  const stat = readStat(pid);
  return stat !== undefined && stat.state !== 'Z' && stat.state !== 'X';
}

/** True while any non-zombie process is in process group `pgid`. */
export function groupAlive(pgid: number): boolean {
  if (!(pgid > 0) || !signalZero(-pgid)) return false;
  if (!hasProc) return true;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return true;
  }
  for (const entry of entries) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid <= 0) continue;
    const stat = readStat(pid);
    if (stat && stat.pgrp === pgid && stat.state !== 'Z' && stat.state !== 'X') return true;
  }
  return false;
}

/** Sends `signal` to every process in group `pgid`. Returns false when the group is gone. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  if (!(pgid > 0)) return false;
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}
