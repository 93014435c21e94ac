// Finds and starts a real toxiproxy-server for tests, when this machine has one: $TOXIPROXY_SERVER_BIN,
// or `toxiproxy-server` on PATH. Nothing is downloaded; without a binary the callers skip visibly.

import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { freePort } from '../../helpers/net.ts';

/** Path of a toxiproxy-server binary, or undefined. */
export function findToxiproxyServer(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [
    env.TOXIPROXY_SERVER_BIN,
    ...(env.PATH ?? '').split(':').map((d) => path.join(d, 'toxiproxy-server')),
  ];
  for (const c of candidates) {
    if (!c) continue;
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {}
  }
  return undefined;
}

/** A running toxiproxy-server on loopback; stop() kills it (TERM then KILL). */
export interface RunningToxiproxy {
  url: string;
  version: string;
  stop(): Promise<void>;
}

/** Start the binary on a free loopback port and wait (polling /version, bounded) until it answers. */
export async function startToxiproxyServer(bin: string): Promise<RunningToxiproxy> {
  const port = await freePort();
  const child: ChildProcess = spawn(bin, ['-host', '127.0.0.1', '-port', String(port)], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(t);
  };
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/version`);
      const body = (await res.json()) as { version: string };
      return { url, version: body.version, stop };
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  await stop();
  throw new Error(`toxiproxy-server (${bin}) did not answer on ${url} within 10 s`);
}
