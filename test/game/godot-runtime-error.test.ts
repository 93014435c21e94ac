// A real Godot runtime error (SCRIPT ERROR + `At: res://file.gd:LINE`, then the process carries on)
// must fail fast with the script location, not hang. Skipped when no Godot is installed.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { NetwrightError } from '../../src/errors.ts';
import { GameSession } from '../../src/game/game-session.ts';
import { findGodot, type GodotBinary, godotLauncher } from '../../src/game/godot.ts';

let binary: GodotBinary | undefined;
try {
  binary = findGodot();
} catch {
  binary = undefined;
}

const root = mkdtempSync(join(tmpdir(), 'nw-godot-rt-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function brokenProject(): string {
  const dir = join(root, 'project');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'project.godot'),
    'config_version=4\n[application]\nconfig/name="rt"\nrun/main_scene="res://main.tscn"\n[logging]\nfile_logging/enable_file_logging.pc=false\n',
  );
  writeFileSync(
    join(dir, 'main.tscn'),
    '[gd_scene load_steps=2 format=2]\n\n[ext_resource path="res://main.gd" type="Script" id=1]\n\n[node name="Main" type="Node"]\nscript = ExtResource( 1 )\n',
  );
  // Line 6 calls a method on null: a runtime SCRIPT ERROR, after which Godot keeps running.
  writeFileSync(
    join(dir, 'main.gd'),
    'extends Node\n\nfunc _ready():\n\tprint("starting")\n\tvar d = null\n\td.foo()\n',
  );
  return dir;
}

describe.skipIf(!binary)('Godot runtime script error', () => {
  it('fails the server start on the error line (not on the readiness timeout), naming res://main.gd:6', async () => {
    const launcher = godotLauncher({ projectDir: brokenProject(), binary: binary as GodotBinary });
    const session = new GameSession({ launcher, seed: 1, logDir: join(root, 'logs'), durationS: 30 });
    try {
      const err = (await session
        .startServer({ readyTimeoutMs: 20_000 })
        .catch((e: unknown) => e)) as NetwrightError;
      // The fatal pattern ended it, not the readiness timeout.
      expect(err.code).toBe('ERR_PROCESS_FATAL_OUTPUT');
      expect(err.message).toContain('res://main.gd:6');
      expect(err.details).toMatchObject({ location: { file: 'res://main.gd', line: 6 } });
    } finally {
      const results = await session.stop();
      expect(results.find((r) => r.name === 'server')?.failed).toBe(true);
    }
  });
});
