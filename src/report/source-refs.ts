// Source files named in evidence: `path/file.ext:LINE`, Godot's `res://path/file.gd:LINE` or
// `res://path/file.gd:_function`, resolved against the project root (res:// against the folder of its
// project.godot). Used by the report (the files to open) and the fix loop's prompt (files to include).

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

/** A source reference: `file.ext:LINE` or `res://file.ext[:LINE|:function]`. */
export const SOURCE_RE =
  /(?:res:\/\/)?((?:[\w@.-]+\/)*[\w@.-]+\.(?:ts|tsx|mts|js|mjs|cjs|gd|py|c|h|cc|cpp|hpp|rs|go|lua|cs|java|json|ya?ml|cfg|toml)):(\d+)/g;

/** A path with a folder and a source extension, no line: `combat code: lib/game/combat.ts`. */
const BARE_RE =
  /(?<![\w@./:-])((?:[\w@.-]+\/)+[\w@.-]+\.(?:ts|tsx|mts|js|mjs|cjs|gd|py|c|h|cc|cpp|hpp|rs|go|lua|cs|java))\b(?!:\d)/g;

/** Godot references without a line: `res://scripts/client.gd:_render`, `res://scripts/client.gd`. */
const RES_RE = /res:\/\/((?:[\w@.-]+\/)*[\w@.-]+\.\w+)(?::(\d+))?/g;

/** Where `res://` points: the folder of the first project.godot within two levels of the root. */
export function godotRoots(dir: string): string[] {
  const out: string[] = [];
  if (existsSync(path.join(dir, 'project.godot'))) out.push('');
  for (const sub of ['godot', 'game', 'project'])
    if (existsSync(path.join(dir, sub, 'project.godot'))) out.push(sub);
  return out;
}

function isFile(abs: string): boolean {
  try {
    return statSync(abs).isFile();
  } catch {
    return false;
  }
}

/**
 * Files under `root` that `texts` name, relative to `root` (existing files only, no node_modules),
 * most mentioned first.
 */
export function referencedSources(texts: string[], root: string): string[] {
  const roots = godotRoots(root);
  const counts = new Map<string, number>();
  const add = (raw: string, res: boolean) => {
    for (const c of res ? roots.map((r) => path.join(r, raw)) : [raw]) {
      const abs = path.resolve(root, c);
      const rel = path.relative(root, abs);
      if (rel.startsWith('..') || path.isAbsolute(rel) || rel.split(path.sep).includes('node_modules'))
        continue;
      if (!isFile(abs)) continue;
      counts.set(rel, (counts.get(rel) ?? 0) + 1);
      return;
    }
  };
  for (const t of texts) {
    for (const m of t.matchAll(RES_RE)) add(m[1] as string, true);
    const rest = t.replace(RES_RE, '');
    for (const m of rest.matchAll(SOURCE_RE)) add(m[1] as string, false);
    for (const m of rest.matchAll(BARE_RE)) add(m[1] as string, false);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([f]) => f);
}
