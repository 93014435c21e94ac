// How this project runs Vitest, so a repro command runs as written: which package manager (the one
// that started this run, else `packageManager` in package.json, else the lockfile), whether it is on
// PATH (else `npx -y pnpm@<version>`), the package.json script the run came through (npm_lifecycle_event)
// when that script runs Vitest, and the config options of the original command line.

import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type PackageManager = 'pnpm' | 'npm' | 'yarn' | 'bun';

/** What a repro command needs to know about how the run was launched. */
export interface Launcher {
  pm: PackageManager;
  /** Words that invoke the package manager: ['pnpm'], or ['npx', '-y', 'pnpm@12.21.0'] when not on PATH. */
  pmCommand: string[];
  /** The package.json script the run came through, when it runs Vitest. */
  script?: { name: string; command: string };
  /** Options of the original Vitest command line that select the config (`--config x`, `--root y`). */
  configArgs: string[];
}

const LOCKFILES: [string, PackageManager][] = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
  ['package-lock.json', 'npm'],
];

/**
 * Options that choose what config Vitest loads, kept in repro commands; the path-valued ones are made
 * relative to the root, where the repro runs. `--root` itself is dropped: the repro runs from the root.
 */
const CONFIG_OPTIONS = new Map<string, 'path' | 'value' | 'drop'>([
  ['--config', 'path'],
  ['-c', 'path'],
  ['--dir', 'path'],
  ['--mode', 'value'],
  ['--root', 'drop'],
  ['-r', 'drop'],
]);

function readPackage(dir: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** `pnpm/12.21.0 npm/? node/v24.1.0 linux x64` -> pnpm, 12.21.0. */
function fromUserAgent(ua: string | undefined): { pm: PackageManager; version?: string } | undefined {
  const m = /^(pnpm|npm|yarn|bun)\/(\S+)/.exec(ua ?? '');
  return m ? { pm: m[1] as PackageManager, version: m[2] } : undefined;
}

/** `pnpm@12.21.0+sha512...` -> pnpm, 12.21.0. */
function fromPackageManagerField(v: unknown): { pm: PackageManager; version?: string } | undefined {
  const m = typeof v === 'string' ? /^(pnpm|npm|yarn|bun)@([^+\s]+)/.exec(v) : null;
  return m ? { pm: m[1] as PackageManager, version: m[2] } : undefined;
}

/** True when `cmd` is an executable on PATH. */
export function onPath(cmd: string, env: NodeJS.ProcessEnv = process.env): boolean {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    try {
      accessSync(path.join(dir, cmd), constants.X_OK);
      return true;
    } catch {
      // not here
    }
  }
  return false;
}

/**
 * Config-selecting options (and their values) of a Vitest argv (`process.argv.slice(2)`), paths made
 * relative to `root` (they were relative to `cwd`).
 */
export function configArgsOf(argv: readonly string[], root = process.cwd(), cwd = process.cwd()): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    const kind = CONFIG_OPTIONS.get(name);
    if (!kind) continue;
    const value = eq > 0 ? a.slice(eq + 1) : argv[++i];
    if (value === undefined || kind === 'drop') continue;
    out.push(name, kind === 'path' ? path.relative(root, path.resolve(cwd, value)) || '.' : value);
  }
  return out;
}

/**
 * How this run was launched. `root` is the Vitest root; package.json and lockfiles are looked for there
 * and in its parents (a workspace keeps the lockfile at the top).
 */
export function detectLauncher(
  root: string,
  env: NodeJS.ProcessEnv = process.env,
  argv: readonly string[] = process.argv.slice(2),
  hasCommand: (cmd: string) => boolean = (cmd) => onPath(cmd, env),
  cwd: string = process.cwd(),
): Launcher {
  let pkg: Record<string, unknown> | undefined;
  let fromLock: PackageManager | undefined;
  for (let dir = path.resolve(root); ; dir = path.dirname(dir)) {
    pkg ??= readPackage(dir);
    if (!fromLock) for (const [file, pm] of LOCKFILES) if (existsSync(path.join(dir, file))) fromLock ??= pm;
    if ((pkg && fromLock) || path.dirname(dir) === dir) break;
  }
  const declared = fromPackageManagerField(pkg?.packageManager);
  const used = fromUserAgent(env.npm_config_user_agent);
  const pm = used?.pm ?? declared?.pm ?? fromLock ?? 'npm';
  const version = used?.pm === pm ? used.version : declared?.pm === pm ? declared.version : undefined;
  const pmCommand = pm === 'npm' || hasCommand(pm) ? [pm] : ['npx', '-y', version ? `${pm}@${version}` : pm];

  const launcher: Launcher = { pm, pmCommand, configArgs: configArgsOf(argv, root, cwd) };
  const name = env.npm_lifecycle_event;
  const scripts = pkg?.scripts as Record<string, unknown> | undefined;
  const command = env.npm_lifecycle_script ?? (name ? scripts?.[name] : undefined);
  // Only a script whose last command runs Vitest (directly or through `netwright run`) takes the filter.
  const last = typeof command === 'string' ? (command.split(/&&|;|\|\|/).at(-1) ?? '') : '';
  if (name && typeof command === 'string' && /\b(vitest|netwright\s+run)\b/.test(last)) {
    launcher.script = { name, command };
  }
  return launcher;
}
