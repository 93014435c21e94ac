// Loopback helpers shared by tests, specs and benches: a TCP echo server, a free port, and the
// first stdout line of a child process. (Each of these stood in three or four files before.)
import type { ChildProcess } from 'node:child_process';
import net from 'node:net';

export interface EchoServer {
  port: number;
  /** Destroys every open connection, then closes the listener. */
  close(): Promise<void>;
}

/**
 * A TCP echo server on 127.0.0.1 and an ephemeral port. `allowHalfOpen`: half-close back when the
 * client half-closes (the echo ends once the client's data has been echoed).
 */
export async function startEcho(options: { allowHalfOpen?: boolean } = {}): Promise<EchoServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer({ allowHalfOpen: options.allowHalfOpen ?? false }, (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    s.pipe(s);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** A TCP port on 127.0.0.1 that was free a moment ago (bound, read, released). */
export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve, reject) => {
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** The first line `p` prints on stdout; rejects when it exits first or prints nothing in `timeoutMs`. */
export function firstLine(p: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const t = setTimeout(() => reject(new Error(`no output within ${timeoutMs} ms`)), timeoutMs);
    p.stdout?.on('data', (d: Buffer) => {
      buf += d.toString();
      const i = buf.indexOf('\n');
      if (i >= 0) {
        clearTimeout(t);
        resolve(buf.slice(0, i));
      }
    });
    p.once('exit', (code) => {
      clearTimeout(t);
      reject(new Error(`exited (${code}) before any output`));
    });
  });
}
