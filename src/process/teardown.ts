// Bounded teardown of one process group:
//
//   gracefulStop() ──wait stopGraceMs──> SIGTERM group ──wait killGraceMs──> SIGKILL group ──wait 2 s
//   then, leader gone: stragglers in the group (grandchildren) get TERM, killGraceMs, KILL.
//
// Never throws; bounded by stopGraceMs + 2 * killGraceMs + 4 s whatever the child does (ManagedProcess.stop
// adds at most 4.5 s of output draining and log flushing on top).

import { groupAlive, signalGroup } from './proc-status.ts';
import { pollUntil, settlesWithin } from './wait.ts';

/** Which step ended the group leader. */
export type TeardownStep = 'already-exited' | 'graceful' | 'term' | 'kill' | 'unkillable';

export interface TeardownPlan {
  pgid: number;
  /** Resolves when the leader has exited. */
  exited: Promise<unknown>;
  hasExited: () => boolean;
  gracefulStop?: () => Promise<void> | void;
  stopGraceMs: number;
  killGraceMs: number;
  /** Told of every signal sent to the group, just before it is sent. */
  onSignal?: (signal: NodeJS.Signals) => void;
}

const KILL_WAIT_MS = 2_000;

export async function terminateGroup(plan: TeardownPlan): Promise<TeardownStep> {
  const step = await stopLeader(plan);
  await sweepGroup(plan.pgid, plan.killGraceMs);
  return step;
}

async function stopLeader(plan: TeardownPlan): Promise<TeardownStep> {
  if (plan.hasExited()) return 'already-exited';
  if (plan.gracefulStop) {
    const started = performance.now();
    let requestFailed = false;
    const request = Promise.resolve()
      .then(plan.gracefulStop)
      .catch(() => {
        requestFailed = true; // a failing graceful request moves straight on to SIGTERM
      });
    await settlesWithin(Promise.race([request, plan.exited]), plan.stopGraceMs);
    const left = plan.stopGraceMs - (performance.now() - started);
    if (!requestFailed && (await settlesWithin(plan.exited, left))) return 'graceful';
    if (plan.hasExited()) return 'graceful';
  }
  plan.onSignal?.('SIGTERM');
  signalGroup(plan.pgid, 'SIGTERM');
  if (await settlesWithin(plan.exited, plan.killGraceMs)) return 'term';
  plan.onSignal?.('SIGKILL');
  signalGroup(plan.pgid, 'SIGKILL');
  if (await settlesWithin(plan.exited, KILL_WAIT_MS)) return 'kill';
  return 'unkillable';
}

/** Ends whatever is left in the group once the leader is gone (TERM, wait, KILL, wait). */
export async function sweepGroup(pgid: number, killGraceMs: number): Promise<boolean> {
  if (!groupAlive(pgid)) return true;
  signalGroup(pgid, 'SIGTERM');
  if (await pollUntil(() => !groupAlive(pgid), killGraceMs)) return true;
  signalGroup(pgid, 'SIGKILL');
  return pollUntil(() => !groupAlive(pgid), KILL_WAIT_MS);
}
