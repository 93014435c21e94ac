// The repro command in report.json runs as written: a project run through `npm test` (no pnpm) gets
// an npm command, and running that command with sh re-runs exactly the failed test with its seed.
// Its JUnit failure carries the command too.
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/model.ts';
import { childEnv, repoRoot } from './run-vitest.ts';

const SPEC = `import { expect, test } from 'vitest';
test('netcode > keeps 20 Hz', () => {
  expect(16.5).toBeGreaterThanOrEqual(20);
});
test('passes', () => {
  expect(1).toBe(1);
});
`;

function npmProject(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'nw-repro-npm-'));
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'));
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'game-tests', private: true, type: 'module', scripts: { test: 'vitest run' } }),
  );
  const plugin = path.join(repoRoot, 'fixtures/plugin.ts');
  writeFileSync(
    path.join(dir, 'vitest.config.ts'),
    `import { defineConfig } from 'vitest/config';
import { netwright } from '${plugin}';
export default defineConfig({ plugins: [netwright({ outputDir: 'out' })], test: { include: ['specs/**/*.spec.ts'] } });
`,
  );
  mkdirSync(path.join(dir, 'specs'));
  writeFileSync(path.join(dir, 'specs/rate.spec.ts'), SPEC);
  return dir;
}

describe('repro command', () => {
  it('runs as written in a project run through npm test', async () => {
    const dir = npmProject();
    // As from a plain shell: no package-manager variables of the pnpm run that runs this test.
    const env = Object.fromEntries(
      Object.entries(childEnv({ NETWRIGHT_SEED: '4242' })).filter(([k]) => !/^(npm|pnpm)_/i.test(k)),
    );
    const run = await execa(
      'npm',
      ['test', '--', '--reporter=default', '--reporter=junit', '--outputFile.junit=junit.xml'],
      {
        cwd: dir,
        env,
        extendEnv: false,
        reject: false,
        timeout: 120_000,
      },
    );
    expect(run.exitCode, String(run.stderr).slice(-2000)).toBe(1);
    const report = JSON.parse(readFileSync(path.join(dir, 'out/report.json'), 'utf8')) as Report;
    const f = report.failures[0];
    expect(f.reproduce.command).toBe(
      "NETWRIGHT_SEED=4242 npm test -- specs/rate.spec.ts -t '^netcode > keeps 20 Hz$'",
    );
    // JUnit: the failure says how to re-run it.
    const xml = readFileSync(path.join(dir, 'junit.xml'), 'utf8');
    const tc = xml.slice(xml.indexOf('name="netcode &gt; keeps 20 Hz"'));
    expect(tc.slice(0, tc.indexOf('</testcase>'))).toContain(
      `<property name="netwright.reproduce" value="${f.reproduce.command.replace(/'/g, '&apos;').replace(/>/g, '&gt;')}">`,
    );

    const failure = tc.slice(tc.indexOf('<failure'), tc.indexOf('</failure>'));
    expect(failure).toContain('netwright reproduce: NETWRIGHT_SEED=4242 npm test -- specs/rate.spec.ts');
    // report.json has it in reproduce, not glued to the message.
    expect(f.error.message).toBe('expected 16.5 to be greater than or equal to 20');

    // Run it as an agent would: sh, from the root, nothing else.
    const again = await execa('sh', ['-c', f.reproduce.command], {
      cwd: report.run.root,
      env: Object.fromEntries(Object.entries(childEnv()).filter(([k]) => !/^(npm|pnpm)_/i.test(k))),
      extendEnv: false,
      reject: false,
      timeout: 120_000,
    });
    expect(again.exitCode, String(again.stderr).slice(-2000)).toBe(1);
    const r2 = JSON.parse(readFileSync(path.join(dir, 'out/report.json'), 'utf8')) as Report;
    expect(r2.tests.filter((t) => t.state !== 'skipped').map((t) => t.fullName)).toEqual([
      'netcode > keeps 20 Hz',
    ]);
    expect(r2.run.seed).toBe(4242);
  }, 240_000);
});
