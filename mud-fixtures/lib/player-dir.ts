// The fixture MUD's own player directory: a private temp dir per server, named after the process
// that owns it (nw-mud-players-<pid>-XXXXXX, mode 0700), removed on close. A server that was killed
// cannot remove its own: the next start removes every one whose owner process is gone.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pidAlive } from '../../src/process/proc-status.ts';

/** Name prefix of the directories (followed by `<pid>-`). */
export const PLAYER_DIR_PREFIX = 'nw-mud-players-';
const OWNED = /^nw-mud-players-(\d+)-[A-Za-z0-9]{6}$/;

/** Remove player dirs in `dir` left by dead processes of this user; returns the paths removed. */
export function sweepStalePlayerDirs(dir = tmpdir()): string[] {
  const uid = process.getuid?.();
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = OWNED.exec(name);
    if (!m) continue;
    const path = join(dir, name);
    try {
      const st = statSync(path);
      if (!st.isDirectory() || (uid !== undefined && st.uid !== uid)) continue;
      if (pidAlive(Number(m[1]))) continue;
      rmSync(path, { recursive: true, force: true });
      removed.push(path);
    } catch {
      // gone already, or not ours to touch
    }
  }
  return removed;
}

/** A fresh private player dir for this process, after sweeping the stale ones. */
export function createPlayerDir(dir = tmpdir()): { path: string; swept: string[] } {
  const swept = sweepStalePlayerDirs(dir);
  return { path: mkdtempSync(join(dir, `${PLAYER_DIR_PREFIX}${process.pid}-`)), swept };
}
