// Process-wide registry of the process groups this process started and has not yet seen gone.
// Shared through globalThis so every copy of this module (Vitest re-imports modules per test file)
// sees one registry. It feeds the watchdog and SIGTERMs every live group synchronously on exit.

import { signalGroup } from './proc-status.ts';
import { startWatchdog, type WatchdogHandle } from './watchdog.ts';

interface RegistryState {
  groups: Set<number>;
  watchdog: WatchdogHandle | undefined;
  exitHookInstalled: boolean;
}

const KEY = Symbol.for('netwright.process.registry');

function state(): RegistryState {
  const g = globalThis as unknown as Record<symbol, RegistryState | undefined>;
  let s = g[KEY];
  if (!s) {
    s = { groups: new Set(), watchdog: undefined, exitHookInstalled: false };
    g[KEY] = s;
  }
  return s;
}

/** False when NETWRIGHT_WATCHDOG=0 (then only the exit hook and orphan guard protect). */
function watchdogEnabled(): boolean {
  return process.env.NETWRIGHT_WATCHDOG !== '0';
}

function ensureWatchdog(s: RegistryState): WatchdogHandle | undefined {
  if (!watchdogEnabled()) return undefined;
  if (s.watchdog?.healthy) return s.watchdog;
  try {
    s.watchdog = startWatchdog();
    for (const pgid of s.groups) s.watchdog.add(pgid);
  } catch {
    s.watchdog = undefined;
  }
  return s.watchdog;
}

/** Tracks a freshly spawned group until unregisterGroup. */
export function registerGroup(pgid: number): void {
  const s = state();
  s.groups.add(pgid);
  if (!s.exitHookInstalled) {
    s.exitHookInstalled = true;
    process.on('exit', terminateRegisteredGroupsSync);
  }
  ensureWatchdog(s)?.add(pgid);
}

/** Call once the whole group is gone. */
export function unregisterGroup(pgid: number): void {
  const s = state();
  if (!s.groups.delete(pgid)) return;
  s.watchdog?.remove(pgid);
}

/** The groups currently tracked by this process. */
export function registeredGroups(): number[] {
  return [...state().groups];
}

/** Sends `signal` to every registered group at once (synchronous: safe in exit handlers). */
export function signalRegisteredGroups(signal: NodeJS.Signals): void {
  for (const pgid of state().groups) signalGroup(pgid, signal);
}

/** Exit hook: the process is going away, so its children must too (the watchdog follows up with KILL). */
export function terminateRegisteredGroupsSync(): void {
  signalRegisteredGroups('SIGTERM');
}

/** Pid of this process's watchdog, if one runs (for tests and diagnostics). */
export function watchdogPid(): number | undefined {
  return state().watchdog?.pid;
}
