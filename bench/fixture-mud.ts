// The fixture MUD as its own process for benches: start it on a free port (ready when it prints
// server_ready) and stop it (TERM, then KILL after 5 s).
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../mud-fixtures/server.ts', import.meta.url));

/** Start `mud-fixtures/server.ts --port 0 --no-tls --seed 1 ...extra`; resolves with its port. */
export async function startFixtureMud(extra: string[] = []): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [entry, '--port', '0', '--no-tls', '--seed', '1', ...extra], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('fixture MUD not ready in 20 s')), 20_000);
    createInterface({ input: child.stdout! }).on('line', (l) => {
      const m = /"event":"server_ready".*?"port":(\d+)/.exec(l);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', () => reject(new Error('fixture MUD exited before it was ready')));
  });
  return { child, port };
}

/** Stop a fixture MUD: TERM, then KILL after 5 s. */
export async function stopFixtureMud(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(t);
}
