// A set of processes and other disposers with one lifetime: stopAll() tears them down in reverse
// order of creation, keeps going past errors, bounds every step, and never throws.

import { spawnProcess } from './spawn.ts';
import type { ManagedProcess, ProcessResult, SpawnOptions } from './types.ts';
import { settlesWithin } from './wait.ts';

export interface ProcessGroupOptions {
  /** Used for spawned processes that do not set their own logDir. */
  logDir?: string;
  /** Upper bound for each non-process disposer (ms). Default 10000. */
  disposerTimeoutMs?: number;
}

type Entry = { kind: 'process'; proc: ManagedProcess } | { kind: 'disposer'; dispose: () => unknown };

export class ProcessGroup {
  private readonly entries: Entry[] = [];
  /** Results of spawns that failed (already stopped); reported by stopAll too. */
  private readonly failedSpawns: ProcessResult[] = [];
  private readonly opts: ProcessGroupOptions;
  /** Errors thrown by disposers during stopAll (kept, never rethrown). */
  readonly disposerErrors: unknown[] = [];

  constructor(opts: ProcessGroupOptions = {}) {
    this.opts = opts;
  }

  /** Spawns through spawnProcess and adds the process to the group; rejects like spawnProcess. */
  async spawn(opts: SpawnOptions): Promise<ManagedProcess> {
    try {
      const proc = await spawnProcess({ ...opts, logDir: opts.logDir ?? this.opts.logDir });
      this.entries.push({ kind: 'process', proc });
      return proc;
    } catch (err) {
      const result = (err as { details?: { result?: ProcessResult } }).details?.result;
      if (result) this.failedSpawns.push(result);
      throw err;
    }
  }

  /** Registers any cleanup (close a proxy, a socket); it runs in reverse order with the processes. */
  add(disposer: () => unknown): void {
    this.entries.push({ kind: 'disposer', dispose: disposer });
  }

  /** The processes currently in the group, in creation order. */
  get processes(): ManagedProcess[] {
    return this.entries.flatMap((e) => (e.kind === 'process' ? [e.proc] : []));
  }

  /** Stops everything in reverse order. Results of processes (and failed spawns) in creation order. */
  async stopAll(): Promise<ProcessResult[]> {
    const results: ProcessResult[] = [];
    const entries = this.entries.splice(0).reverse();
    for (const entry of entries) {
      if (entry.kind === 'process') {
        results.unshift(await entry.proc.stop());
        continue;
      }
      const run = Promise.resolve().then(entry.dispose);
      run.catch((err) => this.disposerErrors.push(err));
      await settlesWithin(run, this.opts.disposerTimeoutMs ?? 10_000);
    }
    return [...this.failedSpawns.splice(0), ...results];
  }
}
