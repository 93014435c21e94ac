// Waits until a process is ready according to its Readiness: an event, a log line, a TCP port that
// accepts, a UDP port that is bound, or nothing. Rejects with ERR_PROCESS_NOT_READY (with the log
// tail) on timeout. Early exit, fatal output and wall clock are raced against this by spawn.ts.

import { NetwrightError } from '../errors.ts';
import { ProcessErrorCode } from './codes.ts';
import { describeMatch, toEventPredicate } from './events.ts';
import { tcpReady, udpBound } from './port-probe.ts';
import { DEFAULT_READY_TIMEOUT_MS, type GameEvent, type Readiness } from './types.ts';
import { sleep } from './wait.ts';

/** What readiness needs from the process being watched. */
export interface ReadinessSource {
  name: string;
  events: readonly GameEvent[];
  onEvent(cb: (e: GameEvent) => void): () => void;
  onLine(cb: (line: string, stream: 'stdout' | 'stderr') => void): () => void;
  tail(n?: number): string[];
}

const POLL_MS = 50;

export function describeReadiness(r: Readiness): string {
  switch (r.kind) {
    case 'event':
      return describeMatch(r.match);
    case 'log':
      return `log line matching ${r.pattern}${r.stream && r.stream !== 'both' ? ` on ${r.stream}` : ''}`;
    case 'tcp':
      return `TCP ${r.host ?? '127.0.0.1'}:${r.port} accepting`;
    case 'udp':
      return `UDP port ${r.port} bound`;
    case 'none':
      return 'nothing';
  }
}

/** Resolves when ready; rejects ERR_PROCESS_NOT_READY on timeout. `stop` ends the wait silently. */
export async function waitReady(r: Readiness, src: ReadinessSource, stop: AbortSignal): Promise<void> {
  if (r.kind === 'none') return;
  const timeoutMs = r.timeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
  const started = performance.now();
  let settled = false;
  let cleanup: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    if (r.kind === 'event') {
      const pred = toEventPredicate(r.match);
      if (src.events.some(pred)) return resolve();
      cleanup = src.onEvent((e) => {
        if (pred(e)) resolve();
      });
    } else if (r.kind === 'log') {
      const want = r.stream ?? 'both';
      cleanup = src.onLine((line, stream) => {
        if (want !== 'both' && want !== stream) return;
        r.pattern.lastIndex = 0; // a /g or /y pattern must not remember the previous line
        if (r.pattern.test(line)) resolve();
      });
    } else {
      const host = r.host ?? '127.0.0.1';
      const probe = r.kind === 'tcp' ? () => tcpReady(host, r.port, r.probe) : () => udpBound(host, r.port);
      void (async () => {
        while (!settled && !stop.aborted && performance.now() - started < timeoutMs) {
          if (await probe()) return resolve();
          await sleep(POLL_MS);
        }
      })();
    }
  });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const tail = src.tail(30);
      reject(
        new NetwrightError(
          ProcessErrorCode.NOT_READY,
          `${src.name} not ready after ${timeoutMs} ms: waited for ${describeReadiness(r)}`,
          {
            hint: 'check the log tail below; raise readiness.timeoutMs if the machine is just slow',
            details: { name: src.name, readiness: describeReadiness(r), timeoutMs, tail },
          },
        ),
      );
    }, timeoutMs);
  });
  const stopped = new Promise<void>((resolve) => {
    if (stop.aborted) resolve();
    stop.addEventListener('abort', () => resolve(), { once: true });
  });
  try {
    await Promise.race([ready, timedOut, stopped]);
  } finally {
    settled = true;
    clearTimeout(timer);
    cleanup();
  }
}
