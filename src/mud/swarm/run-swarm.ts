// runSwarm: one call that runs a whole swarm (or one shard of it) to its end: in this thread, or
// split over `workers` tinypool threads whose snapshots are merged; with a /metrics server when
// asked. Resolves with one result shape whether the run ended by time, by abort or with a fault.
//
//   runSwarm ─┬─ workers 1: MudSwarm(part = shard)
//             └─ workers k: tinypool ─ worker i: MudSwarm(part = shard ∘ worker i) ─ port: snapshots, faults
//   latest snapshot per part ─ mergeSnapshots ─ onProgress, /metrics, result
// A worker's task ends through tinypool (result, or the error its part threw) or, when its thread
// exits (process.exit(), killed), by its port closing without 'end': tinypool never settles that task.
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import Tinypool from 'tinypool';
import { NetwrightError } from '../../errors.ts';
import { siblingModule } from '../../util/module-path.ts';
import { mergeSnapshots } from './merge.ts';
import { MudSwarm } from './mud-swarm.ts';
import { type MetricsServer, serveMetrics } from './prometheus.ts';
import { ThreadExits } from './thread-exits.ts';
import type {
  RunSwarmControl,
  SwarmFault,
  SwarmOptions,
  SwarmResult,
  SwarmShard,
  SwarmSnapshot,
} from './types.ts';
import { validateSwarmOptions } from './validate.ts';
import type { SwarmWorkerMessage } from './worker.ts';

/** Longest wait for the other workers to stop after one failed, ms. */
const WORKER_STOP_MS = 10_000;
/** Longest wait for a dead worker thread's exit code after its port closed, ms. */
const EXIT_CODE_WAIT_MS = 1000;
/** Longest wait for the pool's threads to exit when it is destroyed, ms. */
const POOL_DESTROY_MS = 10_000;

/** Part `w` of `k` workers inside shard `shard`: every (count*k)-th bot of the population. */
export function workerPart(shard: SwarmShard, w: number, k: number): SwarmShard {
  return { index: shard.index + shard.count * w, count: shard.count * k };
}

/** Run a swarm to its end; see the file comment. A fault is in `result.fault` (see swarmFaultError). */
export async function runSwarm(options: SwarmOptions, control: RunSwarmControl = {}): Promise<SwarmResult> {
  validateSwarmOptions(options);
  const shard = options.shard ?? { index: 0, count: 1 };
  const workers = Math.min(options.workers ?? 1, Math.ceil((options.bots - shard.index) / shard.count));
  return workers <= 1 ? runHere(options, shard, control) : runOnWorkers(options, shard, workers, control);
}

async function withMetrics<T>(
  options: SwarmOptions,
  snapshot: () => SwarmSnapshot,
  run: () => Promise<T>,
): Promise<T> {
  let server: MetricsServer | undefined;
  if (options.metricsPort !== undefined)
    server = await serveMetrics({ host: options.metricsHost, port: options.metricsPort, snapshot });
  try {
    return await run();
  } finally {
    await server?.close();
  }
}

async function runHere(
  options: SwarmOptions,
  part: SwarmShard,
  control: RunSwarmControl,
): Promise<SwarmResult> {
  const swarm = new MudSwarm(options, { part });
  if (control.onProgress) swarm.on('progress', control.onProgress);
  if (control.onFault) swarm.on('fault', control.onFault);
  return withMetrics(
    options,
    () => swarm.snapshot(),
    async () => {
      const onAbort = () => void swarm.stop('aborted');
      if (control.signal?.aborted) onAbort();
      control.signal?.addEventListener('abort', onAbort, { once: true });
      swarm.start();
      try {
        return await swarm.done;
      } finally {
        control.signal?.removeEventListener('abort', onAbort);
      }
    },
  );
}

