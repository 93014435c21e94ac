// A tinypool worker thread's part of a swarm: runs a MudSwarm over its part of the population and
// talks to the coordinating thread over a MessagePort (snapshots and faults out, 'stop' in).
import type { MessagePort } from 'node:worker_threads';
import { MudSwarm } from './mud-swarm.ts';
import type { SwarmOptions, SwarmResult, SwarmShard } from './types.ts';

/** What the coordinating thread sends a worker (structured-clone safe). */
export interface SwarmWorkerTask {
  options: SwarmOptions;
  part: SwarmShard;
  port: MessagePort;
}

/** Messages a worker posts: its latest snapshot, a fault, its result. */
export type SwarmWorkerMessage =
  | { type: 'progress'; snapshot: ReturnType<MudSwarm['snapshot']> }
  | { type: 'fault'; fault: NonNullable<SwarmResult['fault']> };

/** Tinypool entry: play this part until the run ends or the coordinator says stop. */
export default async function runSwarmPart(task: SwarmWorkerTask): Promise<SwarmResult> {
  const swarm = new MudSwarm({ ...task.options, workers: 1, metricsPort: undefined }, { part: task.part });
  const post = (m: SwarmWorkerMessage) => task.port.postMessage(m);
  swarm.on('progress', (snapshot) => post({ type: 'progress', snapshot }));
  swarm.on('fault', (fault) => post({ type: 'fault', fault }));
  task.port.on('message', (m: { type?: string }) => {
    if (m.type === 'stop') void swarm.stop('aborted');
  });
  swarm.start();
  try {
    return await swarm.done;
  } finally {
    task.port.close();
  }
}
