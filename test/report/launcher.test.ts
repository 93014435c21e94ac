// How a project runs Vitest (src/report/launcher.ts) and the repro commands built from it
// (src/report/reproduce.ts), for pnpm, npm, yarn and bun, with and without a package.json script.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configArgsOf, detectLauncher } from '../../src/report/launcher.ts';
import { reproduceCommand } from '../../src/report/reproduce.ts';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'nw-launcher-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const repro = (root: string, env: NodeJS.ProcessEnv, argv: string[] = [], onPath = true) =>
  reproduceCommand({
    file: 'specs/a.spec.ts',
    fullName: 'net > holds',
    project: null,
    seed: 7,
    launcher: detectLauncher(root, env, argv, () => onPath, root),
  }).command;

describe('repro commands run the way the project runs Vitest', () => {
  it('goes through the npm script the run came through (npm needs -- before the arguments)', () => {
    const root = project({ 'package.json': '{"scripts":{"test":"vitest run"}}', 'package-lock.json': '{}' });
    const env = {
      npm_lifecycle_event: 'test',
      npm_lifecycle_script: 'vitest run',
      npm_config_user_agent: 'npm/10.9.2 node/v24.1.0 linux x64',
    };
    expect(repro(root, env)).toBe("NETWRIGHT_SEED=7 npm test -- specs/a.spec.ts -t '^net > holds$'");
  });

  it('adds --run to a script that starts Vitest in watch mode, and keeps pnpm scripts free of --', () => {
    const root = project({
      'package.json': '{"scripts":{"e2e":"node setup.js && vitest --project specs"}}',
      'pnpm-lock.yaml': '',
    });
    const env = { npm_lifecycle_event: 'e2e', npm_config_user_agent: 'pnpm/12.21.0 npm/? node/v24.1.0' };
    expect(repro(root, env)).toBe("NETWRIGHT_SEED=7 pnpm run e2e --run specs/a.spec.ts -t '^net > holds$'");
  });

  it('runs the local vitest binary the package manager way when the run did not come through a script', () => {
    const pnpm = project({ 'package.json': '{}', 'pnpm-lock.yaml': '' });
    expect(repro(pnpm, {})).toBe("NETWRIGHT_SEED=7 pnpm exec vitest run specs/a.spec.ts -t '^net > holds$'");
    const yarn = project({ 'package.json': '{}', 'yarn.lock': '' });
    expect(repro(yarn, {})).toBe("NETWRIGHT_SEED=7 yarn vitest run specs/a.spec.ts -t '^net > holds$'");
    const npm = project({ 'package.json': '{}' });
    expect(repro(npm, {}, ['run', '--config', 'vitest.e2e.ts', '--reporter=dot', '--mode', 'e2e'])).toBe(
      "NETWRIGHT_SEED=7 npx vitest run --config vitest.e2e.ts --mode e2e specs/a.spec.ts -t '^net > holds$'",
    );
    // A script that does not run Vitest (lint, build) is not used.
    const lint = project({
      'package.json': '{"scripts":{"check":"tsc && biome check"}}',
      'pnpm-lock.yaml': '',
    });
    expect(repro(lint, { npm_lifecycle_event: 'check' })).toMatch(/^NETWRIGHT_SEED=7 pnpm exec vitest run /);
  });

  it('uses npx -y <pm>@<version> when the package manager is not on PATH', () => {
    const root = project({
      'package.json': '{"packageManager":"pnpm@12.21.0+sha512.abc"}',
      'pnpm-lock.yaml': '',
    });
    expect(repro(root, {}, [], false)).toBe(
      "NETWRIGHT_SEED=7 npx -y pnpm@12.21.0 exec vitest run specs/a.spec.ts -t '^net > holds$'",
    );
  });

  it('finds the lockfile of a workspace in a parent directory', () => {
    const root = project({ 'package.json': '{}', 'pnpm-lock.yaml': '', 'packages/game/package.json': '{}' });
    expect(repro(path.join(root, 'packages/game'), {})).toMatch(/ pnpm exec vitest run /);
  });

  it('keeps only the config-selecting options of the original command line, paths relative to the root', () => {
    const argv = [
      'run',
      'specs',
      '-t',
      'x',
      '--config=cfg/a.ts',
      '--root',
      'game',
      '--shard=1/2',
      '--mode',
      'ci',
    ];
    expect(configArgsOf(argv, '/repo/game', '/repo')).toEqual(['--config', '../cfg/a.ts', '--mode', 'ci']);
  });
});
