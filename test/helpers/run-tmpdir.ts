// Vitest globalSetup for the unit project: every temp dir a test run makes (mkdtemp in tests, in
// netwright, in the processes it starts) goes under one per-run directory, removed when the run ends.
// A full run used to leave about a thousand nw-* / netwright-* dirs in /tmp. The port reservation dir
// stays machine-wide: runs side by side must see each other's reservations.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const RUN_TMP_PREFIX = 'netwright-run-';

export default function setup(): () => void {
  const base = tmpdir();
  const dir = mkdtempSync(join(base, RUN_TMP_PREFIX));
  const saved = { TMPDIR: process.env.TMPDIR, NETWRIGHT_PORT_DIR: process.env.NETWRIGHT_PORT_DIR };
  process.env.NETWRIGHT_PORT_DIR ??= join(base, 'netwright-ports');
  process.env.TMPDIR = dir;
  return () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  };
}
