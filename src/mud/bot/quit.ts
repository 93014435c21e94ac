// Graceful quit: leave the game so the character does not stay behind link-dead. ROM/Mud98 refuses
// `quit` while fighting ("No way! You are fighting.") and holds a command during a wait state until
// later pulses; a socket closed before the quit runs drops it and leaves the character in the game.
// So: flee while fighting (bounded attempts), send `quit`, and wait for the goodbye or the server's
// hang-up, never longer than `withinMs`. The goodbye and the refusal are read by the bot's pattern table
// (events `quit` and `quit-refused`), so another MUD's texts go there, not here.
//
//   fighting? ─► flee (≤ maxFlees) ─► quit ─► "No way! You are fighting." ─► flee + quit again
//                                       └─► goodbye / server hang-up ─► confirmed | deadline ─► unconfirmed

import type { BotEvent } from './bot-events.ts';

/** What the quit needs from a bot. */
export interface QuitPort {
  /** Write one line to the server (throws when the socket is closed). */
  write(line: string): void;
  isOpen(): boolean;
  /** The bot believes it is fighting (its world model's position). */
  fighting(): boolean;
  /** Subscribe to what the bot reads from the server (pattern-table events); returns the unsubscribe. */
  onEvent(cb: (ev: BotEvent) => void): () => void;
  /** Subscribe to the socket closing; returns the unsubscribe function. */
  onClose(cb: () => void): () => void;
  /** Milliseconds, monotonic. */
  now(): number;
}

/** How a quit went. */
export interface QuitOutcome {
  /** goodbye: the server said it; hung-up: the server closed the socket; timeout: neither in time; closed: the socket was closed already. */
  result: 'goodbye' | 'hung-up' | 'timeout' | 'closed';
  /** `flee` commands sent. */
  flees: number;
  /** `quit` commands sent. */
  quits: number;
  durationMs: number;
}

/** Knobs of a quit. */
export interface QuitOptions {
  /** Longest wait for the goodbye, ms. */
  withinMs: number;
  /** Most `flee` attempts while the quit is refused for fighting. Default 5. */
  maxFlees?: number;
}

/** Default wait for the server's goodbye, ms (covers a ROM combat round of 3 s and a short wait state). */
export const DEFAULT_QUIT_TIMEOUT_MS = 4000;

/** Quit the game and wait for the goodbye, bounded by `withinMs`. Never throws. */
export function quitGracefully(port: QuitPort, opts: QuitOptions): Promise<QuitOutcome> {
  const start = port.now();
  const maxFlees = opts.maxFlees ?? 5;
  let flees = 0;
  let quits = 0;
  if (!port.isOpen()) return Promise.resolve({ result: 'closed', flees, quits, durationMs: 0 });
  return new Promise<QuitOutcome>((resolve) => {
    let done = false;
    const finish = (result: QuitOutcome['result']) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      offEvent();
      offClose();
      resolve({ result, flees, quits, durationMs: port.now() - start });
    };
    const send = (line: string): boolean => {
      try {
        port.write(line);
        return true;
      } catch {
        finish('hung-up');
        return false;
      }
    };
    // flee and quit go together: the server runs them on successive pulses in order.
    const attempt = (flee: boolean) => {
      if (flee && flees < maxFlees && send('flee')) flees++;
      if (!done && send('quit')) quits++;
    };
    const timer = setTimeout(() => finish('timeout'), Math.max(0, opts.withinMs));
    const offClose = port.onClose(() => finish('hung-up'));
    const offEvent = port.onEvent((ev) => {
      if (ev.kind === 'quit') finish('goodbye');
      else if (ev.kind === 'quit-refused' && flees < maxFlees) attempt(true);
    });
    attempt(port.fighting());
  });
}
