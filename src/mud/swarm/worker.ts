// A tinypool worker thread's part of a swarm: runs a MudSwarm over its part of the population and
// talks to the coordinating thread over a MessagePort (its thread id, snapshots, faults and 'end' out,
// 'stop' in). A port that closes without 'end' tells the coordinator the thread died.
import { type MessagePort, threadId } from 'node:worker_threads';
import { MudSwarm } from './mud-swarm.ts';
import type { SwarmOptions, SwarmResult, SwarmShard } from './types.ts';

/** What the coordinating thread sends a worker (structured-clone safe). */
export interface SwarmWorkerTask {
  options: SwarmOptions;
  part: SwarmShard;
  port: MessagePort;
}

/**
 * Messages a worker posts: its thread id (first), its latest snapshot, a fault, and 'end' (last: its
 * task settles through tinypool, with a result or an error).
 */
export type SwarmWorkerMessage =
  | { type: 'hello'; threadId: number }
  | { type: 'progress'; snapshot: ReturnType<MudSwarm['snapshot']> }
  | { type: 'fault'; fault: NonNullable<SwarmResult['fault']> }
  | { type: 'end' };

/** Tinypool entry: play this part until the run ends or the coordinator says stop. */
export default async function runSwarmPart(task: SwarmWorkerTask): Promise<SwarmResult> {
  const post = (m: SwarmWorkerMessage) => task.port.postMessage(m);
  post({ type: 'hello', threadId });
  try {
    const swarm = new MudSwarm({ ...task.options, workers: 1, metricsPort: undefined }, { part: task.part });
    swarm.on('progress', (snapshot) => post({ type: 'progress', snapshot }));
    swarm.on('fault', (fault) => post({ type: 'fault', fault }));
    task.port.on('message', (m: { type?: string }) => {
      if (m.type === 'stop') void swarm.stop('aborted');
    });
    swarm.start();
    return await swarm.done;
  } finally {
    post({ type: 'end' });
    task.port.close();
  }
}
