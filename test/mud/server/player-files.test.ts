// #11 item 11: the fixture MUD's player files (passwords inside) were 0644 with unsalted SHA-256
// digests, and their /tmp/nw-mud-players-* dirs stayed behind whenever the MUD was killed.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { hashPassword, verifyPassword } from '../../../mud-fixtures/lib/game/pfile.ts';
import { launchMud } from '../../../mud-fixtures/lib/launch.ts';
import { sweepStalePlayerDirs } from '../../../mud-fixtures/lib/player-dir.ts';
import { startMudServer } from '../../../mud-fixtures/lib/server.ts';
import { pidAlive } from '../../../src/process/index.ts';

vi.setConfig({ testTimeout: 60_000 });
const scratch = mkdtempSync(join(tmpdir(), 'nw-pfile-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('player files', () => {
  it('are owner-only (0600) in an owner-only dir, with salted digests', async () => {
    const server = await startMudServer({
      seed: 1,
      players: [
        { name: 'Alpha', password: 'same-pass' },
        { name: 'Beta', password: 'same-pass' },
      ],
    });
    try {
      expect(statSync(server.playerDir).mode & 0o777).toBe(0o700);
      const digests = ['Alpha', 'Beta'].map((n) => {
        const file = join(server.playerDir, `${n}.json`);
        expect(statSync(file).mode & 0o777).toBe(0o600);
        return JSON.parse(readFileSync(file, 'utf8')).pcdata.pwdDigest as string;
      });
      expect(digests[0]).toMatch(/^scrypt\$/);
      expect(digests[0]).not.toBe(digests[1]);
      expect(JSON.stringify(digests)).not.toContain(
        createHash('sha256').update('same-pass').digest('hex').toUpperCase(),
      );
      expect(verifyPassword('same-pass', digests[0] as string)).toBe(true);
      expect(verifyPassword('other-pass', digests[0] as string)).toBe(false);
    } finally {
      await server.close();
    }
  });

  it("verifies Mud98's own unsalted SHA-256 digests, and refuses malformed or costly ones", () => {
    const mud98 = createHash('sha256').update('pw12345').digest('hex').toUpperCase();
    expect(verifyPassword('pw12345', mud98)).toBe(true);
    expect(verifyPassword('pw1234', mud98)).toBe(false);
    const ours = hashPassword('pw12345');
    expect(verifyPassword('pw12345', ours.replace('scrypt$1024$', `scrypt$${2 ** 20}$`))).toBe(false);
    expect(verifyPassword('pw12345', 'scrypt$3$8$1$AAAA$AAAA')).toBe(false);
    expect(verifyPassword('pw12345', '')).toBe(false);
  });
});

describe('stale player dirs', () => {
  it('a killed MUD leaves its dir; the next start removes it, and only dirs of dead owners', async () => {
    const ref = await launchMud(
      { options: { players: [{ name: 'Ghost', password: 'boo12345' }] } },
      { seed: 2 },
    );
    const ready = ref.events().find((e) => e.event === 'server_ready');
    const deadDir = String(ready?.playerDir);
    const pid = ref.process?.pid as number;
    process.kill(-pid, 'SIGKILL');
    await ref.process?.exited;
    expect(pidAlive(pid)).toBe(false);
    expect(existsSync(join(deadDir, 'Ghost.json'))).toBe(true);
    // A dir whose owner is alive (this test process) is left alone.
    const liveDir = join(tmpdir(), `nw-mud-players-${process.pid}-AbCdEf`);
    mkdirSync(liveDir, { recursive: true });
    try {
      const next = await startMudServer({ seed: 3 });
      await next.close();
      expect(existsSync(deadDir)).toBe(false);
      expect(next.events.some((e) => e.event === 'stale_player_dirs_removed')).toBe(true);
      expect(existsSync(liveDir)).toBe(true);
    } finally {
      rmSync(liveDir, { recursive: true, force: true });
      await ref.stop();
    }
  });

  it('sweepStalePlayerDirs ignores names it did not make', () => {
    const dir = join(scratch, 'tmp');
    mkdirSync(join(dir, 'nw-mud-players-999999999-zzzzzz'), { recursive: true });
    mkdirSync(join(dir, 'nw-mud-players-abcdef'), { recursive: true });
    mkdirSync(join(dir, 'something-else'), { recursive: true });
    expect(sweepStalePlayerDirs(dir)).toEqual([join(dir, 'nw-mud-players-999999999-zzzzzz')]);
    expect(existsSync(join(dir, 'nw-mud-players-abcdef'))).toBe(true);
  });
});
