// Runs node_modules/.bin/vitest on a fixture project under test/fixture-projects and reads back what
// the netwright reporter wrote. Not a test file itself.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { execa, type ResultPromise } from 'execa';
import type { Report } from '../../src/report/model.ts';
import { readReport as readReportFile } from '../../src/report/read-report.ts';
import { toReportJson } from '../../src/report/write-report.ts';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
export const vitestBin = path.join(repoRoot, 'node_modules/.bin/vitest');

export function projectRoot(name: string): string {
  return path.join(repoRoot, 'test/fixture-projects', name);
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `nw-${prefix}-`));
}

/** The parent's environment without the variables of the Vitest running this test. */
export function childEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (
      v === undefined ||
      k.startsWith('VITEST') ||
      k === 'NODE_OPTIONS' ||
      k === 'TEST' ||
      k === 'NETWRIGHT_SEED' ||
      k === 'NO_COLOR' ||
      // As from a plain shell: not through the package.json script that runs this suite.
      /^npm_(lifecycle_|package_)/.test(k)
    )
      continue;
    env[k] = v;
  }
  return { ...env, CI: 'true', FORCE_COLOR: '1', ...extra };
}

export interface VitestRun {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
}

/** Start Vitest (not awaited) on a fixture project. */
export function startVitest(project: string, args: string[], env: Record<string, string>): ResultPromise {
  return execa(vitestBin, [...args, '--root', projectRoot(project)], {
    cwd: projectRoot(project),
    env: childEnv(env),
    extendEnv: false,
    reject: false,
    timeout: 120_000,
    forceKillAfterDelay: 5000,
  });
}

export async function runVitest(
  project: string,
  args: string[],
  env: Record<string, string>,
): Promise<VitestRun> {
  const r = await startVitest(project, ['run', ...args], env);
  return { exitCode: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** The report.json in `outDir`, with its plots read from plots.json. */
export function readReport(outDir: string): Report {
  return readReportFile(path.join(outDir, 'report.json'));
}

export function lastLine(s: string): string {
  return s.trimEnd().split('\n').at(-1) ?? '';
}

let ajv: Ajv | undefined;
const SCHEMA_ID = 'https://netwright.dev/schema/report.schema.json';

function validatorFor(ref: string): ReturnType<Ajv['compile']> {
  if (!ajv) {
    ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    ajv.addSchema(JSON.parse(readFileSync(path.join(repoRoot, 'schema/report.schema.json'), 'utf8')));
  }
  const v = ajv.getSchema(ref);
  if (!v) throw new Error(`no schema ${ref}`);
  return v;
}

function errorsOf(v: ReturnType<Ajv['compile']>, data: unknown, prefix = ''): string[] {
  return v(data) ? [] : (v.errors ?? []).map((e) => `${prefix}${e.instancePath} ${e.message}`);
}

/**
 * Validate against schema/report.schema.json; returns ajv's errors (empty when valid). A report built
 * in memory (plots inline) is checked as written: report.json plus plots.json.
 */
export function schemaErrors(report: unknown): string[] {
  const r = report as Report | undefined;
  if (r && Array.isArray(r.plots)) {
    return [
      ...errorsOf(validatorFor(SCHEMA_ID), toReportJson(r)),
      ...plotsFileErrors({ schemaVersion: r.schemaVersion, report: r.run.files.json, plots: r.plots }),
    ];
  }
  return errorsOf(validatorFor(SCHEMA_ID), report);
}

/** Validate a plots.json against the schema's #/definitions/plotsFile. */
export function plotsFileErrors(plots: unknown): string[] {
  return errorsOf(validatorFor(`${SCHEMA_ID}#/definitions/plotsFile`), plots, 'plots.json');
}

export async function waitFor(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function fileExists(p: string): boolean {
  return existsSync(p);
}
