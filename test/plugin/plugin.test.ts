// Runs Vitest itself on a small project that uses the netwright() plugin and checks what the plugin
// promises: one run seed handed to workers (NETWRIGHT_SEED replays it), per-test seeds derived from it,
// process-friendly timeouts, and the report writer kept even when --reporter replaces the list.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { deriveSeed } from '../../src/util/random.ts';

const root = path.resolve(import.meta.dirname, '../fixture-projects/plugin-basic');
const vitestBin = path.resolve(import.meta.dirname, '../../node_modules/.bin/vitest');

describe('netwright() plugin', () => {
  it('hands NETWRIGHT_SEED to workers, derives test seeds, and keeps the reporter under --reporter=dot', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nw-plugin-'));
    const seedOut = path.join(dir, 'seed.json');
    const result = await execa(vitestBin, ['run', '--root', root, '--reporter=dot'], {
      env: { NETWRIGHT_SEED: '1234', NETWRIGHT_OUTPUT_DIR: dir, SEED_OUT: seedOut, CI: 'true' },
      reject: false,
      timeout: 90_000,
    });
    expect(result.exitCode).toBe(1); // one test fails on purpose
    const seeds = JSON.parse(readFileSync(seedOut, 'utf8'));
    expect(seeds.runSeed).toBe(1234);
    expect(seeds.seed).toBe(deriveSeed(1234, seeds.fullName));
    expect(seeds.timeout).toBe(120_000);
    expect(seeds.logDir.startsWith(dir)).toBe(true);
    const lastLine = result.stdout.trim().split('\n').at(-1) ?? '';
    expect(lastLine).toMatch(/^REPORT_JSON:/);
    const reportPath = lastLine.slice('REPORT_JSON:'.length);
    expect(existsSync(reportPath)).toBe(true);
    const report = JSON.parse(readFileSync(reportPath, 'utf8'));
    expect(JSON.stringify(report)).toContain('1234');
    // Every test has its file:line, passing ones included (the plugin turns on includeTaskLocation).
    expect(report.tests.map((t: { name: string; line: number | null }) => [t.name, t.line])).toEqual([
      ['fails on purpose so the report has a failure', 18],
      ['reports its seeds', 4],
    ]);
    // The failure quotes the spec around the failing expect.
    const f = report.failures[0];
    expect(f.location).toBe('seed.fixture-test.ts:19');
    expect(f.quote).toMatchObject({ file: 'seed.fixture-test.ts', line: 19, fromLine: 17 });
    expect(f.quote.lines).toEqual([
      '',
      "test('fails on purpose so the report has a failure', () => {",
      '  expect(1 + 1).toBe(3);',
      '});',
    ]);
    const md = readFileSync(path.join(dir, 'summary.md'), 'utf8');
    expect(md).toContain('> 19 |   expect(1 + 1).toBe(3);');
  });

  it('puts fixture figures into JUnit properties (--reporter=junit replaces the list, the figures stay)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nw-plugin-junit-'));
    const junit = path.join(dir, 'junit.xml');
    await execa(vitestBin, ['run', '--root', root, '--reporter=junit', `--outputFile=${junit}`], {
      env: {
        NETWRIGHT_SEED: '77',
        NETWRIGHT_OUTPUT_DIR: dir,
        SEED_OUT: path.join(dir, 'seed.json'),
        CI: 'true',
      },
      reject: false,
      timeout: 90_000,
    });
    const seeds = JSON.parse(readFileSync(path.join(dir, 'seed.json'), 'utf8'));
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain(`<property name="netwright.seed" value="${seeds.seed}">`);
    expect(existsSync(path.join(dir, 'report.json'))).toBe(true);
  });
});
