// The bundled game's own GDScript self-tests: the codec (wire format, truncation, simulator) and the UDP
// transport (handshake, reliable delivery through resends, goodbye, timeout, reconnect, bad datagrams).
// Skipped without Godot.
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { findGodot, type GodotBinary } from '../../src/game/godot.ts';
import { allocatePort, releasePort } from '../../src/process/index.ts';
import { packageRoot } from '../../src/util/module-path.ts';

let binary: GodotBinary | undefined;
try {
  binary = findGodot();
} catch {
  binary = undefined;
}

async function selfTest(script: string, env: Record<string, string> = {}) {
  return execa(binary?.path ?? 'godot3-server', ['--path', join(packageRoot(), 'godot'), '-s', script], {
    env: { LANG: 'en_US.UTF-8', ...env },
    reject: false,
    timeout: 30_000,
    stdin: 'ignore',
  });
}

describe.skipIf(!binary)('bundled game self-tests', () => {
  it('codec: every check passes', async () => {
    const r = await selfTest('res://tests/test_codec.gd');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/codec self-test: \d+ checks passed/);
  });

  it('transport: every check passes over loopback UDP', async () => {
    const port = await allocatePort({ protocol: 'udp' });
    try {
      const r = await selfTest('res://tests/test_transport.gd', { TRANSPORT_TEST_PORT: String(port) });
      expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(0);
      expect(r.stdout).toMatch(/transport self-test: \d+ checks passed/);
    } finally {
      releasePort(port);
    }
  });
});
