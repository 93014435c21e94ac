#!/usr/bin/env node
// Entry point of the `netwright` command. Runs the TypeScript sources directly on Node >= 22.18
// (type stripping), or the built dist/ when the package was published with one.
import { existsSync } from 'node:fs';

const built = new URL('../dist/src/cli/main.js', import.meta.url);
const source = new URL('../src/cli/main.ts', import.meta.url);
const [major, minor] = process.versions.node.split('.').map(Number);
if (!existsSync(built) && (major < 22 || (major === 22 && minor < 18))) {
  process.stderr.write(
    `netwright: Node ${process.versions.node} is too old (need >= 22.18). ` +
      'Run it through `pnpm netwright ...` inside the project (it brings Node 24), or install Node 24.\n',
  );
  process.exit(2);
}
const { main } = await import(existsSync(built) ? built.href : source.href);
process.exitCode = await main(process.argv.slice(2));
