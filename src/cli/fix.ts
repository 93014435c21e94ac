// `netwright fix --llm "<command>" [--test "<command>"] [limits]`: the autonomous fix loop
// (src/agent/fix-loop.ts). Ends with REPORT_JSON:<path> of the report with the loop's summary; exit 0
// when the tests end green, 1 otherwise, 2 on a usage error, 130 on Ctrl-C.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type FixOptions, runFixLoop } from '../agent/fix-loop.ts';
import { didYouMean } from '../config/closest.ts';
import { NetwrightError } from '../errors.ts';
import { packageRoot } from '../util/module-path.ts';

export const FIX_USAGE = `usage: netwright fix --llm "<command>" [--test "<command>"] [options]

Runs the tests, reads report.json, asks an LLM for a patch, checks it, applies it in its own git
worktree and branch, re-runs the failing tests with the same seed and then the whole selection, keeps
(commits) what helps and undoes what does not, until the tests pass or a limit is reached. Your
checkout is never written to. What the LLM answers is only ever applied as a patch.

  --llm CMD              any command that reads a prompt on stdin and answers on stdout, e.g.
                         "claude -p", "gemini -p", "codex exec -", "llm -m gpt-4o", "./my-llm.sh"
  --test CMD             the test run; Vitest arguments (files, -t) are appended
                         (default: netwright run, i.e. vitest run with your config)
  --max-iterations N     attempts at most (default 5)
  --max-minutes N        wall-clock limit for the whole loop (default 30)
  --patience N           stop after N attempts in a row without progress (default 2)
  --llm-timeout S        one answer at most (default 600)
  --token-budget N       prompt size, tokens ~ chars/4 (default 12000)
  --max-patch-lines N    refuse larger patches (default 400 added + removed lines)
  --allow-test-edits     let patches change the failing tests themselves
  --from-report FILE     start from this report.json instead of a first run
  --worktree DIR         where the loop's worktree goes (default ../.netwright-fix/<repo>-<time>)
  --branch NAME          its branch (default netwright-fix/<time>, -2, -3 ... if taken)
  --report-dir DIR       transcript and report go to DIR/fix/<time>/ (default netwright-report)
`;

