// The Node.js guard (#12 item 4): the plugin refuses an old Node with ERR_NODE_VERSION and the fix,
// instead of Vitest's `Map.groupBy is not a function` deep in a run. The last test runs Vitest itself
// on the machine's own Node when that one is older than netwright needs (skipped otherwise).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { NetwrightError } from '../../src/errors.ts';
import { assertNodeVersion, MIN_NODE_VERSION, nodeVersionProblem } from '../../src/util/node-version.ts';

describe('Node.js version guard', () => {
  it('accepts 22.18 and newer, refuses older, with or without the v', () => {
    for (const ok of ['22.18.0', 'v22.18.0', '22.19.1', '23.0.0', 'v24.21.0', '30.1.2'])
      expect(nodeVersionProblem(ok), ok).toBeUndefined();
    for (const old of ['20.20.2', 'v20.11.1', '22.17.9', '18.0.0', '22.9.0'])
      expect(nodeVersionProblem(old), old).toMatch(/is too old: netwright needs >= 22\.18\.0/);
    expect(nodeVersionProblem('banana')).toMatch(/cannot read/);
  });

  it('throws ERR_NODE_VERSION naming the version, the minimum and the fix', () => {
    expect(() => assertNodeVersion('v24.0.0')).not.toThrow();
    let err: unknown;
    try {
      assertNodeVersion('20.20.2');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NetwrightError);
    const e = err as NetwrightError;
    expect(e.code).toBe('ERR_NODE_VERSION');
    expect(e.message).toContain('Node.js 20.20.2 is too old');
    expect(e.hint).toContain('nvm install 24');
    expect(e.details).toEqual({ node: '20.20.2', required: `>=${MIN_NODE_VERSION}` });
  });

  const systemNode = (() => {
    try {
      const v = execFileSync('/usr/bin/node', ['--version'], { encoding: 'utf8' }).trim();
      return nodeVersionProblem(v) ? v : undefined;
    } catch {
      return undefined;
    }
  })();
  it.skipIf(!systemNode)(
    `a real Vitest run on the machine's old Node (${systemNode}) fails with one coded error`,
    async () => {
      const root = path.resolve(import.meta.dirname, '../fixture-projects/plugin-basic');
      const vitest = path.resolve(import.meta.dirname, '../../node_modules/vitest/vitest.mjs');
      const r = await execa('/usr/bin/node', [vitest, 'run', '--root', root], {
        reject: false,
        timeout: 60_000,
        env: { CI: 'true', NO_COLOR: '1' },
      });
      const out = `${r.stdout}\n${r.stderr}`;
      expect(r.exitCode).not.toBe(0);
      expect(out).toContain('ERR_NODE_VERSION');
      expect(out).toContain(`is too old: netwright needs >= ${MIN_NODE_VERSION}`);
      expect(out).not.toContain('Map.groupBy');
    },
  );
});
