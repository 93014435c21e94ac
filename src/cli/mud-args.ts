// `netwright mud` flags in one table: each either overrides a key of the MUD config (so a flag and a
// YAML key are checked by the same code, and a bad flag value is reported under its flag) or is an
// output option of the command itself. Unknown flags are one line naming the closest flag.

import { didYouMean } from '../config/closest.ts';
import type { ConfigOverride } from '../mud/config/load.ts';

interface MudFlag {
  flag: string;
  /** The config key it overrides, or null for the command's own options. */
  path: string | null;
  kind: 'int' | 'number' | 'string' | 'boolean';
  arg?: string;
  /** `--json-out` or `--json-out FILE`. */
  valueOptional?: boolean;
  help: string;
}

export const MUD_FLAGS: readonly MudFlag[] = [
  {
    flag: 'config',
    path: null,
    kind: 'string',
    arg: 'FILE',
    help: 'bot/swarm YAML (examples/mud/); flags override its keys',
  },
  { flag: 'host', path: 'connection.host', kind: 'string', arg: 'ADDR', help: 'MUD address' },
  { flag: 'port', path: 'connection.port', kind: 'int', arg: 'N', help: 'MUD telnet port' },
  { flag: 'tls', path: 'connection.tls', kind: 'boolean', help: 'connect with TLS' },
  {
    flag: 'user',
    path: 'credentials.name',
    kind: 'string',
    arg: 'NAME',
    help: 'character name of one bot (created when new)',
  },
  {
    flag: 'name-pattern',
    path: 'credentials.name_pattern',
    kind: 'string',
    arg: 'PAT',
    help: 'swarm names, {letters} = the bot index as letters: "Bot{letters}" -> Bota, Botb, ...',
  },
  {
    flag: 'password-env',
    path: 'credentials.password_env',
    kind: 'string',
    arg: 'VAR',
    help: 'environment variable holding the password (never the password itself)',
  },
  {
    flag: 'password-file',
    path: 'credentials.password_file',
    kind: 'string',
    arg: 'FILE',
    help: 'file holding the password (mode 600)',
  },
  {
    flag: 'bots',
    path: 'swarm.bots',
    kind: 'int',
    arg: 'N',
    help: 'bots to run (1 = one bot with its transcript)',
  },
  {
    flag: 'duration',
    path: 'swarm.duration_s',
    kind: 'number',
    arg: 'S',
    help: 'seconds to play (default 60)',
  },
  {
    flag: 'stagger',
    path: 'swarm.stagger_ms',
    kind: 'number',
    arg: 'MS',
    help: 'delay between bot starts (default 300)',
  },
  {
    flag: 'workers',
    path: 'swarm.workers',
    kind: 'int',
    arg: 'N',
    help: 'worker threads of a swarm (default 1)',
  },
  {
    flag: 'shard',
    path: 'swarm.shard',
    kind: 'string',
    arg: 'K/N',
    help: 'run shard K of N (from 0, as JOB_COMPLETION_INDEX) of the population; merge with `netwright mud merge`',
  },
  {
    flag: 'metrics-port',
    path: 'swarm.metrics_port',
    kind: 'int',
    arg: 'N',
    help: 'serve Prometheus /metrics on this port (loopback; 0 = any free port)',
  },
  { flag: 'seed', path: 'seed', kind: 'int', arg: 'N', help: 'run seed (default: fresh, printed)' },
  {
    flag: 'log-level',
    path: 'logging.level',
    kind: 'string',
    arg: 'L',
    help: 'quiet | info (progress lines, default) | debug (a bot transcript)',
  },
  {
    flag: 'progress-interval',
    path: 'logging.progress_interval_s',
    kind: 'number',
    arg: 'S',
    help: 'seconds between progress lines (default 5)',
  },
  {
    flag: 'json-out',
    path: null,
    kind: 'string',
    arg: '[FILE]',
    valueOptional: true,
    help: 'JSON lines (progress, then the summary) to FILE, or to stdout',
  },
  {
    flag: 'output-dir',
    path: null,
    kind: 'string',
    arg: 'DIR',
    help: 'where the result and snapshot go (default netwright-report)',
  },
];

