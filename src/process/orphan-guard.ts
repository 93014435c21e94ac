// Orphan guard for a test-runner worker process (the lead adds it as a Vitest setup file; nothing here
// imports vitest). When the worker loses its parent (IPC 'disconnect') or is told to stop
// (SIGTERM/SIGINT/SIGHUP), it ends every registered process group — TERM, up to graceMs, KILL — and
// exits. Independent of it, the registry's exit hook TERMs groups on any exit and the watchdog KILLs
// them when this process dies outright (SIGKILL), so the guard only has to make the worker leave fast.

import { isMainThread } from 'node:worker_threads';
import { groupAlive } from './proc-status.ts';
import { registeredGroups, signalRegisteredGroups } from './registry.ts';
import { pollUntil } from './wait.ts';

export interface OrphanGuardOptions {
  /** Wait between SIGTERM and SIGKILL of the children (ms). Default 1000. */
  graceMs?: number;
}

const KEY = Symbol.for('netwright.process.orphan-guard');
const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;
const SIGNAL_NUMBERS: Record<(typeof SIGNALS)[number], number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

/** TERM every registered group, wait up to graceMs for them to go, KILL the rest. Never throws. */
export async function killRegisteredGroups(graceMs = 1_000): Promise<void> {
  signalRegisteredGroups('SIGTERM');
  await pollUntil(() => registeredGroups().every((pgid) => !groupAlive(pgid)), graceMs, 50);
  signalRegisteredGroups('SIGKILL');
}

/** Exits even where a test runner replaced process.exit with a throwing stub. */
function hardExit(code: number): void {
  const really = (process as unknown as { reallyExit?: (code: number) => void }).reallyExit;
  if (typeof really === 'function') really.call(process, code);
  else process.exit(code);
}

/** Installs the guard once per process. No-op in worker threads (signals and IPC belong to the process). */
export function installOrphanGuard(opts: OrphanGuardOptions = {}): void {
  const g = globalThis as unknown as Record<symbol, boolean | undefined>;
  if (g[KEY] || !isMainThread) return;
  g[KEY] = true;
  const graceMs = opts.graceMs ?? 1_000;
  let leaving = false;
  const leave = (code: number, signal?: (typeof SIGNALS)[number]): void => {
    if (leaving) return;
    leaving = true;
    void killRegisteredGroups(graceMs).finally(() => {
      if (signal) {
        process.removeListener(signal, handlers[signal]);
        // re-raise so the exit status says which signal ended us, when nobody else handles it
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      }
      hardExit(code);
    });
  };
  const handlers = {
    SIGTERM: () => leave(128 + SIGNAL_NUMBERS.SIGTERM, 'SIGTERM'),
    SIGINT: () => leave(128 + SIGNAL_NUMBERS.SIGINT, 'SIGINT'),
    SIGHUP: () => leave(128 + SIGNAL_NUMBERS.SIGHUP, 'SIGHUP'),
  };
  for (const signal of SIGNALS) process.on(signal, handlers[signal]);
  if (typeof process.send === 'function') process.on('disconnect', () => leave(1));
}