async function runOnWorkers(
  options: SwarmOptions,
  shard: SwarmShard,
  k: number,
  control: RunSwarmControl,
): Promise<SwarmResult> {
  const latest: (SwarmSnapshot | undefined)[] = new Array(k).fill(undefined);
  const merged = (): SwarmSnapshot | undefined => {
    const have = latest.filter((s): s is SwarmSnapshot => s !== undefined);
    return have.length ? mergeSnapshots(have) : undefined;
  };
  const empty = new MudSwarm({ ...options, bots: 1 }, { part: shard }).snapshot();
  // One task per thread, then the pool goes: no isolation, which would start a fresh thread after
  // each task (and, once a thread died, k fresh ones after destroy() that nobody ends).
  const pool = new Tinypool({
    filename: control.workerModule ?? siblingModule(import.meta.url, './worker'),
    minThreads: k,
    maxThreads: k,
    isolateWorkers: false,
    resourceLimits: control.workerResourceLimits,
  });
  const exits = new ThreadExits().watch(pool.threads);
  const channels = Array.from({ length: k }, () => new MessageChannel());
  const threadIds: (number | undefined)[] = new Array(k).fill(undefined);
  const ended: boolean[] = new Array(k).fill(false);
  let settled = false;
  let fault: SwarmFault | undefined;
  const stopAll = () => {
    for (const c of channels) c.port1.postMessage({ type: 'stop' });
  };
  const started = Date.now();
  return withMetrics(
    options,
    () => merged() ?? empty,
    async () => {
      channels.forEach((c, w) => {
        c.port1.on('message', (m: SwarmWorkerMessage) => {
          if (m.type === 'hello') threadIds[w] = m.threadId;
          else if (m.type === 'end') ended[w] = true;
          else if (m.type === 'progress') {
            latest[w] = m.snapshot;
            if (w === 0) control.onProgress?.(merged()!);
          } else if (!fault) {
            fault = m.fault;
            control.onFault?.(m.fault);
            if (options.failOnFault !== false) stopAll();
          }
        });
      });
      if (control.signal?.aborted) stopAll();
      control.signal?.addEventListener('abort', stopAll, { once: true });
      const tasks = channels.map((c, w) =>
        Promise.race([
          pool
            .run(
              { options, part: workerPart(shard, w, k), port: c.port2 },
              { transferList: [c.port2] as never },
            )
            .catch((err: unknown) => {
              if ((err as { code?: unknown })?.code === 'ERR_WORKER_OUT_OF_MEMORY')
                throw workerError(
                  w,
                  k,
                  'its thread ran out of memory (ERR_WORKER_OUT_OF_MEMORY)',
                  err,
                  OOM_HINT,
                );
              throw workerError(w, k, String((err as Error)?.message ?? err), err);
            }),
          threadDied(c.port1, w),
        ]),
      );
      try {
        const results: SwarmResult[] = await Promise.all(tasks);
        const snapshot = mergeSnapshots(results.map((r) => r.snapshot));
        const reason: SwarmResult['reason'] = results.some((r) => r.reason === 'fault')
          ? 'fault'
          : control.signal?.aborted
            ? 'aborted'
            : 'time';
        const result: SwarmResult = {
          reason,
          durationMs: Date.now() - started,
          seed: snapshot.seed,
          snapshot,
        };
        if (snapshot.fault) result.fault = snapshot.fault;
        return result;
      } catch (err) {
        // The other workers stop gracefully (their bots quit) before the pool goes, bounded in time.
        stopAll();
        await Promise.race([
          Promise.allSettled(tasks),
          new Promise((r) => setTimeout(r, WORKER_STOP_MS).unref()),
        ]);
        throw err;
      } finally {
        settled = true;
        control.signal?.removeEventListener('abort', stopAll);
        for (const c of channels) c.port1.close();
        // A thread that died never emits the 'exit' pool.destroy() waits for: wait for the threads instead.
        const threads = pool.threads;
        await Promise.race([pool.destroy(), exits.allGone(threads, POOL_DESTROY_MS)]);
      }
    },
  );

  /** Rejects when worker `w`'s port closes before its 'end': its thread is gone (never resolves). */
  function threadDied(port: MessagePort, w: number): Promise<never> {
    return new Promise((_, reject) => {
      port.once('close', () => {
        if (ended[w] || settled) return;
        void exits.code(threadIds[w], EXIT_CODE_WAIT_MS).then((code) => {
          const why =
            threadIds[w] === undefined
              ? 'its thread exited before its part started'
              : `its thread exited${code === undefined ? '' : ` with code ${code}`} after its part started`;
          reject(workerError(w, k, why, undefined, THREAD_EXIT_HINT));
        });
      });
    });
  }
}

/** Hint of a worker whose thread exited. */
const THREAD_EXIT_HINT =
  'a worker thread ends like this when code in it calls process.exit(), runs out of memory or is terminated; its stderr shows its last words. Run with workers: 1 to reproduce it in this thread';

/** Hint of a worker whose thread ran out of memory. */
const OOM_HINT =
  "the worker thread hit its heap limit (workerResourceLimits, else Node's default): give it fewer bots per worker (more workers), raise the limit, or keep less per bot (transcriptBytes, connection.maxJournal)";

/** ERR_MUD_SWARM_WORKER: worker `w` of `k` failed (its part threw, or its thread exited). */
function workerError(w: number, k: number, why: string, cause?: unknown, hint?: string): NetwrightError {
  return new NetwrightError('ERR_MUD_SWARM_WORKER', `runSwarm: worker ${w + 1} of ${k} failed: ${why}`, {
    hint: hint ?? 'run with workers: 1 to see the failure in this thread',
    cause,
  });
}
