// A transport peer that has not said HELLO yet is no client: the bundled game server must not report
// it in `peer_stats`. CI failure on main (specs/netcode/connect.spec.ts, eight clients): a client whose
// HELLO reached the server after a once-a-second `peer_stats` round was reported as `peer-<n>` with
// client id 0, so the server's per-peer figures listed a ninth, phantom peer. Here a raw loopback UDP
// socket speaks the transport by hand (CONNECT, then HELLO only after a stats round has passed) to a
// real Godot server. Skipped without Godot.
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync } from 'node:fs';
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

// Transport frames (godot/scripts/transport.gd) and the HELLO message (godot/scripts/codec.gd).
const CONNECT = 0x20;
const ACCEPT = 0x21;
const REL = 0x22;
const HELLO = 1;

function nonceFrame(type: number, nonce: number): Buffer {
  const b = Buffer.alloc(5);
  b.writeUInt8(type, 0);
  b.writeUInt32LE(nonce, 1);
  return b;
}

let session: GameSession | undefined;
let sock: Socket | undefined;
afterEach(async () => {
  sock?.close();
  sock = undefined;
  await session?.stop();
  session = undefined;
});

describe.skipIf(!binary)('bundled game server: peers without HELLO', () => {
  it('a peer that connected but has not said HELLO is left out of peer_stats', async () => {
    session = new GameSession({
      launcher: godotLauncher({ projectDir: join(packageRoot(), 'godot'), binary: binary as GodotBinary }),
      seed: 3,
      logDir: mkdtempSync(join(tmpdir(), 'nw-halfopen-')),
      durationS: 60,
    });
    const server = await session.startServer();
    const s = createSocket('udp4');
    sock = s;
    await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
    const accepted = new Promise<void>((resolve) =>
      s.on('message', (m) => {
        if (m[0] === ACCEPT) resolve();
      }),
    );
    const nonce = 0x1234;
    s.send(nonceFrame(CONNECT, nonce), server.port, '127.0.0.1');
    await accepted;

    // Half-open for two stats rounds (the server reports every second), then the HELLO.
    const ticksAtConnect = server.events.filter((e) => e.event === 'tick').length;
    await expect
      .poll(() => server.events.filter((e) => e.event === 'tick').length, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(ticksAtConnect + 2);
    const hello = Buffer.from([REL, 1, 0, HELLO, 9, 0]); // rseq 1, HELLO client_id 9
    s.send(hello, server.port, '127.0.0.1');
    await expect
      .poll(() => server.events.some((e) => e.event === 'peer_stats' && e.client_id === 9), {
        timeout: 10_000,
      })
      .toBe(true);

    const reported = server.events.filter((e) => e.event === 'peer_stats').map((e) => e.client_id);
    expect(reported.length).toBeGreaterThan(0);
    expect(reported.every((id) => id === 9)).toBe(true);
    expect(Object.keys(server.metrics.summary().perPeer)).toEqual(['client-9']);
  }, 60_000);
});
