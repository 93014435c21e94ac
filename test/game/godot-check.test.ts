// Runs the real Godot binary on a throwaway project; skipped when no Godot is installed.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { NetwrightError } from '../../src/errors.ts';
import { findGodot, type GodotBinary } from '../../src/game/godot.ts';
import { checkGodotProject, listGdScripts } from '../../src/game/godot-check.ts';

let binary: GodotBinary | undefined;
try {
  binary = findGodot();
} catch {
  binary = undefined;
}

const root = mkdtempSync(join(tmpdir(), 'nw-godot-check-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function project(name: string, scripts: Record<string, string>): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'scripts'), { recursive: true });
  writeFileSync(
    join(dir, 'project.godot'),
    'config_version=4\n[application]\nconfig/name="t"\n[logging]\nfile_logging/enable_file_logging.pc=false\n',
  );
  for (const [file, text] of Object.entries(scripts)) writeFileSync(join(dir, file), text);
  return dir;
}

const GOOD = 'extends Node\nfunc _ready():\n\tprint("ok")\n';
const BROKEN = 'extends Node\nfunc _ready():\n\tvar x = \n\tprint("never")\n';

describe.skipIf(!binary)('checkGodotProject (real Godot)', () => {
  it('passes a clean project, then reuses the cached pass', async () => {
    const dir = project('clean', { 'scripts/a.gd': GOOD, 'scripts/b.gd': GOOD });
    const cacheDir = join(root, 'cache-clean');
    const first = await checkGodotProject({ projectDir: dir, binary: binary as GodotBinary, cacheDir });
    expect(first).toMatchObject({ cached: false, scripts: ['scripts/a.gd', 'scripts/b.gd'] });
    const second = await checkGodotProject({ projectDir: dir, binary: binary as GodotBinary, cacheDir });
    expect(second.cached).toBe(true);
  });

  it('fails fast with ERR_GODOT_PARSE and res://file:line for a broken script', async () => {
    const dir = project('broken', { 'scripts/a.gd': GOOD, 'scripts/broken.gd': BROKEN });
    const err = (await checkGodotProject({
      projectDir: dir,
      binary: binary as GodotBinary,
      cacheDir: false,
    }).catch((e: unknown) => e)) as NetwrightError;
    expect(err.code).toBe('ERR_GODOT_PARSE');
    expect(err.message).toMatch(/^res:\/\/scripts\/broken\.gd:4: /);
    expect(err.details).toMatchObject({
      file: 'res://scripts/broken.gd',
      line: 4,
      failedScripts: ['scripts/broken.gd'],
    });
  });

  it('re-checks when a script changes after a cached pass', async () => {
    const dir = project('edited', { 'scripts/a.gd': GOOD });
    const cacheDir = join(root, 'cache-edited');
    await checkGodotProject({ projectDir: dir, binary: binary as GodotBinary, cacheDir });
    writeFileSync(join(dir, 'scripts/a.gd'), BROKEN);
    const later = new Date(Date.now() + 5000);
    utimesSync(join(dir, 'scripts/a.gd'), later, later);
    const err = (await checkGodotProject({ projectDir: dir, binary: binary as GodotBinary, cacheDir }).catch(
      (e: unknown) => e,
    )) as NetwrightError;
    expect(err.code).toBe('ERR_GODOT_PARSE');
  });
});

describe('listGdScripts', () => {
  it('lists .gd files recursively, sorted, skipping hidden folders', () => {
    const dir = project('listing', { 'scripts/z.gd': GOOD, 'scripts/a.gd': GOOD, 'scripts/notes.txt': 'x' });
    mkdirSync(join(dir, '.import'), { recursive: true });
    writeFileSync(join(dir, '.import/hidden.gd'), GOOD);
    expect(listGdScripts(dir)).toEqual(['scripts/a.gd', 'scripts/z.gd']);
  });
});
