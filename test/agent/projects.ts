// Throwaway git repositories for the fix loop's end-to-end tests: a tiny Vitest project with a planted
// bug, or a clone of this repository with a bug planted in the bundled game or the fixture MUD.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { childEnv, repoRoot, tempDir } from '../reporters/run-vitest.ts';

export const STAND_IN = path.join(import.meta.dirname, 'stand-in-llm.mjs');
export const VITEST = path.join(repoRoot, 'node_modules/vitest/vitest.mjs');
const NODE = process.execPath;

/** `node stand-in-llm.mjs ...` as an --llm command. */
export const standIn = (...args: string[]) =>
  [NODE, STAND_IN, ...args].map((a) => JSON.stringify(a)).join(' ');

/** `node vitest.mjs run ...` as a --test command. */
export const vitestRun = (...args: string[]) =>
  [NODE, VITEST, 'run', ...args].map((a) => JSON.stringify(a)).join(' ');

export async function git(cwd: string, ...args: string[]): Promise<string> {
  const r = await execa('git', args, { cwd, env: { GIT_TERMINAL_PROMPT: '0' } });
  return String(r.stdout);
}

async function commitAll(cwd: string, message: string): Promise<void> {
  await git(cwd, 'add', '-A');
  await git(cwd, '-c', 'user.name=test', '-c', 'user.email=test@localhost', 'commit', '-q', '-m', message);
}

function write(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
}

/** A tiny project: `add` is planted wrong (a - b), `mul` is right; both tested, netwright plugin on. */
export async function tinyProject(): Promise<string> {
  const repo = tempDir('fix-tiny');
  write(repo, {
    'package.json': '{ "name": "tiny", "private": true, "type": "module" }\n',
    '.gitignore': 'node_modules\nnetwright-report/\n',
    'vitest.config.mjs': `import { netwright } from ${JSON.stringify(path.join(repoRoot, 'fixtures/plugin.ts'))};
export default { plugins: [netwright({ reporter: true })], test: { include: ['test/**/*.test.ts'] } };
`,
    'src/math.js': 'export const add = (a, b) => a - b;\nexport const mul = (a, b) => a * b;\n',
    'test/math.test.ts': `import { expect, test } from 'vitest';
import { add, mul } from '../src/math.js';

test('add adds', () => {
  expect(add(2, 3)).toBe(5);
});

test('mul multiplies', () => {
  expect(mul(2, 3)).toBe(6);
});
`,
  });
  await execa('git', ['init', '-q', '-b', 'main'], { cwd: repo });
  await commitAll(repo, 'tiny project with a planted add bug');
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(repo, 'node_modules'), 'dir');
  return repo;
}

/** A clone of this repository's HEAD with `files` changed and committed as a planted bug. */
export async function plantedClone(name: string, edit: (repo: string) => void): Promise<string> {
  const repo = path.join(tempDir(`fix-${name}`), 'netwright');
  await execa('git', ['clone', '-q', '--shared', '--no-tags', repoRoot, repo]);
  edit(repo);
  await commitAll(repo, `plant a bug: ${name}`);
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(repo, 'node_modules'), 'dir');
  return repo;
}

/** The reverse of the last commit for `file`: the patch that undoes the planted bug. */
export async function undoPatch(repo: string, file: string): Promise<string> {
  return `${await git(repo, 'diff', 'HEAD', 'HEAD~1', '--', file)}\n`;
}

export { write };

/** Run `netwright fix` in `cwd`. */
export function netwrightFix(args: string[], cwd: string, extraEnv: Record<string, string> = {}) {
  const env = childEnv(extraEnv);
  delete env.NETWRIGHT_OUTPUT_DIR;
  return execa(NODE, [path.join(repoRoot, 'bin/netwright.mjs'), 'fix', ...args], {
    cwd,
    env,
    extendEnv: false,
    reject: false,
    timeout: 180_000,
    all: true,
  });
}
