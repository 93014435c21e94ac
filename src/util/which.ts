// Executable lookup on a PATH string, shared by Godot discovery and `netwright setup`.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** True for a regular file this process may execute. */
export function isExecutableFile(p: string): boolean {
  try {
    if (!statSync(p).isFile()) return false;
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Find an executable named `name` on a PATH string. */
export function whichSync(name: string, pathVar: string | undefined): string | undefined {
  for (const dir of (pathVar ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}
