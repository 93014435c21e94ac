import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasErrorCode, type NetwrightError } from '../../src/errors.ts';
import { findGodot, godotErrorLocation, godotLauncher } from '../../src/game/godot.ts';

const dir = mkdtempSync(join(tmpdir(), 'nw-godot-find-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fakeBin(sub: string, name: string, executable = true): string {
  const d = join(dir, sub);
  mkdirSync(d, { recursive: true });
  const p = join(d, name);
  writeFileSync(p, '#!/bin/sh\nexit 0\n');
  chmodSync(p, executable ? 0o755 : 0o644);
  return p;
}

function catchErr(fn: () => unknown): NetwrightError {
  try {
    fn();
  } catch (e) {
    return e as NetwrightError;
  }
  throw new Error('expected an error');
}

describe('findGodot', () => {
  it('prefers GODOT_BIN over PATH', () => {
    const own = fakeBin('own', 'my-godot');
    const onPath = fakeBin('p1', 'godot3-server');
    expect(findGodot({ GODOT_BIN: own, PATH: join(dir, 'p1') })).toEqual({ path: own, source: 'GODOT_BIN' });
    expect(findGodot({ PATH: join(dir, 'p1') })).toEqual({ path: onPath, source: 'PATH' });
  });

  it('tries godot3-server, then godot, then godot4 on PATH', () => {
    const g4 = fakeBin('p2', 'godot4');
    const g = fakeBin('p3', 'godot');
    expect(findGodot({ PATH: join(dir, 'p2') }).path).toBe(g4);
    expect(findGodot({ PATH: `${join(dir, 'p2')}:${join(dir, 'p3')}` }).path).toBe(g);
  });

  it('skips files that are not executable', () => {
    fakeBin('p4', 'godot3-server', false);
    const err = catchErr(() => findGodot({ PATH: join(dir, 'p4') }));
    expect(err.code).toBe('ERR_GODOT_NOT_FOUND');
  });

  it('fails with ERR_GODOT_NOT_FOUND and the install hint when nothing is found', () => {
    const err = catchErr(() => findGodot({ PATH: join(dir, 'empty-nowhere') }));
    expect(hasErrorCode(err, 'ERR_GODOT_NOT_FOUND')).toBe(true);
    expect(err.hint).toContain('apt-get install -y godot3-server');
    expect(err.hint).toContain('GODOT_BIN');
    expect(err.message).toContain('godot3-server, godot, godot4');
  });

  it('names a bad GODOT_BIN instead of silently falling back to PATH', () => {
    fakeBin('p5', 'godot3-server');
    const err = catchErr(() => findGodot({ GODOT_BIN: join(dir, 'missing'), PATH: join(dir, 'p5') }));
    expect(err.code).toBe('ERR_GODOT_NOT_FOUND');
    expect(err.message).toContain(join(dir, 'missing'));
  });
});

describe('godot launcher', () => {
  it('runs the project headless without the debugger flag', () => {
    const bin = fakeBin('l', 'godot3-server');
    const launcher = godotLauncher({ projectDir: '/proj', binary: { path: bin, source: 'PATH' } });
    const cmd = launcher.command({ mode: 'server', port: 7000, seed: 1 });
    expect(cmd.command).toBe(bin);
    expect(cmd.args).toEqual(['--path', '/proj']);
    expect(cmd.args).not.toContain('-d');
    expect(launcher.fatalPatterns.some((p) => p.test('SCRIPT ERROR: oops'))).toBe(true);
  });

  it('reads the res:// location from an error block', () => {
    const lines = ['SCRIPT ERROR: Invalid call', '   At: res://scripts/client.gd:42.'];
    expect(godotErrorLocation(lines)).toEqual({ file: 'res://scripts/client.gd', line: 42 });
    expect(godotErrorLocation(['nothing here'])).toBeUndefined();
  });
});
