// netwright's end of NETWRIGHT_CONTROL: a TCP server on loopback speaking JSON lines both ways.
//
//   game process ──connect──▶ ControlServer (127.0.0.1:port 0)
//        │  {"type":"hello","role":"client","id":"3","pid":4242}\n     first line identifies the process
//        │◀─ {"cmd":"move_to","x":10,"y":20,"seq":7}\n                   commands (seq optional)
//        │── {"type":"ack","seq":7,"ok":true}\n                          replies / events (optional)
//
// One connection per process. Closing a connection tells that process to quit (contract rule).

import { createServer, type Server, type Socket } from 'node:net';
import { NetwrightError } from '../errors.ts';

/** The first line a game process sends on the control socket. */
export interface ControlHello {
  type: 'hello';
  /** `server` or `client` (the TEST_MODE of the process). */
  role: string;
  /** TEST_CLIENT_ID for clients; absent or empty for the server. */
  id?: string | number;
  pid?: number;
  [k: string]: unknown;
}

/** A command sent to a process. `seq` is filled in by `request()`. */
export interface ControlCommand {
  cmd: string;
  seq?: number;
  [k: string]: unknown;
}

/** Any JSON object a process sends after its hello (acks, events, status). */
export type ControlMessage = Record<string, unknown> & { type?: string; seq?: number };

export interface ControlServerOptions {
  host?: string;
  /** Longest accepted line in bytes; longer input closes that connection (policy: disconnect). */
  maxLineBytes?: number;
  /** How long a fresh connection may take to send its hello before it is closed. */
  helloTimeoutMs?: number;
  /** Most messages kept per connection for inspection (policy: drop-oldest, counted). */
  maxKeptMessages?: number;
}

/** Key under which a process is found: `server` or `client-<id>`. */
export function controlKey(role: string, id?: string | number): string {
  if (role === 'server') return 'server';
  return id === undefined || id === '' ? role : `${role}-${id}`;
}

/** One process's control connection. */
export class ControlConnection {
  readonly key: string;
  readonly hello: ControlHello;
  /** Recent messages from the process, oldest first (bounded, drop-oldest). */
  readonly messages: ControlMessage[] = [];
  droppedMessages = 0;
  /** Lines that were not JSON objects (counted, not fatal). */
  malformedLines = 0;
  private readonly socket: Socket;
  private readonly maxKept: number;
  private nextSeq = 1;
  private readonly waiters = new Set<(m: ControlMessage) => boolean>();
  private readonly closeWaiters = new Set<() => void>();
  private closedFlag = false;