const OPTIONS = {
  llm: { type: 'string' },
  test: { type: 'string' },
  'max-iterations': { type: 'string' },
  'max-minutes': { type: 'string' },
  patience: { type: 'string' },
  'llm-timeout': { type: 'string' },
  'token-budget': { type: 'string' },
  'max-patch-lines': { type: 'string' },
  'allow-test-edits': { type: 'boolean' },
  'from-report': { type: 'string' },
  worktree: { type: 'string' },
  branch: { type: 'string' },
  'report-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface FixIo {
  out: (line: string) => void;
  err: (line: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

/** Parse argv into loop options, or every problem found. */
export function parseFixArgs(
  argv: string[],
  io: Pick<FixIo, 'cwd' | 'env'>,
): { options: Omit<FixOptions, 'log' | 'signal'> } | { help: true } | { problems: string[] } {
  const parsed = parseArgs({
    args: argv,
    options: OPTIONS,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const v = parsed.values as Record<string, string | boolean | undefined>;
  if (v.help) return { help: true };
  // `--llm-command x`: the x belongs to the mistyped option; it is not a stray argument.
  const problems: string[] = [];
  parsed.tokens.forEach((tk, i) => {
    if (tk.kind !== 'positional') return;
    const prev = parsed.tokens[i - 1];
    const swallowed = prev?.kind === 'option' && !(prev.name in OPTIONS) && prev.inlineValue === undefined;
    if (!swallowed) problems.push(`unexpected argument '${tk.value}'`);
  });
  for (const [name, val] of Object.entries(v)) {
    const spec = OPTIONS[name as keyof typeof OPTIONS];
    if (!spec) problems.push(`unknown option --${name}${didYouMean(name, Object.keys(OPTIONS), '--')}`);
    else if (spec.type === 'string' && typeof val !== 'string') problems.push(`--${name} needs a value`);
  }
  const int = (name: string, def: number, min: number, max: number) => {
    const raw = v[name];
    if (raw === undefined || typeof raw !== 'string') return def;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`--${name}: expected an integer from ${min} to ${max}, got '${raw}'`);
      return def;
    }
    return n;
  };
  const options = {
    cwd: io.cwd,
    llm: typeof v.llm === 'string' ? v.llm : '',
    test:
      typeof v.test === 'string'
        ? v.test
        : `${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(packageRoot(), 'bin/netwright.mjs'))} run`,
    maxIterations: int('max-iterations', 5, 1, 100),
    maxMinutes: int('max-minutes', 30, 1, 24 * 60),
    patience: int('patience', 2, 1, 100),
    llmTimeoutS: int('llm-timeout', 600, 1, 24 * 3600),
    tokenBudget: int('token-budget', 12_000, 500, 1_000_000),
    maxPatchLines: int('max-patch-lines', 400, 1, 100_000),
    allowTestEdits: v['allow-test-edits'] === true,
    fromReport: typeof v['from-report'] === 'string' ? v['from-report'] : undefined,
    worktree: typeof v.worktree === 'string' ? path.resolve(io.cwd, v.worktree) : undefined,
    branch: typeof v.branch === 'string' ? v.branch : undefined,
    reportDir: path.resolve(
      io.cwd,
      typeof v['report-dir'] === 'string'
        ? v['report-dir']
        : io.env.NETWRIGHT_OUTPUT_DIR || 'netwright-report',
    ),
    env: io.env,
  };
  if (!options.llm.trim())
    problems.push('--llm "<command>" is required: the LLM CLI to ask (it reads the prompt on stdin)');
  if (typeof v.test === 'string' && !v.test.trim()) problems.push('--test needs a command');
  if (options.branch !== undefined && !/^[\w./-]+$/.test(options.branch))
    problems.push(`--branch: '${options.branch}' is not a plain branch name`);
  return problems.length ? { problems } : { options };
}

/** Run with explicit I/O; returns the exit code. */
export async function runFix(argv: string[], io: FixIo): Promise<number> {
  const parsed = parseFixArgs(argv, io);
  if ('help' in parsed) {
    io.out(FIX_USAGE);
    return 0;
  }
  if ('problems' in parsed) {
    for (const p of parsed.problems) io.err(`netwright fix: ${p}`);
    return 2;
  }
  try {
    const r = await runFixLoop({ ...parsed.options, signal: io.signal, log: io.err });
    io.err(
      `netwright fix: ${r.outcome}: ${r.summary.iterations} iteration(s), ~${r.summary.tokensSent} tokens sent; branch ${r.branch} in ${r.worktree}`,
    );
    io.out(`REPORT_JSON:${r.reportPath}`);
    return r.outcome === 'fixed' || r.outcome === 'already-green' ? 0 : r.outcome === 'interrupted' ? 130 : 1;
  } catch (err) {
    if (err instanceof NetwrightError) {
      io.err(`netwright fix: [${err.code}] ${err.message}`);
      return err.code === 'ERR_FIX_NOT_A_REPO' ||
        err.code === 'ERR_FIX_WORKTREE_EXISTS' ||
        err.code === 'ERR_FIX_BRANCH_EXISTS'
        ? 2
        : 1;
    }
    throw err;
  }
}

export async function run(argv: string[]): Promise<number> {
  const ac = new AbortController();
  const onSignal = () => {
    process.stderr.write('\nnetwright fix: stopping (Ctrl-C again to force) ...\n');
    ac.abort();
    process.once('SIGINT', () => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await runFix(argv, {
      out: (l) => process.stdout.write(`${l}\n`),
      err: (l) => process.stderr.write(`${l}\n`),
      cwd: process.cwd(),
      env: process.env,
      signal: ac.signal,
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
