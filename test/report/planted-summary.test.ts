// Does summary.md get an agent to the cause? A clone of this repository runs four HEALTHY assertions
// (the healthy twins of the planted-bug specs: the monster dies, no baseline mismatches, the walk
// renders smoothly twice) with each planted bug switched on, so they fail as a user's suite would:
// - the fixture MUD's damage bug (NETWRIGHT_MUD_BUG's `bug: 'damage'`, mud-fixtures/lib/game/combat.ts);
// - a 2-snapshot client history (NET_CFG_CLIENT_HISTORY=2): baseline mismatches;
// - snapping positions (NET_CFG_INTERPOLATION=0): a jump per snapshot;
// - a jitter buffer played by arrival time (NET_CFG_JITTER_CLOCK=arrival) on a jittery link.
// One Vitest run (one set of Godot starts). summary.md is cut where an agent would stop reading (2,000
// tokens by the report's own estimate) and each failure in the cut must name the test, what went wrong
// in words that identify the bug, and the file to open.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { estimateTokens } from '../../src/report/budget.ts';
import { plantedClone, VITEST, write } from '../agent/projects.ts';
import { childEnv, tempDir } from '../reporters/run-vitest.ts';

const SPEC = 'specs/planted-summary/healthy-twins.spec.ts';

const HEALTHY_TWINS = `import { describe, expect, test } from '../../fixtures/index.ts';
import { SMOOTH_NOISE } from '../netcode/fixtures.ts';

const FAST = { pulseMs: 5, violencePulses: 2, mobilePulses: 8, tickPulses: 40 };
const JITTERY = { downstream: { latency: { latencyMs: 30, jitterMs: 15 } } } as const;

describe('MUD', () => {
  test.override({ mudServerOptions: { options: { ...FAST, bug: 'damage' } } });

  test('a bot in MUD School kills a monster', async ({ mudBot }) => {
    const bot = await mudBot({
      name: 'Pupil',
      tuning: { respawnCheckMs: 3000, pollMs: 100, restBelowPercent: 100 },
      queue: { maxPerSecond: 0 },
    });
    await bot.play({ for: 8000, until: () => bot.metrics.kills >= 1 });
    expect(bot).toHaveKilled({ min: 1 });
  });
});

describe('game', () => {
  test('a walker under 40 ms lag has no baseline mismatches', async ({ clients }) => {
    const [c] = await clients(1, {
      behavior: 'random_walk',
      impairment: { lagMs: 40 },
      env: { NET_CFG_CLIENT_HISTORY: '2' },
    });
    await expect.poll(() => c, { timeout: 20_000 }).toHaveReceivedSnapshots({ min: 90 });
    expect(c.metrics.baselineMismatches).toBe(0);
  });

  test('a walker renders smoothly', async ({ clients }) => {
    const [c] = await clients(1, { behavior: 'random_walk', env: { NET_CFG_INTERPOLATION: '0' } });
    await expect.poll(() => c, { timeout: 20_000 }).toHaveReceivedSnapshots({ min: 150 });
    expect(c).toRenderSmoothly(SMOOTH_NOISE);
  });

  test('a walker renders smoothly through a jittery link', async ({ clients, network }) => {
    network.set(JITTERY);
    const [c] = await clients(1, { behavior: 'random_walk', env: { NET_CFG_JITTER_CLOCK: 'arrival' } });
    await expect.poll(() => c, { timeout: 20_000 }).toHaveReceivedSnapshots({ min: 150 });
    expect(c).toRenderSmoothly(SMOOTH_NOISE);
  });
});
`;

/** What each failure must say within the first 2,000 tokens. */
const EXPECTED = [
  {
    test: 'MUD > a bot in MUD School kills a monster',
    bug: /damage|never los(es|t) hp/i,
    file: 'mud-fixtures/lib/game/combat.ts',
  },
  {
    test: 'game > a walker under 40 ms lag has no baseline mismatches',
    bug: /baseline mismatch/i,
    file: 'godot/scripts/client.gd',
  },
  { test: 'game > a walker renders smoothly', bug: /jump|step/i, file: 'godot/scripts/client.gd' },
  {
    test: 'game > a walker renders smoothly through a jittery link',
    bug: /jump|extrapolat|jitter/i,
    file: 'godot/scripts/client.gd',
  },
];

/**
 * What summary.md says about each failure, by full name: its line in "At a glance"
 * (`N. **name** ...`) and its block in "Failures" (`### N. name` up to the next heading).
 */
function failureTexts(md: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (name: string, text: string) => out.set(name, [...(out.get(name) ?? []), text]);
  for (const m of md.matchAll(/^\d+\. \*\*(.+?)\*\* .*$/gm)) add(m[1] as string, m[0]);
  const heads = [...md.matchAll(/^### \d+\. (.+)$/gm)];
  heads.forEach((h, i) => {
    const start = h.index ?? 0;
    const nextSection = md.indexOf('\n## ', start);
    const end = Math.min(heads[i + 1]?.index ?? md.length, nextSection === -1 ? md.length : nextSection);
    add(h[1] as string, md.slice(start, end));
  });
  return out;
}

/** The first `tokens` tokens of `md` by the report's estimate (chars / 4). */
function firstTokens(md: string, tokens: number): string {
  let cut = md.slice(0, tokens * 4);
  while (estimateTokens(cut) > tokens) cut = cut.slice(0, -1);
  return cut;
}

describe('summary.md names each planted bug, what went wrong and the file to open', () => {
  it('four healthy assertions failing on four planted bugs, read in the first 2,000 tokens', async () => {
    const repo = await plantedClone('summary', (dir) => write(dir, { [SPEC]: HEALTHY_TWINS }));
    const out = tempDir('planted-summary-report');
    const env = childEnv({ NETWRIGHT_OUTPUT_DIR: out });
    const r = await execa(process.execPath, [VITEST, 'run', '--project', 'specs', SPEC], {
      cwd: repo,
      env,
      extendEnv: false,
      reject: false,
      timeout: 150_000,
      all: true,
    });
    expect(r.exitCode, r.all).toBe(1);
    const md = readFileSync(path.join(out, 'summary.md'), 'utf8');
    const cut = firstTokens(md, 2000);
    const said = failureTexts(cut);
    for (const e of EXPECTED) {
      const texts = said.get(e.test) ?? [];
      expect(texts.length, `${e.test} among the failures in the first 2,000 tokens:\n${cut}`).toBeGreaterThan(
        0,
      );
      // One place that says all three: the test, what went wrong, the file to open.
      const whole = texts.find((t) => e.bug.test(t) && t.includes(e.file));
      expect(whole, `${e.test}: what went wrong (${e.bug}) and ${e.file} together:\n${cut}`).toBeDefined();
    }
  }, 180_000);
});
