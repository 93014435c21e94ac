// Mud98's accept path in quirks mode, as measured on a real Mud98 (Linux loopback, listen backlog 3,
// one accept per 250 ms pulse, non-blocking client connects):
//   - 10 or 50 connects at a 300 ms stagger: all greeted within a pulse;
//   - 20 connects at a 100 ms stagger: 11 greeted at once, the rest 1-3 s later (their SYNs were
//     dropped while the accept queue was full, and the client's kernel retried them), none needed data;
//   - 10 or 50 simultaneous connects: 8 greeted one per pulse, the others only after they sent a byte
//     (their handshakes completed client-side while the queue was full, so the server never saw them).
// The model: an accept queue of QUEUE_MAX served one per pulse. A connection that finds it full waits
// "until data" when it came in the same burst (arrivals < BURST_GAP_MS apart), else it re-tries on the
// client kernel's SYN schedule and joins when it finds room; after the last retry it waits for data.
// Outside quirks mode every connection starts at once.
//
//   socket --> queue (<= QUEUE_MAX) --1 per pulse--> start
//          \-> retrying (SYN schedule) --room--> queue
//          \-> limbo (until the client sends data) --data + room--> queue
//
// Bytes a waiting client sends are kept (up to EARLY_MAX, then dropped and counted) and replayed.

import type { Socket } from 'node:net';

const EARLY_MAX = 8192;
/** Connections the kernel holds for Mud98's accept (a burst of 10 or 50 got exactly 8 greetings). */
export const QUEUE_MAX = 8;
/** Arrivals closer than this are one burst: their handshakes were all in flight together. */
export const BURST_GAP_MS = 10;
/** When a client's kernel re-sends a dropped SYN, in ms after the first (Linux: 1, 3, 7, 15, 31 s). */
export const SYN_RETRY_MS = [1000, 3000, 7000, 15_000, 31_000];

interface Waiting {
  socket: Socket;
  early: Buffer[];
  earlyBytes: number;
  arrivedAt: number;
  /** Index into SYN_RETRY_MS of the next retry (retrying connections only). */
  retry: number;
  /** Sent data while waiting (a limbo connection may then join the queue). */
  woke: boolean;
  onData: (b: Buffer) => void;
}

export interface AcceptGateOptions {
  quirks: boolean;
  start: (s: Socket, early: Buffer[]) => void;
  /** Milliseconds on a monotonic clock. */
  now: () => number;
}

export class AcceptGate {
  private readonly queue: Waiting[] = [];
  private readonly retrying: Waiting[] = [];
  private readonly limbo: Waiting[] = [];
  private readonly opts: AcceptGateOptions;
  private lastArrival = Number.NEGATIVE_INFINITY;
  /** Connections that found the queue full; early bytes dropped over the bound. */
  readonly stats = { stalled: 0, earlyDropped: 0 };

  constructor(opts: AcceptGateOptions) {
    this.opts = opts;
  }

  offer(socket: Socket): void {
    if (!this.opts.quirks) {
      this.opts.start(socket, []);
      return;
    }
    const now = this.opts.now();
    const burst = now - this.lastArrival < BURST_GAP_MS;
    this.lastArrival = now;
    const w: Waiting = {
      socket,
      early: [],
      earlyBytes: 0,
      arrivedAt: now,
      retry: 0,
      woke: false,
      onData: (b: Buffer) => {
        if (w.earlyBytes + b.length <= EARLY_MAX) {
          w.early.push(b);
          w.earlyBytes += b.length;
        } else this.stats.earlyDropped += b.length;
        w.woke = true;
      },
    };
    socket.on('data', w.onData);
    socket.once('close', () => this.forget(w));
    if (this.queue.length < QUEUE_MAX) this.queue.push(w);
    else {
      this.stats.stalled++;
      (burst ? this.limbo : this.retrying).push(w);
    }
  }

  /** Called once per pulse: waiting connections that may join do, then one is started. */
  pulse(): void {
    const now = this.opts.now();
    for (const w of [...this.retrying]) {
      while (w.retry < SYN_RETRY_MS.length && now >= w.arrivedAt + SYN_RETRY_MS[w.retry]) {
        if (this.queue.length < QUEUE_MAX) {
          this.move(w, this.retrying);
          break;
        }
        w.retry++;
      }
      if (w.retry >= SYN_RETRY_MS.length) {
        remove(this.retrying, w);
        this.limbo.push(w);
      }
    }
    for (const w of [...this.retrying, ...this.limbo])
      if (w.woke && this.queue.length < QUEUE_MAX)
        this.move(w, this.retrying.includes(w) ? this.retrying : this.limbo);
    const w = this.queue.shift();
    if (!w || w.socket.destroyed) return;
    w.socket.off('data', w.onData);
    this.opts.start(w.socket, w.early);
  }

  private move(w: Waiting, from: Waiting[]): void {
    remove(from, w);
    this.queue.push(w);
  }

  private forget(w: Waiting): void {
    for (const list of [this.queue, this.retrying, this.limbo]) remove(list, w);
  }

  get waiting(): number {
    return this.queue.length + this.retrying.length + this.limbo.length;
  }

  destroyAll(): void {
    for (const w of [...this.queue, ...this.retrying, ...this.limbo]) w.socket.destroy();
    this.queue.length = 0;
    this.retrying.length = 0;
    this.limbo.length = 0;
  }
}

function remove(list: Waiting[], w: Waiting): void {
  const i = list.indexOf(w);
  if (i >= 0) list.splice(i, 1);
}
