// Orphan watchdog: a tiny detached Node process, one per parent process (or worker thread), that kills
// the parent's process groups when the parent dies — even by SIGKILL, when no exit hook runs.
//
//   parent ──stdin pipe: "add <pgid>\n" / "remove <pgid>\n"──> watchdog
//   stdin EOF, parent pid gone, or SIGTERM/SIGHUP ─> TERM every group, wait ≤1.5 s, KILL the rest, exit
//
// The pipe's write end is close-on-exec, so only the parent holds it: the kernel closes it when the
// parent dies however it dies. The watchdog body is one self-contained function: run as this file
// from a source checkout, or stringified with `node -e` where Node cannot run .ts (node_modules).

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The watchdog program. Self-contained: uses only its arguments and globals (it is stringified). */
export function watchdogMain(proc: NodeJS.Process, parentPid: number): void {
  const groups = new Set<number>();
  let buffered = '';
  let ending = false;
  const alive = (target: number): boolean => {
    try {
      proc.kill(target, 0);
      return true;
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'EPERM';
    }
  };
  const signalAll = (signal: NodeJS.Signals): void => {
    for (const pgid of groups) {
      try {
        proc.kill(-pgid, signal);
      } catch {
        groups.delete(pgid);
      }
    }
  };
  const finish = (): void => {
    if (ending) return;
    ending = true;
    signalAll('SIGTERM');
    const started = Date.now();
    const timer = setInterval(() => {
      for (const pgid of groups) if (!alive(-pgid)) groups.delete(pgid);
      if (groups.size === 0 || Date.now() - started > 1_500) {
        clearInterval(timer);
        signalAll('SIGKILL');
        proc.exit(0);
      }
    }, 50);
  };
  proc.stdin.setEncoding('utf8');
  proc.stdin.on('data', (chunk: string) => {
    buffered += chunk;
    let nl = buffered.indexOf('\n');
    while (nl !== -1) {
      const [verb, arg] = buffered.slice(0, nl).trim().split(' ');
      buffered = buffered.slice(nl + 1);
      const pgid = Number(arg);
      if (Number.isInteger(pgid) && pgid > 0) {
        if (verb === 'add') groups.add(pgid);
        else if (verb === 'remove') groups.delete(pgid);
      }
      nl = buffered.indexOf('\n');
    }
    if (buffered.length > 4_096) buffered = ''; // bound: garbage without newlines is dropped
  });
  proc.stdin.on('end', finish);
  proc.stdin.on('close', finish);
  proc.stdin.on('error', finish);
  for (const signal of ['SIGTERM', 'SIGHUP', 'SIGINT'] as const) proc.on(signal, finish);
  setInterval(() => {
    if (proc.ppid !== parentPid || !alive(parentPid)) finish();
  }, 500);
}

/** Parent-side handle on a running watchdog. */
export interface WatchdogHandle {
  readonly pid: number;
  add(pgid: number): void;
  remove(pgid: number): void;
  /** False once the watchdog's pipe broke (it died); the registry then starts a new one. */
  readonly healthy: boolean;
}

const thisFile = fileURLToPath(import.meta.url);

/**
 * Node arguments that run the watchdog for `parentPid`. 'file' runs this file (needs Node's TypeScript
 * support and a file outside node_modules); 'inline' runs the stringified watchdogMain with -e (works
 * anywhere, but a coverage tool that instruments function bodies would break it). 'auto' prefers 'file'.
 */
export function watchdogArgs(parentPid: number, mode: 'auto' | 'file' | 'inline' = 'auto'): string[] {
  const fileOk =
    thisFile.endsWith('watchdog.ts') &&
    !thisFile.includes(`${sep}node_modules${sep}`) &&
    Boolean((process.features as { typescript?: unknown }).typescript) &&
    existsSync(thisFile);
  if (mode === 'file' || (mode === 'auto' && fileOk)) return [thisFile, String(parentPid)];
  return ['-e', `(${watchdogMain.toString()})(process, ${parentPid});`];
}

/** Starts a watchdog for the current process. The parent's event loop is not held open by it. */
export function startWatchdog(): WatchdogHandle {
  const child = spawn(process.execPath, watchdogArgs(process.pid), {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  let healthy = true;
  child.on('error', () => {
    healthy = false;
  });
  child.on('exit', () => {
    healthy = false;
  });
  child.stdin?.on('error', () => {
    healthy = false;
  });
  child.unref();
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  const send = (line: string): void => {
    if (!healthy || !child.stdin || child.stdin.destroyed) return;
    child.stdin.write(line);
  };
  return {
    pid: child.pid ?? 0,
    add: (pgid) => send(`add ${pgid}\n`),
    remove: (pgid) => send(`remove ${pgid}\n`),
    get healthy() {
      return healthy && child.pid !== undefined;
    },
  };
}

// `node src/process/watchdog.ts <parentPid>` runs the watchdog directly (debugging aid).
if (process.argv[1] === thisFile) {
  watchdogMain(process, Number(process.argv[2]) || process.ppid);
}