  constructor(key: string, hello: ControlHello, socket: Socket, maxKept: number) {
    this.key = key;
    this.hello = hello;
    this.socket = socket;
    this.maxKept = maxKept;
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /** Send one command line; resolves once written. Never throws for a closed socket: returns false. */
  send(command: ControlCommand): Promise<boolean> {
    if (this.closedFlag || this.socket.destroyed) return Promise.resolve(false);
    return new Promise((resolve) => {
      this.socket.write(`${JSON.stringify(command)}\n`, (err) => resolve(!err));
    });
  }

  /** Send a command with a fresh `seq` and wait for `{"type":"ack","seq":...}` from the process. */
  async request(command: ControlCommand, opts: { timeoutMs?: number } = {}): Promise<ControlMessage> {
    const seq = this.nextSeq++;
    const reply = this.waitFor((m) => m.type === 'ack' && m.seq === seq, opts.timeoutMs ?? 5000);
    const sent = await this.send({ ...command, seq });
    if (!sent) {
      throw new NetwrightError('ERR_CONTROL_CLOSED', `control connection ${this.key} is closed`, {
        details: { command },
      });
    }
    const ack = await reply;
    if (ack.ok === false) {
      throw new NetwrightError(
        'ERR_CONTROL_REJECTED',
        `${this.key} rejected ${command.cmd}: ${String(ack.error ?? 'no reason')}`,
        { details: { command, ack } },
      );
    }
    return ack;
  }

  /** The process's own counters: the `stats` control command's ack field (empty when it sends none). */
  async stats(timeoutMs = 5000): Promise<Record<string, unknown>> {
    const ack = await this.request({ cmd: 'stats' }, { timeoutMs });
    return (ack.stats as Record<string, unknown> | undefined) ?? {};
  }

  /** Wait for a message matching `match` (only messages arriving after the call). */
  waitFor(match: (m: ControlMessage) => boolean, timeoutMs = 5000): Promise<ControlMessage> {
    return new Promise((resolve, reject) => {
      if (this.closedFlag) {
        reject(new NetwrightError('ERR_CONTROL_CLOSED', `control connection ${this.key} is closed`));
        return;
      }
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        this.closeWaiters.delete(onClose);
      };
      const waiter = (m: ControlMessage): boolean => {
        if (!match(m)) return false;
        done();
        resolve(m);
        return true;
      };
      const onClose = (): void => {
        done();
        reject(
          new NetwrightError('ERR_CONTROL_CLOSED', `control connection ${this.key} closed while waiting`),
        );
      };
      const timer = setTimeout(() => {
        done();
        reject(
          new NetwrightError(
            'ERR_CONTROL_TIMEOUT',
            `no matching reply from ${this.key} within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      this.waiters.add(waiter);
      this.closeWaiters.add(onClose);
    });
  }

  /** Close the connection (the process should quit). Resolves when the socket is closed. */
  close(): Promise<void> {
    if (this.socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.end();
      setTimeout(() => this.socket.destroy(), 1000).unref();
    });
  }

  /** @internal */
  deliver(m: ControlMessage): void {
    this.messages.push(m);
    if (this.messages.length > this.maxKept) {
      this.messages.shift();
      this.droppedMessages++;
    }
    for (const w of [...this.waiters]) w(m);
  }

  /** @internal */
  markClosed(): void {
    this.closedFlag = true;
    for (const c of [...this.closeWaiters]) c();
  }
}

type Pending = { resolve: (c: ControlConnection) => void; reject: (e: Error) => void };

/** Accepts control connections from game processes and finds them by key. */
export class ControlServer {
  private server: Server | undefined;
  private readonly connections = new Map<string, ControlConnection>();
  private readonly pending = new Map<string, Set<Pending>>();
  private readonly sockets = new Set<Socket>();
  private readonly opts: Required<ControlServerOptions>;
  /** Connections closed for protocol violations (bad hello, oversized line, hello timeout). */
  readonly rejected: { reason: string; line?: string }[] = [];
  private addressInfo: { host: string; port: number } | undefined;

  constructor(opts: ControlServerOptions = {}) {
    this.opts = {
      host: opts.host ?? '127.0.0.1',
      maxLineBytes: opts.maxLineBytes ?? 64 * 1024,
      helloTimeoutMs: opts.helloTimeoutMs ?? 10_000,
      maxKeptMessages: opts.maxKeptMessages ?? 256,
    };
  }

  /** Start listening on an ephemeral loopback port. */
  async listen(): Promise<{ host: string; port: number }> {
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, this.opts.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const addr = server.address();
    if (addr === null || typeof addr === 'string') throw new Error('control server has no TCP address');
    this.addressInfo = { host: this.opts.host, port: addr.port };
    return this.addressInfo;
  }

  /** `host:port` for the NETWRIGHT_CONTROL variable. */
  get endpoint(): string {
    if (!this.addressInfo) throw new Error('ControlServer.listen() has not completed');
    return `${this.addressInfo.host}:${this.addressInfo.port}`;
  }

  /** The live connection for `key`, if any. */
  get(key: string): ControlConnection | undefined {
    const c = this.connections.get(key);
    return c && !c.closed ? c : undefined;
  }

  /** Wait until the process identified by `key` has said hello. */
  waitForConnection(
    key: string,
    opts: { timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<ControlConnection> {
    const live = this.get(key);
    if (live) return Promise.resolve(live);
    const timeoutMs = opts.timeoutMs ?? 15_000;
    return new Promise((resolve, reject) => {
      let set = this.pending.get(key);
      if (!set) {
        set = new Set();
        this.pending.set(key, set);
      }
      const cleanup = (): void => {
        clearTimeout(timer);
        set.delete(entry);
        opts.signal?.removeEventListener('abort', onAbort);
      };
      const entry: Pending = {
        resolve: (c) => {
          cleanup();
          resolve(c);
        },
        reject: (e) => {
          cleanup();
          reject(e);
        },
      };
      const onAbort = (): void =>
        entry.reject(
          new NetwrightError('ERR_ABORTED', `aborted while waiting for control hello from ${key}`),
        );
      const timer = setTimeout(
        () =>
          entry.reject(
            new NetwrightError('ERR_CONTROL_TIMEOUT', `no control hello from ${key} within ${timeoutMs} ms`, {
              hint: 'the process must connect to NETWRIGHT_CONTROL and send {"type":"hello","role":...,"id":...}',
              details: { key, connected: [...this.connections.keys()] },
            }),
          ),
        timeoutMs,
      );
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      set.add(entry);
    });
  }

  /** Close every connection and the listener. Never throws. */
  async close(): Promise<void> {
    for (const set of this.pending.values()) {
      for (const p of [...set]) p.reject(new NetwrightError('ERR_CONTROL_CLOSED', 'control server closed'));
    }
    await Promise.all([...this.connections.values()].map((c) => c.close().catch(() => {})));
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    socket.setEncoding('utf8');
    let buffer = '';
    let conn: ControlConnection | undefined;
    const helloTimer = setTimeout(() => this.reject(socket, 'hello timeout'), this.opts.helloTimeoutMs);
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let nl = buffer.indexOf('\n');
      while (nl >= 0) {
        const line = buffer.slice(0, nl).replace(/\r$/, '');
        buffer = buffer.slice(nl + 1);
        if (line.trim() !== '') {
          if (!conn) {
            conn = this.onHello(socket, line);
            if (conn) clearTimeout(helloTimer);
            else return;
          } else {
            const msg = parseObject(line);
            if (msg) conn.deliver(msg);
            else conn.malformedLines++;
          }
        }
        nl = buffer.indexOf('\n');
      }
      if (Buffer.byteLength(buffer) > this.opts.maxLineBytes) {
        this.reject(socket, `line longer than ${this.opts.maxLineBytes} bytes`);
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(helloTimer);
      this.sockets.delete(socket);
      if (conn) {
        conn.markClosed();
        if (this.connections.get(conn.key) === conn) this.connections.delete(conn.key);
      }
    });
  }

  private onHello(socket: Socket, line: string): ControlConnection | undefined {
    const msg = parseObject(line);
    const role =
      msg && (typeof msg.role === 'string' ? msg.role : typeof msg.mode === 'string' ? msg.mode : '');
    if (msg?.type !== 'hello' || !role) {
      this.reject(socket, 'first line is not a hello', line.slice(0, 200));
      return undefined;
    }
    const rawId = msg.id ?? msg.client_id;
    const id = typeof rawId === 'string' || typeof rawId === 'number' ? rawId : undefined;
    const key = controlKey(role, id);
    const hello = { ...msg, type: 'hello', role, id } as ControlHello;
    const conn = new ControlConnection(key, hello, socket, this.opts.maxKeptMessages);
    const previous = this.connections.get(key);
    if (previous && !previous.closed) void previous.close();
    this.connections.set(key, conn);
    const waiting = this.pending.get(key);
    if (waiting) for (const p of [...waiting]) p.resolve(conn);
    return conn;
  }

  private reject(socket: Socket, reason: string, line?: string): void {
    if (this.rejected.length < 100) this.rejected.push({ reason, line });
    socket.destroy();
  }
}

function parseObject(line: string): ControlMessage | undefined {
  try {
    const v: unknown = JSON.parse(line);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as ControlMessage) : undefined;
  } catch {
    return undefined;
  }
}
