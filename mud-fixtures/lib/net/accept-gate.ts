// Mud98's accept path in quirks mode: one new connection per pulse, listen backlog of 3. Connections
// past the backlog stay un-greeted until they send data (what a storm of raw connects sees).
// Outside quirks mode every connection starts at once.
//
//   socket --> [limbo: over backlog, waits for client data] --> pending (<= backlog) --1/pulse--> start
//
// Bytes a waiting client sends are kept (up to EARLY_MAX, then dropped and counted) and replayed.

import type { Socket } from 'node:net';

const EARLY_MAX = 8192;

interface Waiting {
  socket: Socket;
  early: Buffer[];
  earlyBytes: number;
  onData: (b: Buffer) => void;
}

export class AcceptGate {
  private readonly pending: Waiting[] = [];
  private readonly limbo = new Set<Waiting>();
  readonly quirks: boolean;
  readonly backlog: number;
  private readonly start: (s: Socket, early: Buffer[]) => void;
  /** Connections that had to wait in limbo; early bytes dropped over the bound. */
  readonly stats = { stalled: 0, earlyDropped: 0 };

  constructor(opts: { quirks: boolean; backlog: number; start: (s: Socket, early: Buffer[]) => void }) {
    this.quirks = opts.quirks;
    this.backlog = opts.backlog;
    this.start = opts.start;
  }

  offer(socket: Socket): void {
    if (!this.quirks) {
      this.start(socket, []);
      return;
    }
    const w: Waiting = {
      socket,
      early: [],
      earlyBytes: 0,
      onData: (b: Buffer) => {
        if (w.earlyBytes + b.length <= EARLY_MAX) {
          w.early.push(b);
          w.earlyBytes += b.length;
        } else this.stats.earlyDropped += b.length;
        if (this.limbo.delete(w)) this.pending.push(w);
      },
    };
    socket.on('data', w.onData);
    socket.once('close', () => this.forget(w));
    if (this.pending.length < this.backlog) this.pending.push(w);
    else {
      this.stats.stalled++;
      this.limbo.add(w);
    }
  }

  /** Called once per pulse: start one waiting connection. */
  pulse(): void {
    const w = this.pending.shift();
    if (!w || w.socket.destroyed) return;
    w.socket.off('data', w.onData);
    this.start(w.socket, w.early);
  }

  private forget(w: Waiting): void {
    const i = this.pending.indexOf(w);
    if (i >= 0) this.pending.splice(i, 1);
    this.limbo.delete(w);
  }

  get waiting(): number {
    return this.pending.length + this.limbo.size;
  }

  destroyAll(): void {
    for (const w of [...this.pending, ...this.limbo]) w.socket.destroy();
    this.pending.length = 0;
    this.limbo.clear();
  }
}
