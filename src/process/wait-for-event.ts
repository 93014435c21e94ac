// waitForEvent: resolves with the first event matching `match` (already received ones included unless
// includePast is false); rejects with ERR_PROCESS_EVENT_TIMEOUT, ERR_PROCESS_EXITED_EARLY when the
// process ends first, or the signal's reason on abort. Every path unsubscribes and clears its timer.

import { NetwrightError } from '../errors.ts';
import { ProcessErrorCode } from './codes.ts';
import { describeMatch, toEventPredicate } from './events.ts';
import {
  DEFAULT_WAIT_TIMEOUT_MS,
  type EventMatch,
  type GameEvent,
  type ProcessResult,
  type WaitForEventOptions,
} from './types.ts';

/** What waitForEvent needs from a process. */
export interface EventSource {
  readonly name: string;
  readonly events: readonly GameEvent[];
  readonly exited: Promise<ProcessResult>;
  onEvent(cb: (e: GameEvent) => void): () => void;
  tail(n?: number): string[];
}

export function waitForEvent(
  src: EventSource,
  match: EventMatch,
  opts: WaitForEventOptions = {},
): Promise<GameEvent> {
  const pred = toEventPredicate(match);
  if (opts.includePast !== false) {
    const found = src.events.find(pred);
    if (found) return Promise.resolve(found);
  }
  const timeoutMs = opts.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
  const signal = opts.signal;
  return new Promise<GameEvent>((resolve, reject) => {
    let done = false;
    const settle = (fn: () => void): void => {
      if (done) return;
      done = true;
      unsubscribe();
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const unsubscribe = src.onEvent((e) => {
      if (pred(e)) settle(() => resolve(e));
    });
    const timer = setTimeout(() => {
      const recentEvents = src.events.slice(-20).map((e) => e.event);
      const err = new NetwrightError(
        ProcessErrorCode.EVENT_TIMEOUT,
        `${src.name}: no ${describeMatch(match)} within ${timeoutMs} ms`,
        {
          hint: 'check the event names in the log tail; raise timeoutMs if the machine is just slow',
          details: { name: src.name, timeoutMs, tail: src.tail(30), recentEvents },
        },
      );
      settle(() => reject(err));
    }, timeoutMs);
    const onAbort = (): void => settle(() => reject(signal?.reason));
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    void src.exited.then((res) => {
      if (done) return;
      const err = new NetwrightError(
        ProcessErrorCode.EXITED_EARLY,
        `${src.name} exited (code ${res.exitCode}, signal ${res.signal}) before ${describeMatch(match)}`,
        { details: { name: src.name, exitCode: res.exitCode, signal: res.signal, tail: src.tail(30) } },
      );
      settle(() => reject(err));
    });
  });
}
