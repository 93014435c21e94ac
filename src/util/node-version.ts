// The Node.js version netwright needs, checked where a consumer meets it first (the Vitest plugin):
// on an older Node the failure is otherwise deep and unnamed (Node 20: `Map.groupBy is not a function`
// inside Vitest, `TEXT_ENCODINGS.union is not a function`).
import { NetwrightError } from '../errors.ts';

/** Oldest supported Node.js: type stripping of the sources, Map.groupBy, Set methods. */
export const MIN_NODE_VERSION = '22.18.0';

/** Why `version` (e.g. `20.11.1`, `v24.1.0`) is too old for netwright, or undefined when it is fine. */
export function nodeVersionProblem(version: string): string | undefined {
  const parse = (v: string) => v.replace(/^v/, '').split('.').map(Number);
  const have = parse(version);
  const need = parse(MIN_NODE_VERSION);
  if (have.length < 2 || have.some((n) => !Number.isInteger(n)))
    return `cannot read the Node.js version '${version}'`;
  for (let i = 0; i < need.length; i++) {
    const h = have[i] ?? 0;
    if (h > need[i]) return undefined;
    if (h < need[i])
      return `Node.js ${version.replace(/^v/, '')} is too old: netwright needs >= ${MIN_NODE_VERSION}`;
  }
  return undefined;
}

/** Throws ERR_NODE_VERSION (with the fix as hint) when this Node.js is too old. */
export function assertNodeVersion(version: string = process.versions.node): void {
  const problem = nodeVersionProblem(version);
  if (!problem) return;
  throw new NetwrightError('ERR_NODE_VERSION', problem, {
    hint: `run Vitest on Node.js 24 (or >= ${MIN_NODE_VERSION}): e.g. \`nvm install 24\`, or \`pnpm add -D node@24\` for a project-local Node; \`node --version\` shows the Node that runs Vitest`,
    details: { node: version, required: `>=${MIN_NODE_VERSION}` },
  });
}
