// The bundled game binds loopback only: the server and every client socket (issue #11 item 12: Godot
// clients bound 0.0.0.0). Reads each process's UDP sockets from /proc. Skipped without Godot/Linux.
import { mkdtempSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GameSession } from '../../src/game/game-session.ts';
import { findGodot, type GodotBinary, godotLauncher } from '../../src/game/godot.ts';
import { packageRoot } from '../../src/util/module-path.ts';

let binary: GodotBinary | undefined;
try {
  binary = findGodot();
} catch {
  binary = undefined;
}

/** Local addresses (ip:port) of the UDP sockets `pid` holds, from /proc/<pid>/fd and /proc/net/udp{,6}. */
function udpSocketsOf(pid: number): string[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]);
    } catch {}
  }
  const out: string[] = [];
  for (const table of ['/proc/net/udp', '/proc/net/udp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || !inodes.has(f[9])) continue;
      const [hex, port] = f[1].split(':');
      const ip =
        hex.length === 8
          ? [3, 2, 1, 0].map((i) => Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16)).join('.')
          : `[${hex}]`;
      out.push(`${ip}:${Number.parseInt(port, 16)}`);
    }
  }
  return out;
}

let session: GameSession | undefined;
afterEach(async () => {
  await session?.stop();
  session = undefined;
});

describe.skipIf(!binary || process.platform !== 'linux')('bundled game sockets', () => {
  it('the server and its clients bind UDP on 127.0.0.1 only', async () => {
    const launcher = godotLauncher({
      projectDir: join(packageRoot(), 'godot'),
      binary: binary as GodotBinary,
    });
    session = new GameSession({
      launcher,
      seed: 7,
      logDir: mkdtempSync(join(tmpdir(), 'nw-bind-')),
      durationS: 60,
    });
    const server = await session.startServer();
    const clients = await session.startClients(2, { behavior: 'idle' });
    const bound = [server, ...clients].map((p) => ({ name: p.name, sockets: udpSocketsOf(p.process.pid) }));
    for (const { name, sockets } of bound) {
      expect(sockets.length, `${name} has a UDP socket`).toBeGreaterThan(0);
      for (const s of sockets) expect(s, `${name} binds loopback`).toMatch(/^127\.0\.0\.1:\d+$/);
    }
  }, 60_000);
});
