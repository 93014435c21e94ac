// `netwright fix` end to end on a tiny project, with stand-in LLM commands (scripts with canned
// answers, not LLMs) for the answers the loop must refuse or undo. Every case also checks that the
// user's checkout is untouched and that the transcript is valid JSON.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';

/** True while `pid` runs (a zombie waiting for a reaper counts as gone). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

import type { TranscriptDoc } from '../../src/agent/transcript.ts';
import type { Report } from '../../src/report/model.ts';
import type { FixSummary } from '../../src/report/sections/fix-loop.ts';

const fixOf = (r: Report) => (r.sections['fix-loop'] ?? {}) as FixSummary;

import { lastLine, schemaErrors, tempDir } from '../reporters/run-vitest.ts';
import { git, netwrightFix, STAND_IN, standIn, tinyProject, vitestRun } from './projects.ts';

let repo: string;
let base: string;
let firstReport: string;

/** The user's checkout: same commit, no changes, no new files. */
async function expectUntouched(): Promise<void> {
  expect(await git(repo, 'rev-parse', 'HEAD')).toBe(base);
  expect(await git(repo, 'status', '--porcelain', '--untracked-files=all', '--ignored=no')).toBe('');
  expect(readFileSync(path.join(repo, 'src/math.js'), 'utf8')).toContain('a - b');
}

function transcriptOf(r: { stdout: string; all?: string }): { doc: TranscriptDoc; report: Report } {
  const last = lastLine(r.stdout);
  expect(last, `no REPORT_JSON line at the end; the run said:\n${String(r.all ?? '').slice(-3000)}`).toMatch(
    /^REPORT_JSON:/,
  );
  const reportPath = last.replace(/^REPORT_JSON:/, '');
  const report = JSON.parse(readFileSync(reportPath, 'utf8')) as Report;
  // The fix loop's last report keeps its plot data beside it (read from the run's plots.json).
  expect(existsSync(path.join(path.dirname(reportPath), 'plots.json'))).toBe(true);
  const doc = JSON.parse(readFileSync(fixOf(report).transcriptPath ?? '', 'utf8')) as TranscriptDoc;
  return { doc, report };
}

function answerFile(text: string): string {
  const f = path.join(tempDir('fix-answer'), 'answer.md');
  writeFileSync(f, text);
  return f;
}

const common = (name: string) => [
  '--test',
  vitestRun(),
  '--worktree',
  path.join(tempDir(`fix-wt-${name}`), 'wt'),
  '--from-report',
  firstReport,
  '--patience',
  '1',
  '--max-iterations',
  '2',
];

