// #11 item 14: bad `server` / `clients(n, {...})` options are refused before any process starts,
// every problem at once, ERR_CONFIG_INVALID with the valid names. The game here is the engine-free
// fake game behind the Godot launcher (a stand-in `godot` binary), so the launcher's own knowledge of
// the bundled game's behaviours is what is tested.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { NetwrightConfigError } from '../../src/errors.ts';
import { GameSession } from '../../src/game/game-session.ts';
import { godotLauncher } from '../../src/game/godot.ts';
import { GAME_BEHAVIORS } from '../../src/game/process-spec.ts';
import { validateClientsOptions, validateServerOptions } from '../../src/game/session-options.ts';
import { packageRoot } from '../../src/util/module-path.ts';

const root = mkdtempSync(join(tmpdir(), 'nw-session-options-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const fakeGame = fileURLToPath(new URL('./fake-engine/fake-game.mjs', import.meta.url));
const fakeGodot = join(root, 'godot3-server');
writeFileSync(fakeGodot, `#!/bin/sh\nexec "${process.execPath}" "${fakeGame}"\n`);
chmodSync(fakeGodot, 0o755);

describe('clients() and server options with the bundled game', () => {
  let session: GameSession | undefined;
  afterEach(async () => {
    await session?.stop();
    session = undefined;
  });
  const open = (name: string) => {
    session = new GameSession({
      launcher: godotLauncher({
        projectDir: join(packageRoot(), 'godot'),
        binary: { path: fakeGodot, source: 'GODOT_BIN' },
      }),
      seed: 3,
      logDir: join(root, name),
      durationS: 60,
    });
    return session;
  };

  it("clients(1, { behavior: 'moonwalk' }) is a config error naming the valid behaviours; no client starts", async () => {
    const s = open('moonwalk');
    await s.startServer();
    const t0 = performance.now();
    const err = (await s
      .startClients(1, { behavior: 'moonwalk' })
      .catch((e: unknown) => e)) as NetwrightConfigError;
    expect(err.code).toBe('ERR_CONFIG_INVALID');
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(err.issues).toEqual([
      { path: 'behavior', message: `unknown value 'moonwalk'; valid: ${GAME_BEHAVIORS.join(', ')}` },
    ]);
    expect(s.record().config.map((c) => c.name)).toEqual(['server']);
  });

  it('bad tuning, stagger and impairment come together, with paths', async () => {
    const s = open('tuning');
    await s.startServer();
    const err = (await s
      .startClients(0, {
        behavior: 'random-walk',
        stagger: -5,
        tuning: { jitterBuffer: 0, interpDelayMs: 20_000 },
        impairment: { packetLoss: 5 },
        readyTimeout: 100,
      } as never)
      .catch((e: unknown) => e)) as NetwrightConfigError;
    expect(err.code).toBe('ERR_CONFIG_INVALID');
    expect(err.issues.map((i) => i.path)).toEqual([
      'n',
      '',
      'behavior',
      'stagger',
      'impairment.packetLoss',
      'tuning.interpDelayMs',
      'tuning.jitterBuffer',
    ]);
    expect(err.problems[1]).toContain("unknown key 'readyTimeout' (did you mean 'readyTimeoutMs'?)");
    expect(err.problems[2]).toContain("(did you mean 'random_walk'?)");
    expect(err.problems[4]).toContain('rates are fractions 0..1');
    expect(s.record().config.map((c) => c.name)).toEqual(['server']);
  });

  it('a bad gameServerOptions is refused before the server starts', async () => {
    const s = open('server');
    const err = (await s
      .startServer({ tuning: { jitterBuffer: 1.5 }, env: { PORT: 7 } } as never)
      .catch((e: unknown) => e)) as NetwrightConfigError;
    expect(err.code).toBe('ERR_CONFIG_INVALID');
    expect(err.problems).toEqual([
      'tuning.jitterBuffer: expected an integer, got 1.5',
      'env.PORT: expected a string, got 7 (environment values are strings)',
    ]);
    expect(s.record().config).toEqual([]);
  });
});

describe('validateClientsOptions', () => {
  it('accepts any behaviour name when the engine does not list them, and checks profiles it knows', () => {
    expect(validateClientsOptions(2, { behavior: 'moonwalk' }, { hasNetwork: false })).toEqual([]);
    expect(validateClientsOptions(2, { profile: '3g' }, { hasNetwork: false })[0]?.message).toContain(
      'needs a network link',
    );
    expect(
      validateClientsOptions(2, { profile: 'wifi_gud' }, { hasNetwork: true, profiles: ['wifi_good', '3g'] }),
    ).toEqual([
      {
        path: 'profile',
        message: "unknown value 'wifi_gud' (did you mean 'wifi_good'?); valid: wifi_good, 3g",
      },
    ]);
    expect(validateClientsOptions(257, undefined, { hasNetwork: false })[0]?.message).toBe(
      'must be <= 256, got 257',
    );
    expect(validateServerOptions({ readyTimeoutMs: 0 })).toEqual([
      { path: 'readyTimeoutMs', message: 'must be >= 1 ms, got 0' },
    ]);
  });
});
