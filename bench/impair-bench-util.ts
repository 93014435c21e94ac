// Shared helpers of the impair benchmarks: the traffic worker, percentiles, table printing.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

export interface Ports {
  udpGame: number;
  udpEcho: number;
  udpSink: number;
  tcpEcho: number;
  tcpSink: number;
}

export interface Traffic {
  ports: Ports;
  ask<T>(cmd: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

/** Start the traffic worker (servers + generator). */
export async function startTraffic(): Promise<Traffic> {
  const worker = new Worker(new URL('./impair-traffic-worker.ts', import.meta.url));
  const [ports] = (await once(worker, 'message')) as [Ports];
  return {
    ports,
    ask: async <T>(cmd: Record<string, unknown>) => {
      worker.postMessage(cmd);
      const [res] = (await once(worker, 'message')) as [T];
      return res;
    },
    close: async () => {
      worker.postMessage({ op: 'quit' });
      await Promise.race([once(worker, 'exit'), new Promise((r) => setTimeout(r, 2000))]);
      await worker.terminate();
    },
  };
}

/** Percentile (0..100) of a numeric sample (sorted copy). */
export function pct(xs: number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** Fixed-width number. */
export function f(x: number, digits = 3, width = 9): string {
  return (Number.isFinite(x) ? x.toFixed(digits) : 'n/a').padStart(width);
}
