// `netwright fix` turning planted-bug runs green, end to end, with stand-in LLM commands (scripts that
// answer the reverse of the planted change: not LLMs). One bug in the bundled Godot game (a runtime
// script error in the random walk), one in the fixture MUD (blows that take no hit points). Each runs
// in a clone of this repository; the clone's own checkout must stay as it was.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TranscriptDoc } from '../../src/agent/transcript.ts';
import type { Report } from '../../src/report/model.ts';
import type { FixSummary } from '../../src/report/sections/fix-loop.ts';

const fixOf = (r: Report) => (r.sections['fix-loop'] ?? {}) as FixSummary;

import { lastLine, schemaErrors, tempDir } from '../reporters/run-vitest.ts';
import { git, netwrightFix, plantedClone, standIn, undoPatch, vitestRun, write } from './projects.ts';

function edit(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8');
  if (!text.includes(from))
    throw new Error(`${file} no longer contains ${JSON.stringify(from)}: update the planted bug`);
  writeFileSync(file, text.replace(from, to));
}

async function fixWithReversePatch(repo: string, planted: string, testArgs: string[], name: string) {
  const base = await git(repo, 'rev-parse', 'HEAD');
  const answer = path.join(tempDir(`fix-${name}-answer`), 'answer.md');
  writeFileSync(
    answer,
    `The last change broke it. Revert it:\n\n\`\`\`diff\n${await undoPatch(repo, planted)}\`\`\`\n`,
  );
  const promptLog = path.join(path.dirname(answer), 'prompts.txt');
  const r = await netwrightFix(
    [
      '--llm',
      standIn('answer', answer),
      '--test',
      vitestRun(...testArgs),
      '--worktree',
      path.join(tempDir(`fix-${name}-wt`), 'wt'),
      '--max-iterations',
      '1',
    ],
    repo,
    { STANDIN_LOG: promptLog },
  );
  const report = JSON.parse(readFileSync(lastLine(r.stdout).replace(/^REPORT_JSON:/, ''), 'utf8')) as Report;
  const doc = JSON.parse(readFileSync(fixOf(report).transcriptPath ?? '', 'utf8')) as TranscriptDoc;
  // The user's checkout is untouched: same commit, still the planted bug, no changes.
  expect(await git(repo, 'rev-parse', 'HEAD')).toBe(base);
  expect(await git(repo, 'status', '--porcelain', '--untracked-files=no')).toBe('');
  return { r, report, doc, prompt: readFileSync(promptLog, 'utf8'), base };
}

describe('netwright fix turns planted-bug runs green (stand-in LLM answering the right patch)', () => {
  it('stand-in LLM fixes a planted bug in the bundled Godot game', async () => {
    const planted = 'godot/scripts/behaviors.gd';
    const repo = await plantedClone('game', (dir) => {
      edit(path.join(dir, planted), 'target = _random_point(64.0)', 'target = _random_point(null)');
      write(dir, {
        'specs/fix-loop/walker.spec.ts': `import { expect, test } from '../../fixtures/index.ts';

test('a random walker keeps receiving snapshots', async ({ clients }) => {
  const [walker] = await clients(1, { behavior: 'random_walk' });
  await expect.poll(() => walker, { timeout: 15_000 }).toHaveReceivedSnapshots({ min: 30 });
});
`,
      });
    });
    const { r, report, doc, prompt, base } = await fixWithReversePatch(
      repo,
      planted,
      ['--project', 'specs', 'specs/fix-loop/walker.spec.ts'],
      'game',
    );
    expect(r.exitCode, r.all).toBe(0);
    expect(doc.initial?.failed).toBe(1);
    expect(doc.iterations.map((i) => i.verdict)).toEqual(['fixed']);
    // The evidence (SCRIPT ERROR at res://scripts/behaviors.gd:N) put the script into the prompt.
    expect(prompt).toContain(`### ${planted}`);
    expect(report.status).toBe('passed');
    expect(fixOf(report)).toMatchObject({
      outcome: 'fixed',
      iterations: 1,
      fixed: ['a random walker keeps receiving snapshots'],
    });
    expect(fixOf(report).finalDiff).toContain('+				target = _random_point(64.0)');
    expect(schemaErrors(report)).toEqual([]);
    expect(await git(doc.worktree, 'log', '--format=%an', `${base}..HEAD`)).toBe('netwright fix');
    expect(readFileSync(path.join(path.dirname(doc.worktree), 'wt', planted), 'utf8')).toContain(
      '_random_point(64.0)',
    );
  }, 240_000);

  it('stand-in LLM fixes a planted damage bug in the fixture MUD', async () => {
    const planted = 'mud-fixtures/lib/game/combat.ts';
    const repo = await plantedClone('mud', (dir) => {
      // Blows take no hit points: whatever the damage line is, it is wrapped so it subtracts nothing.
      const file = path.join(dir, planted);
      const text = readFileSync(file, 'utf8');
      const fixed = text.replace(/^(\s*)victim\.hit -= (.+);$/m, '$1victim.hit -= Math.min($2, 0);');
      if (fixed === text)
        throw new Error(`${planted} has no 'victim.hit -= ...;' line any more: update the planted bug`);
      writeFileSync(file, fixed);
      write(dir, {
        'test/mud/server/fix-loop-fight.test.ts': `import { expect, it } from 'vitest';
import { createChar, makeGame, pulses } from './harness.ts';

it('a fight in the cage ends with a kill or a death', () => {
  const { game, events } = makeGame({ violencePulses: 2 });
  const { s } = createChar(game, 'Hunter');
  for (const d of ['north', 'north', 'west', 'north', 'north', 'west', 'down', 'north']) {
    game.input(s, d);
    pulses(game, 2);
  }
  game.input(s, 'kill monster');
  for (let i = 0; i < 3000 && !events.some((e) => e.event === 'kill' || e.event === 'death'); i++) game.pulse();
  expect(events.filter((e) => e.event === 'kill' || e.event === 'death').length).toBeGreaterThan(0);
});
`,
      });
    });
    const { r, report, doc } = await fixWithReversePatch(
      repo,
      planted,
      ['--project', 'unit', 'test/mud/server/fix-loop-fight.test.ts'],
      'mud',
    );
    expect(r.exitCode, r.all).toBe(0);
    expect(doc.initial?.failed).toBe(1);
    expect(doc.iterations.map((i) => i.verdict)).toEqual(['fixed']);
    expect(fixOf(report)).toMatchObject({
      outcome: 'fixed',
      fixed: ['a fight in the cage ends with a kill or a death'],
    });
    expect(fixOf(report).finalDiff).toMatch(/^\+\s+victim\.hit -= (?!Math\.min)/m);
    const summary = readFileSync(report.run.files.summary, 'utf8');
    expect(summary).toContain('## Fix loop (netwright fix)');
    expect(summary).toContain('- outcome: **fixed** after 1 iteration(s)');
  }, 120_000);
});
