// `netwright <command>`: dispatches to src/cli/<command>.ts, each exporting run(argv) -> exit code.
import { pathToFileURL } from 'node:url';
import { NetwrightError } from '../errors.ts';
import { siblingModule } from '../util/module-path.ts';

/** Known subcommands and one line of help each. */
export const COMMANDS: Record<string, string> = {
  run: 'run specs (vitest run ...), or a scenario without a spec (--clients 8 --profile 3g ...); ends with REPORT_JSON:<path>',
  fix: 'autonomous fix loop: run tests, ask an LLM CLI for a patch, apply it in a worktree, re-run, repeat',
  setup: 'check (and as root install) what netwright needs: Godot headless, Chromium',
  mud: 'MUD bots: one playing bot (--host --port --user --password-env) or a swarm (--config swarm.yaml --bots N); merge shard snapshots',
  proxy: 'impaired UDP/TCP proxy, or a Toxiproxy-compatible API (--api 127.0.0.1:8474)',
  'mud-server': 'start the fixture MUD server',
  report: 're-render summary.md / report.html from a report.json',
};

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(([c, d]) => `  ${c.padEnd(width)}  ${d}`);
  return `usage: netwright <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nnetwright <command> --help for its options.\n`;
}

/** Runs one CLI invocation and returns its exit code; errors are printed with code and hint. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(usage());
    return command ? 0 : 2;
  }
  if (!(command in COMMANDS)) {
    process.stderr.write(`netwright: unknown command "${command}"\n\n${usage()}`);
    return 2;
  }
  try {
    const mod = (await import(pathToFileURL(siblingModule(import.meta.url, `./${command}`)).href)) as {
      run(argv: string[]): Promise<number>;
    };
    return await mod.run(rest);
  } catch (err) {
    if (err instanceof NetwrightError) {
      process.stderr.write(`netwright ${command}: [${err.code}] ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}
