// What a consumer's package manager reads from package.json (#12 item 4): Vitest is a peer dependency
// (the consumer's own Vitest runs netwright's fixtures; a second copy would register nothing), and the
// Node.js floor matches the plugin's guard.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIN_NODE_VERSION } from '../../src/util/node-version.ts';

const pkg = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8'));

describe('package.json for consumers', () => {
  it('vitest is a peer dependency, never a runtime one, and the dev copy satisfies the peer range', () => {
    expect(pkg.peerDependencies?.vitest).toMatch(/^\^\d+\.\d+\.\d+$/);
    expect(pkg.dependencies?.vitest).toBeUndefined();
    const major = (v: string) => Number(v.replace(/^\^/, '').split('.')[0]);
    expect(major(pkg.devDependencies.vitest)).toBe(major(pkg.peerDependencies.vitest));
  });

  it('engines.node is the floor the plugin enforces', () => {
    expect(pkg.engines.node).toBe(`>=${MIN_NODE_VERSION}`);
  });
});