/** Flags refused with a reason rather than "unknown". */
const REFUSED: Record<string, string> = {
  password:
    '--password is refused: a password on the command line shows in `ps` and shell history; use --password-env VAR or --password-file FILE (mode 600)',
};

export interface MudArgs {
  help: boolean;
  /** `netwright mud merge a.json b.json`. */
  merge: string[] | null;
  config: string | undefined;
  overrides: ConfigOverride[];
  /** true = stdout. */
  jsonOut: string | true | undefined;
  outputDir: string | undefined;
  problems: string[];
}

function convert(f: MudFlag, v: string): unknown {
  if (f.kind === 'int' || f.kind === 'number')
    return v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
  if (f.kind === 'boolean') return v === 'true' ? true : v === 'false' ? false : v;
  return v;
}

/** Parse argv of `netwright mud`; every problem is collected. */
export function parseMudArgs(argv: readonly string[]): MudArgs {
  const out: MudArgs = {
    help: false,
    merge: null,
    config: undefined,
    overrides: [],
    jsonOut: undefined,
    outputDir: undefined,
    problems: [],
  };
  if (argv[0] === 'merge') {
    out.merge = argv.slice(1).filter((a) => a !== '--help' && a !== '-h');
    out.help = argv.includes('--help') || argv.includes('-h');
    return out;
  }
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      out.help = true;
      continue;
    }
    if (!arg.startsWith('--')) {
      out.problems.push(
        `unexpected argument ${arg} (netwright mud takes only --flags; merge is \`netwright mud merge FILES\`)`,
      );
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const f = MUD_FLAGS.find((x) => x.flag === name);
    if (!f) {
      out.problems.push(
        REFUSED[name] ??
          `unknown option --${name}${didYouMean(
            name,
            MUD_FLAGS.map((x) => x.flag),
            '--',
          )}`,
      );
      if (eq < 0 && argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) i++;
      continue;
    }
    if (seen.has(name)) out.problems.push(`--${name} given twice`);
    seen.add(name);
    let value: string | true;
    const next = argv[i + 1];
    if (eq >= 0) value = arg.slice(eq + 1);
    else if (f.kind === 'boolean') value = true;
    else if (next !== undefined && (!next.startsWith('--') || /^-\d/.test(next))) {
      value = next;
      i++;
    } else if (f.valueOptional) value = true;
    else {
      out.problems.push(`--${name} needs a value (${f.arg})`);
      continue;
    }
    if (f.path)
      out.overrides.push({
        path: f.path,
        value: value === true ? true : convert(f, value),
        flag: `--${name}`,
      });
    else if (name === 'config') out.config = String(value);
    else if (name === 'json-out') out.jsonOut = value;
    else if (name === 'output-dir') out.outputDir = String(value);
  }
  return out;
}

export const MUD_USAGE = (): string => {
  const label = (f: MudFlag) => `--${f.flag}${f.arg ? ` ${f.arg}` : ''}`;
  const width = Math.max(...MUD_FLAGS.map((f) => label(f).length));
  const lines = MUD_FLAGS.map((f) => `  ${label(f).padEnd(width)}  ${f.help}`);
  return `usage:
  netwright mud --host 127.0.0.1 --port 4000 --user Bot --password-env MUD_PW
  netwright mud --config swarm.yaml --bots 200 --duration 300 --metrics-port 9464 --json-out
  netwright mud --config swarm.yaml --shard 0/4 --json-out shard0.jsonl   (shards 0/4 .. 3/4)
  netwright mud merge shard0.jsonl shard1.jsonl ...

One bot plays and prints progress (its transcript tail when it fails); more bots run as a swarm (a
live dashboard on a TTY, progress lines otherwise). A fault of the server (closed, silent, refusing
logins) exits 1 with its code. Ctrl-C / SIGTERM stop the bots gracefully (quit, close) and print the
summary. Passwords come only from --password-env / --password-file (or the config's password_env).

options:
${lines.join('\n')}
`;
};
