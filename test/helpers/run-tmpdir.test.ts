import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { portLockDir } from '../../src/process/ports.ts';
import setup, { RUN_TMP_PREFIX } from './run-tmpdir.ts';

describe('per-run temp dir (unit project globalSetup)', () => {
  it('this worker already makes its temp dirs under the run dir, and keeps ports machine-wide', () => {
    expect(basename(tmpdir())).toMatch(new RegExp(`^${RUN_TMP_PREFIX}`));
    const d = mkdtempSync(join(tmpdir(), 'nw-probe-'));
    expect(dirname(d)).toBe(tmpdir());
    rmSync(d, { recursive: true });
    expect(dirname(portLockDir())).not.toBe(tmpdir());
    expect(basename(portLockDir())).toBe('netwright-ports');
  });

  it('setup/teardown: a fresh dir, TMPDIR restored and the dir (with what is left in it) removed', () => {
    const before = process.env.TMPDIR;
    const teardown = setup();
    const dir = process.env.TMPDIR as string;
    expect(dir).not.toBe(before);
    const leftover = mkdtempSync(join(dir, 'nw-left-'));
    teardown();
    expect(process.env.TMPDIR).toBe(before);
    expect(() => mkdtempSync(join(leftover, 'x'))).toThrow(/ENOENT/);
  });
});
