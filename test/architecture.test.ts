// The import rules of ARCHITECTURE.md, checked on the source text: the library never imports Vitest,
// codecs never touch sockets or timers, and the library entry loads outside Vitest's transforms.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return tsFiles(full);
    return name.endsWith('.ts') ? [full] : [];
  });
}

const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)].map(
    (m) => m[1],
  );

describe('architecture rules', () => {
  it('nothing under src/ imports vitest', () => {
    const offenders = tsFiles(path.join(root, 'src')).filter((f) =>
      importsOf(f).some((s) => s?.startsWith('vitest')),
    );
    expect(offenders.map((f) => path.relative(root, f))).toEqual([]);
  });

  it('codecs (telnet, protocols, text) use no sockets, no timers', () => {
    const codecDirs = ['src/mud/telnet', 'src/mud/protocols', 'src/mud/text'].map((d) => path.join(root, d));
    const offenders = codecDirs
      .flatMap(tsFiles)
      .filter((f) => {
        const src = readFileSync(f, 'utf8');
        return (
          importsOf(f).some((s) => /^node:(net|dgram|tls|http)$/.test(s ?? '')) ||
          /\b(setTimeout|setInterval|setImmediate)\(/.test(src)
        );
      })
      .map((f) => path.relative(root, f));
    expect(offenders).toEqual([]);
  });

  it('the library entry (netwright/lib) loads in plain Node, without Vitest', async () => {
    const node = path.join(root, 'node_modules/.bin/node');
    const script = `const m = await import(${JSON.stringify(path.join(root, 'src/index.ts'))});
      console.log(['Network','GameSession','MudBot','spawnProcess','LatencyHistogram','NetwrightError'].filter((k) => !(k in m)).join(','));`;
    const { stdout } = await execa(node, ['--input-type=module', '-e', script], { timeout: 30_000 });
    expect(stdout.trim()).toBe('');
  });
});
