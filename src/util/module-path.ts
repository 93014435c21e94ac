// Paths that work the same from the TypeScript sources (run directly by Node >= 22.18 or Vitest) and
// from the built JavaScript in dist/: sibling modules keep the caller's extension, and package
// assets (the Godot project, the MUD areas) are found from the package root, not from the module.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of a module next to the caller: `siblingModule(import.meta.url, './setup')`. */
export function siblingModule(callerUrl: string, relativeWithoutExt: string): string {
  const ext = callerUrl.endsWith('.ts') ? '.ts' : '.js';
  return fileURLToPath(new URL(`${relativeWithoutExt}${ext}`, callerUrl));
}

let root: string | undefined;

/** The directory of netwright's own package.json (sources or an installed copy with dist/). */
export function packageRoot(): string {
  if (root) return root;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'netwright') {
        root = dir;
        return dir;
      }
    } catch {
      // no package.json here
    }
    const up = path.dirname(dir);
    if (up === dir)
      throw new Error(`netwright: package.json not found above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}
