// Godot launcher: find the binary and turn a GameProcessSpec into a headless command line.
// This file and godot-check.ts are the only places in src/ that know about Godot.

import { isAbsolute, resolve } from 'node:path';
import { NetwrightError } from '../errors.ts';
import { packageRoot } from '../util/module-path.ts';
import { isExecutableFile, whichSync } from '../util/which.ts';
import { GAME_BEHAVIORS, type GameLauncher, type GameProcessSpec } from './process-spec.ts';

export { whichSync } from '../util/which.ts';

/** Names tried on PATH, in order, when GODOT_BIN is not set. */
export const GODOT_CANDIDATES = ['godot3-server', 'godot', 'godot4'] as const;

/** Fix suggested whenever no Godot binary can be found. */
export const GODOT_INSTALL_HINT =
  'install a headless Godot 3.2 runtime (`apt-get install -y godot3-server`) or set GODOT_BIN to the Godot binary';

/** Godot's runtime script error; the `At: res://file.gd:LINE` location follows on the next line. */
export const GODOT_FATAL_PATTERNS: RegExp[] = [/SCRIPT ERROR:/];

export interface GodotBinary {
  path: string;
  /** Where it came from: the GODOT_BIN variable or a PATH lookup of one of GODOT_CANDIDATES. */
  source: 'GODOT_BIN' | 'PATH';
}

/**
 * Locate Godot: GODOT_BIN first (must be an executable file), then godot3-server, godot, godot4 on PATH.
 * Throws ERR_GODOT_NOT_FOUND with the install hint.
 */
export function findGodot(env: Record<string, string | undefined> = process.env): GodotBinary {
  const fromEnv = env.GODOT_BIN;
  if (fromEnv !== undefined && fromEnv !== '') {
    const p = isAbsolute(fromEnv) || fromEnv.includes('/') ? resolve(fromEnv) : whichSync(fromEnv, env.PATH);
    if (p && isExecutableFile(p)) return { path: p, source: 'GODOT_BIN' };
    throw new NetwrightError('ERR_GODOT_NOT_FOUND', `GODOT_BIN=${fromEnv} is not an executable file`, {
      hint: GODOT_INSTALL_HINT,
      details: { GODOT_BIN: fromEnv },
    });
  }
  for (const name of GODOT_CANDIDATES) {
    const p = whichSync(name, env.PATH);
    if (p) return { path: p, source: 'PATH' };
  }
  throw new NetwrightError(
    'ERR_GODOT_NOT_FOUND',
    `no Godot binary found: GODOT_BIN is unset and none of ${GODOT_CANDIDATES.join(', ')} is on PATH`,
    { hint: GODOT_INSTALL_HINT, details: { candidates: [...GODOT_CANDIDATES], PATH: env.PATH ?? '' } },
  );
}

/** Environment every headless Godot process gets (silences the locale warning). */
export const GODOT_BASE_ENV: Record<string, string> = { LANG: 'en_US.UTF-8' };

/**
 * A launcher running the Godot project in `projectDir` headless, one process per spec. `behaviors`
 * lists what its clients understand (default: the contract's list for the bundled game, any name for
 * another project).
 */
export function godotLauncher(opts: {
  projectDir: string;
  binary?: GodotBinary;
  behaviors?: readonly string[];
}): GameLauncher {
  const binary = opts.binary ?? findGodot();
  const projectDir = resolve(opts.projectDir);
  const bundled = projectDir === resolve(packageRoot(), 'godot');
  return {
    engine: 'godot',
    behaviors: opts.behaviors ?? (bundled ? GAME_BEHAVIORS : undefined),
    fatalPatterns: GODOT_FATAL_PATTERNS,
    locateError: (lines) => godotErrorLocation(lines),
    // Never `-d` (debugger prompts flood stdout with stdin closed) nor --fixed-fps/--time-scale.
    command: (_spec: GameProcessSpec) => ({
      command: binary.path,
      args: ['--path', projectDir],
      cwd: projectDir,
      env: GODOT_BASE_ENV,
    }),
  };
}

/**
 * The `res://file.gd:LINE` of a Godot error block: the `At:` line right after the first
 * `SCRIPT ERROR:`, else the first `At: res://...` line among `lines`.
 */
export function godotErrorLocation(lines: readonly string[]): { file: string; line: number } | undefined {
  const at = (l: string | undefined) => (l === undefined ? null : /At:\s+(res:\/\/[^\s:]+):(\d+)/.exec(l));
  const first = lines.findIndex((l) => l.includes('SCRIPT ERROR:'));
  const candidates = first >= 0 ? [...lines.slice(first, first + 4), ...lines] : lines;
  for (const l of candidates) {
    const m = at(l);
    if (m) return { file: m[1], line: Number(m[2]) };
  }
  return undefined;
}
