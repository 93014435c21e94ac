// runSwarm: one call that runs a whole swarm (or one shard of it) to its end: in this thread, or
// split over `workers` tinypool threads whose snapshots are merged; with a /metrics server when
// asked. Resolves with one result shape whether the run ended by time, by abort or with a fault.
//
//   runSwarm ─┬─ workers 1: MudSwarm(part = shard)
//             └─ workers k: tinypool ─ worker i: MudSwarm(part = shard ∘ worker i) ─ port: snapshots, faults
//   latest snapshot per part ─ mergeSnapshots ─ onProgress, /metrics, result
import { MessageChannel } from 'node:worker_threads';
import Tinypool from 'tinypool';
import { NetwrightError } from '../../errors.ts';
import { siblingModule } from '../../util/module-path.ts';
import { mergeSnapshots } from './merge.ts';
import { MudSwarm } from './mud-swarm.ts';
import { type MetricsServer, serveMetrics } from './prometheus.ts';
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
  const pool = new Tinypool({
    filename: control.workerModule ?? siblingModule(import.meta.url, './worker'),
    minThreads: k,
    maxThreads: k,
    isolateWorkers: true,
  });
  const channels = Array.from({ length: k }, () => new MessageChannel());
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
          if (m.type === 'progress') {
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
        pool
          .run(
            { options, part: workerPart(shard, w, k), port: c.port2 },
            { transferList: [c.port2] as never },
          )
          .catch((err: unknown) => {
            throw workerError(w, k, String((err as Error)?.message ?? err), err);
          }),
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
        control.signal?.removeEventListener('abort', stopAll);
        for (const c of channels) c.port1.close();
        await pool.destroy();
      }
    },
  );
}

/** ERR_MUD_SWARM_WORKER: worker `w` of `k` failed (its part threw). */
function workerError(w: number, k: number, why: string, cause?: unknown): NetwrightError {
  return new NetwrightError('ERR_MUD_SWARM_WORKER', `runSwarm: worker ${w + 1} of ${k} failed: ${why}`, {
    hint: 'run with workers: 1 to see the failure in this thread',
    cause,
  });
}