describe('netwright fix with stand-in LLM commands (tiny project)', () => {
  beforeAll(async () => {
    repo = await tinyProject();
    base = await git(repo, 'rev-parse', 'HEAD');
    // One first run shared by the cases (each starts from it with --from-report).
    const out = path.join(tempDir('fix-first'), 'report');
    const r = await execa(process.execPath, [path.join(repo, 'node_modules/vitest/vitest.mjs'), 'run'], {
      cwd: repo,
      reject: false,
      env: { NETWRIGHT_OUTPUT_DIR: out, CI: 'true' },
    });
    expect(r.exitCode).toBe(1);
    firstReport = path.join(out, 'report.json');
    expect(existsSync(firstReport)).toBe(true);
  }, 60_000);

  it('stand-in LLM answering prose, then a patch outside the repo, then one editing the failing test and .git: all refused', async () => {
    const prose = answerFile('The add function looks wrong; you should change the minus to a plus.\n');
    const outside = answerFile(
      'Fix:\n```diff\n--- a/../escaped.txt\n+++ b/../escaped.txt\n@@ -0,0 +1 @@\n+pwned\n--- a/src/math.js\n+++ b/src/math.js\n@@ -1,2 +1,2 @@\n-export const add = (a, b) => a - b;\n+export const add = (a, b) => a + b;\n export const mul = (a, b) => a * b;\n```\n',
    );
    const cheat = answerFile(
      "```diff\n--- a/test/math.test.ts\n+++ b/test/math.test.ts\n@@ -4,3 +4,3 @@\n test('add adds', () => {\n-  expect(add(2, 3)).toBe(5);\n+  expect(add(2, 3)).toBe(-1);\n });\ndiff --git a/.git/hooks/pre-commit b/.git/hooks/pre-commit\nnew file mode 100755\n--- /dev/null\n+++ b/.git/hooks/pre-commit\n@@ -0,0 +1 @@\n+echo hi\n```\n",
    );
    const r = await netwrightFix(
      [
        '--llm',
        standIn('answers', prose, outside, cheat),
        ...common('refusals'),
        '--patience',
        '3',
        '--max-iterations',
        '3',
      ],
      repo,
      { STANDIN_COUNT: path.join(tempDir('fix-count'), 'n') },
    );
    expect(r.exitCode, r.all).toBe(1);
    const { doc, report } = transcriptOf(r);
    expect(doc.outcome).toBe('no-progress');
    expect(doc.iterations.map((i) => [i.verdict, i.problems])).toEqual([
      ['no-diff', []],
      ['refused', ['../escaped.txt: outside the repository']],
      [
        'refused',
        [
          'test/math.test.ts: a failing test being fixed (pass --allow-test-edits to allow)',
          '.git/hooks/pre-commit: under .git/',
        ],
      ],
    ]);
    expect(r.stderr).toContain('patch refused, not applied (../escaped.txt: outside the repository)');
    expect(existsSync(path.join(path.dirname(repo), 'escaped.txt'))).toBe(false);
    expect(existsSync(path.join(path.dirname(doc.worktree), 'escaped.txt'))).toBe(false);
    // The second prompt tells the LLM what happened to the first answer.
    const second = readFileSync(
      path.join(path.dirname(fixOf(report).transcriptPath ?? ''), doc.iterations[1]?.files.prompt ?? ''),
      'utf8',
    );
    expect(second).toContain('## Earlier attempts (do not repeat them)\n- attempt 1: no-diff: the answer (');
    expect(second).toContain('### test/math.test.ts (11 lines)');
    expect(fixOf(report)).toMatchObject({ outcome: 'no-progress', iterations: 3, finalDiff: '' });
    expect(fixOf(report).tokensSent).toBeGreaterThan(100);
    expect(schemaErrors(report)).toEqual([]);
    await expectUntouched();
  });

  it('a run that starts in the same second as an earlier one gets its own branch; an existing --branch is a coded error', async () => {
    // Two runs a second apart once collided: 'fatal: a branch named netwright-fix/<time> already exists'.
    const stamp = (ms: number) =>
      new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
    const now = Date.now();
    const held = Array.from({ length: 30 }, (_, k) => `netwright-fix/${stamp(now + k * 1000)}`);
    // (An earlier case's run may hold the first one already.)
    const made: string[] = [];
    for (const b of held)
      if (!(await git(repo, 'branch', '--list', b)).trim()) {
        await git(repo, 'branch', b, base);
        made.push(b);
      }
    try {
      const prose = answerFile('No patch from me.\n');
      const r = await netwrightFix(
        ['--llm', standIn('answer', prose), ...common('same-second'), '--max-iterations', '1'],
        repo,
      );
      expect(r.exitCode, r.all).toBe(1);
      const { doc } = transcriptOf(r);
      expect(held).toContain(doc.branch.replace(/-2$/, ''));
      expect(doc.branch).toMatch(/^netwright-fix\/\d{8}-\d{6}-2$/);
      const taken = await netwrightFix(
        ['--llm', standIn('answer', prose), ...common('taken'), '--branch', held[0]],
        repo,
      );
      expect(taken.exitCode, taken.all).toBe(2);
      expect(taken.stderr).toContain(`[ERR_FIX_BRANCH_EXISTS] branch ${held[0]} already exists`);
      expect(taken.stderr).toContain(`git branch -D ${held[0]}`);
    } finally {
      await git(repo, 'branch', '-D', ...made);
    }
    await expectUntouched();
  });

  it('stand-in LLM answering a patch that makes things worse: applied, re-run, undone', async () => {
    // Breaks mul (passing) and leaves add broken.
    const worse = answerFile(
      'Try this:\n```diff\n--- a/src/math.js\n+++ b/src/math.js\n@@ -1,2 +1,2 @@\n export const add = (a, b) => a - b;\n-export const mul = (a, b) => a * b;\n+export const mul = (a, b) => a + b;\n```\n',
    );
    const r = await netwrightFix(['--llm', standIn('answer', worse), ...common('worse')], repo);
    expect(r.exitCode, r.all).toBe(1);
    const { doc, report } = transcriptOf(r);
    const it1 = doc.iterations[0];
    expect(it1?.verdict).toBe('worse');
    expect(it1?.comparison).toMatchObject({
      fixed: [],
      stillFailing: ['test/math.test.ts > add adds'],
      newlyFailing: ['test/math.test.ts > mul multiplies'],
    });
    expect(it1?.runs.all?.failed).toBe(2);
    expect(it1?.commit).toBeNull();
    // The loop's worktree is back where it started; nothing was committed.
    expect(await git(doc.worktree, 'rev-parse', 'HEAD')).toBe(base);
    expect(await git(doc.worktree, 'status', '--porcelain', '--untracked-files=no')).toBe('');
    expect(fixOf(report)).toMatchObject({ outcome: 'no-progress', head: base, finalDiff: '' });
    await expectUntouched();
  });

  it('stand-in LLM that hangs: stopped at --llm-timeout with its process group, then Ctrl-C leaves a valid transcript', async () => {
    const pidFile = path.join(tempDir('fix-hang'), 'pid');
    const r = await netwrightFix(['--llm', standIn('hang'), '--llm-timeout', '1', ...common('hang')], repo, {
      STANDIN_PID: pidFile,
    });
    expect(r.exitCode, r.all).toBe(1);
    const { doc } = transcriptOf(r);
    expect(doc.iterations[0]).toMatchObject({ verdict: 'llm-timeout', llm: { timedOut: true } });
    expect(alive(Number(readFileSync(pidFile, 'utf8')))).toBe(false);

    // Ctrl-C while the LLM is thinking: the loop stops, kills it, and finishes its transcript.
    const pid2 = path.join(tempDir('fix-int'), 'pid');
    const child = netwrightFix(['--llm', standIn('hang'), ...common('interrupt')], repo, {
      STANDIN_PID: pid2,
    });
    for (let i = 0; i < 200 && !existsSync(pid2); i++) await new Promise((res) => setTimeout(res, 50));
    child.kill('SIGINT');
    const done = await child;
    expect(done.exitCode, done.all).toBe(130);
    const t2 = transcriptOf(done);
    expect(t2.doc).toMatchObject({ status: 'finished', outcome: 'interrupted' });
    expect(t2.doc.iterations[0]?.verdict).toBe('interrupted');
    expect(alive(Number(readFileSync(pid2, 'utf8')))).toBe(false);
    await expectUntouched();
  });

  it('usage mistakes are one line each, exit 2; outside a repository is a coded error', async () => {
    const r = await netwrightFix(['--llm-command', 'x'], repo);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.split('\n')).toEqual([
      'netwright fix: unknown option --llm-command (did you mean --llm?)',
      'netwright fix: --llm "<command>" is required: the LLM CLI to ask (it reads the prompt on stdin)',
    ]);
    const outside = await netwrightFix(['--llm', `node ${STAND_IN} hang`], tempDir('fix-norepo'));
    expect(outside.exitCode).toBe(2);
    expect(outside.stderr).toContain('[ERR_FIX_NOT_A_REPO]');
  });
});
