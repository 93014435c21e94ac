// The netwright command lines of the CI recipes in examples/ci, as argv arrays with the CI's variables
// filled in: what test/cli/ci-recipes.test.ts parses and test/scenario/scenario-run.test.ts runs.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as shellParse } from 'shell-quote';
import { parse as parseYaml } from 'yaml';

export const repoRootDir = path.resolve(import.meta.dirname, '../..');
export const CI_DIR = path.join(repoRootDir, 'examples/ci');

export interface CiCommand {
  file: string;
  /** Job (or Dockerfile) it comes from. */
  job: string;
  /** Arguments after `netwright`: ['run', '--config', ...]. */
  argv: string[];
}

/** Sample values for the CI variables the recipes use. */
export function ciVariables(extra: Record<string, string> = {}): Record<string, string> {
  return {
    SCENARIO: '--config examples/ci/network-matrix.yaml --seed 7',
    CI_NODE_INDEX: '1',
    CI_NODE_TOTAL: '3',
    CI_PIPELINE_IID: '7',
    SHARD: '1/3',
    ...extra,
  };
}

/** `netwright ...` argv of each segment of a shell line (split at && and ;). */
function fromShell(line: string, vars: Record<string, string>): string[][] {
  // Variables are replaced as text first, so an unquoted $SCENARIO splits into words as in a shell.
  const text = line
    .replace(/\$\{\{\s*matrix\.shard\s*\}\}/g, vars.MATRIX_SHARD ?? '1')
    .replace(/\$\{\{[^}]*\}\}/g, '7')
    .replace(/\$\{?([A-Z_][A-Z0-9_]*)\}?/g, (m, k: string) => vars[k] ?? m);
  const words = shellParse(text);
  const out: string[][] = [];
  let cur: string[] = [];
  for (const w of [...words, { op: ';' }]) {
    if (typeof w === 'string') cur.push(w);
    else {
      const i = cur.indexOf('netwright');
      if (i >= 0) out.push(cur.slice(i + 1));
      cur = [];
    }
  }
  return out;
}

/** Every netwright command line in the three recipes. */
export function ciCommands(extra: Record<string, string> = {}): CiCommand[] {
  const vars = ciVariables(extra);
  const out: CiCommand[] = [];
  const gh = parseYaml(readFileSync(path.join(CI_DIR, 'github-actions.yml'), 'utf8')) as {
    env: Record<string, string>;
    jobs: Record<string, { steps: { run?: string }[] }>;
  };
  const ghVars = {
    ...vars,
    SCENARIO: String(shellParse(gh.env.SCENARIO.replace(/\$\{\{[^}]*\}\}/g, '7')).join(' ')),
  };
  for (const [job, j] of Object.entries(gh.jobs))
    for (const s of j.steps)
      for (const line of (s.run ?? '').split('\n'))
        for (const argv of fromShell(line, ghVars)) out.push({ file: 'github-actions.yml', job, argv });
  const gl = parseYaml(readFileSync(path.join(CI_DIR, 'gitlab-ci.yml'), 'utf8')) as Record<
    string,
    { script?: string[] }
  >;
  for (const [job, j] of Object.entries(gl))
    for (const line of j?.script ?? [])
      for (const argv of fromShell(line, vars)) out.push({ file: 'gitlab-ci.yml', job, argv });
  const docker = readFileSync(path.join(CI_DIR, 'Dockerfile'), 'utf8');
  const cmd = /^CMD (\[.*\])$/m.exec(docker)?.[1];
  if (cmd)
    for (const argv of fromShell((JSON.parse(cmd) as string[]).at(-1) ?? '', vars))
      out.push({ file: 'Dockerfile', job: 'CMD', argv });
  return out;
}
