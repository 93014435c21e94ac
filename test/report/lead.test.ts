// A failure's lead (src/report/lead.ts): what went wrong in a few words and the files to open, from
// the evidence; the source references it resolves (src/report/source-refs.ts); the MUD section's
// "blows did no damage" and combat-code pointer it reads.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/report/build-report.ts';
import { failureLead, humanize } from '../../src/report/lead.ts';
import type { FailureEntry } from '../../src/report/model.ts';
import { renderSummary } from '../../src/report/render-summary.ts';
import { referencedSources } from '../../src/report/source-refs.ts';
import { schemaErrors, tempDir } from '../reporters/run-vitest.ts';
import { collectedRun, collectedTest } from './synthetic.ts';

/** A project with a Godot folder, a MUD combat file and a vendored module. */
function project(): string {
  const root = tempDir('lead');
  const files = {
    'godot/project.godot': '',
    'godot/scripts/client.gd': 'extends Node\n',
    'lib/game/combat.ts': 'export {};\n',
    'specs/a.spec.ts': 'test\n',
    'node_modules/x/index.ts': 'export {};\n',
  };
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}

describe('referencedSources', () => {
  it('resolves res:// (with a function or a line), bare paths and path:line; drops missing, vendored and outside files', () => {
    const root = project();
    const texts = [
      '"where":"res://scripts/client.gd:_on_snapshot"',
      'at res://scripts/client.gd:42',
      'combat code: lib/game/combat.ts',
      'lib/missing.ts:3 node_modules/x/index.ts:1 ../outside/a.ts:1 /etc/x/y.ts',
    ];
    expect(referencedSources(texts, root)).toEqual(['godot/scripts/client.gd', 'lib/game/combat.ts']);
  });
});

describe('failureLead', () => {
  it('names the metric the failing line reads, the anomalies by count and the files they point at', () => {
    const root = project();
    const core = {
      file: 'specs/a.spec.ts',
      quote: {
        file: 'specs/a.spec.ts',
        line: 3,
        fromLine: 2,
        lines: ['', '  expect(c.metrics.baselineMismatches).toBe(0);'],
      },
      error: { name: 'AssertionError', message: 'expected 108 to be +0', stack: ['specs/a.spec.ts:3:5'] },
    } as unknown as FailureEntry;
    const anomaly = (event: string, detail: string) => ({ tMs: 1, t: 1, source: 'client-1', event, detail });
    const lead = failureLead(
      core,
      {
        processes: [],
        anomalies: [
          anomaly('baseline_mismatch', '{"where":"res://scripts/client.gd:_on_snapshot"}'),
          anomaly('baseline_mismatch', '{}'),
          anomaly('underrun', '{}'),
        ],
        network: null,
        logs: [],
        tails: [],
        logsNotScanned: 0,
      },
      root,
    );
    expect(lead).toEqual({
      saw: [
        'expected 108 to be +0',
        'failing metric: baseline mismatches',
        'anomalies: baseline mismatch ×2, underrun ×1',
      ],
      open: ['godot/scripts/client.gd'],
    });
  });

  it('joins a first line that only introduces the next', () => {
    const core = {
      file: 'specs/a.spec.ts',
      quote: null,
      error: {
        name: 'Error',
        message: 'expected smooth rendering; 1 of 1 did not:\n  client-1: jumps 1680/min',
        stack: [],
      },
    } as unknown as FailureEntry;
    expect(failureLead(core, null, project()).saw).toEqual([
      'expected smooth rendering; 1 of 1 did not: client-1: jumps 1680/min',
    ]);
  });

  it('names the impairments in force (a jittery link), so the lead says what the healthy twin lacked', () => {
    const core = {
      file: 'specs/a.spec.ts',
      quote: null,
      error: { name: 'Error', message: 'expected smooth rendering; client-1: jumps 900/min', stack: [] },
    } as unknown as FailureEntry;
    const raw = (config: unknown) => ({
      processes: [],
      anomalies: [],
      network: { config, timeline: [], stats: [] },
      logs: [],
      tails: [],
      logsNotScanned: 0,
    });
    const jittery = {
      downstream: { latency: { latencyMs: 30, jitterMs: 15 } },
      upstream: { loss: { rate: 0 } },
    };
    expect(failureLead(core, raw(jittery), project()).saw).toEqual([
      'expected smooth rendering; client-1: jumps 900/min',
      'network in force: downstream.latency.latencyMs=30, downstream.latency.jitterMs=15',
    ]);
    // A clean link says nothing about the network.
    expect(failureLead(core, raw({}), project()).saw).toHaveLength(1);
  });

  it('humanizes metric and event ids', () => {
    expect(humanize('baselineMismatches')).toBe('baseline mismatches');
    expect(humanize('render_jump')).toBe('render jump');
  });
});

describe('MUD fights that do no damage', () => {
  const fight = (outcome: string, condition: string, hitsGiven: number) => ({
    target: 'monster',
    outcome,
    rounds: 7,
    condition,
    hitsGiven,
    hitsTaken: 3,
    lines: ['Your slash scratches the monster.'],
    t: 1_700_000_001_000,
  });
  const run = (root: string, fights: unknown[]) =>
    buildReport(
      collectedRun(
        [
          collectedTest({
            name: 'a bot kills a monster',
            state: 'failed',
            file: path.join(root, 'specs/a.spec.ts'),
            errors: [{ name: 'AssertionError', message: 'expected Pupil to have kills >= 1, it has 0' }],
            rawMeta: {
              netwright: {
                mud: {
                  server: { kind: 'fixture', sources: { combat: 'lib/game/combat.ts' } },
                  bots: [{ name: 'Pupil', kills: 0, flees: 2, fights }],
                },
              },
            },
          }),
        ],
        { root },
      ),
      { outputDir: path.join(root, 'out') },
    );

  it('hits landed and every monster still in excellent condition: said, with the combat code to open', async () => {
    const root = project();
    const r = await run(root, [
      fight('fled', 'is in excellent condition.', 4),
      fight('fled', 'is in excellent condition.', 2),
    ]);
    expect(schemaErrors(r)).toEqual([]);
    const f = r.failures[0];
    expect(f.evidence.blocks[0].title).toContain(
      '6 hits over 2 fight(s) did no damage: the monster never lost hp (always "is in excellent condition"); combat code: lib/game/combat.ts',
    );
    expect(f.lead.open).toEqual(['lib/game/combat.ts']);
    expect(renderSummary(r)).toMatch(
      /^1\. \*\*a bot kills a monster\*\* .*did no damage.* — open `lib\/game\/combat\.ts`$/m,
    );
  });

  it('a monster that was hurt once: no such claim', async () => {
    const r = await run(project(), [
      fight('fled', 'is in excellent condition.', 4),
      fight('fled', 'has a few scratches.', 2),
    ]);
    expect(r.failures[0].evidence.blocks[0].title).not.toContain('did no damage');
  });
});
