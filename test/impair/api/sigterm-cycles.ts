// Start / traffic / SIGTERM cycles of a real `netwright proxy` child process, shared by the test (a few
// cycles) and bench/impair-proxy-sigterm.ts (100). Each cycle: start the proxy (a TCP link, or the API
// with one proxy), open `connections` connections through it to an echo server, each writing
// `bytes` and half-closing (so the proxy has half-closes in flight, the state that used to leave it
// spinning in Node's exit cleanup), then SIGTERM and time the exit. A proxy still alive after
// `deadlineMs` is SIGKILLed and counted as hung.

import { spawn } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../bin/netwright.mjs', import.meta.url));

/** One cycle's outcome: exit code/signal and ms from SIGTERM to exit, or hung. */
export interface CycleResult {
  mode: 'link' | 'api';
  exitMs: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  hung: boolean;
  /** Last lines the proxy printed (for the failure message). */
  tail: string;
}

export interface CycleOptions {
  mode: 'link' | 'api';
  connections?: number;
  bytes?: number;
  deadlineMs?: number;
}

async function waitFor(text: () => string, re: RegExp, ms: number): Promise<RegExpExecArray> {
  const deadline = Date.now() + ms;
  for (;;) {
    const m = re.exec(text());
    if (m) return m;
    if (Date.now() > deadline) throw new Error(`proxy did not print ${re} within ${ms} ms:\n${text()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Run one cycle against the echo server on `echoPort`. */
export async function sigtermCycle(echoPort: number, opts: CycleOptions): Promise<CycleResult> {
  const { mode, connections = 6, bytes = 200_000, deadlineMs = 2000 } = opts;
  const args =
    mode === 'api'
      ? ['proxy', '--api', '127.0.0.1:0', '--quiet']
      : ['proxy', '--listen', '127.0.0.1:0', '--upstream', `127.0.0.1:${echoPort}`, '--stats-interval', '0'];
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.once('exit', (code, signal) => resolve([code, signal])),
  );
  const clients: net.Socket[] = [];
  try {
    let port: number;
    if (mode === 'api') {
      const url = (await waitFor(() => out, /API on (http:\/\/\S+)/, 20_000))[1];
      const res = await fetch(`${url}/proxies`, {
        method: 'POST',
        body: JSON.stringify({ name: 'p', listen: '127.0.0.1:0', upstream: `127.0.0.1:${echoPort}` }),
      });
      port = Number(((await res.json()) as { listen: string }).listen.split(':').at(-1));
    } else {
      port = Number((await waitFor(() => out, /tcp 127\.0\.0\.1:(\d+) ->/, 20_000))[1]);
    }
    for (let i = 0; i < connections; i++) {
      const c = net.connect({ host: '127.0.0.1', port, allowHalfOpen: true });
      c.on('error', () => undefined);
      c.resume();
      await new Promise<void>((r) => c.once('connect', () => r()));
      c.write(Buffer.alloc(bytes + i * 1024, i));
      c.end();
      clients.push(c);
    }
    await new Promise((r) => setTimeout(r, 10));
    const t0 = performance.now();
    child.kill('SIGTERM');
    const timer = new Promise<'hung'>((r) => setTimeout(() => r('hung'), deadlineMs));
    const res = await Promise.race([exited, timer]);
    const tail = out.trim().split('\n').slice(-3).join(' | ');
    if (res === 'hung') return { mode, exitMs: deadlineMs, code: null, signal: null, hung: true, tail };
    return { mode, exitMs: performance.now() - t0, code: res[0], signal: res[1], hung: false, tail };
  } finally {
    for (const c of clients) c.destroy();
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  }
}
