// The prompt for one fix attempt, within a token budget (tokens ~ chars / 4, as the report counts):
//
//   instructions (answer with one unified diff)          fixed, small
//   failures: test, file:line, error, evidence, repro    up to ~40 % of the budget
//   earlier attempts and why they were refused/undone     short
//   source files the evidence points at                   the rest: whole files, or windows around
//                                                         the lines named, code before tests
//
// Files come from the failures' locations, stack frames and any `path:line` or Godot `res://path:line`
// in their messages and evidence, when the file exists inside the worktree.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FailureEntry, Report } from '../report/model.ts';
import { godotRoots, SOURCE_RE } from '../report/source-refs.ts';

export interface PromptHistoryEntry {
  iteration: number;
  verdict: string;
  detail: string;
}

export interface PromptOptions {
  report: Report;
  /** The worktree (repository root): file paths in the prompt and in patches are relative to it. */
  dir: string;
  /** Where the report's relative paths start (the test run's root inside the worktree); default `dir`. */
  runRoot?: string;
  tokenBudget: number;
  allowTestEdits: boolean;
  /** Test files being fixed (relative). */
  testFiles: string[];
  history: PromptHistoryEntry[];
  /** Command that re-runs the failing tests (shown to the LLM for context). */
  repro?: string;
}

export interface BuiltPrompt {
  text: string;
  /** Estimated tokens of `text`. */
  tokens: number;
  /** Files included (whole or in part), relative. */
  files: string[];
  /** Files referenced but left out for lack of budget. */
  filesOmitted: string[];
}

export const estimateTokens = (s: string) => Math.ceil(s.length / 4);

/** file -> referenced lines, in order of first mention. */
function referencedFiles(failures: FailureEntry[], dir: string, runRoot: string): Map<string, Set<number>> {
  const refs = new Map<string, Set<number>>();
  const roots = godotRoots(runRoot);
  const add = (raw: string, line: number, resPath: boolean) => {
    const candidates = resPath ? roots.map((r) => path.join(r, raw)) : [raw];
    for (const c of candidates) {
      const abs = path.resolve(runRoot, c);
      const rel = path.relative(dir, abs);
      if (rel.startsWith('..') || path.isAbsolute(rel) || rel.split(path.sep).includes('node_modules'))
        continue;
      try {
        if (!statSync(abs).isFile()) continue;
      } catch {
        continue;
      }
      const set = refs.get(rel) ?? new Set<number>();
      set.add(line);
      refs.set(rel, set);
      return;
    }
  };
  for (const f of failures) {
    const texts = [
      f.location,
      ...f.error.stack,
      f.error.message,
      f.error.expected ?? '',
      f.error.actual ?? '',
      ...f.evidence.anomalies.map((a) => a.detail ?? ''),
      ...f.evidence.processes.map((p) => p.error ?? ''),
      ...f.evidence.excerpts.flatMap((e) => e.lines),
    ];
    for (const t of texts) {
      for (const m of t.matchAll(SOURCE_RE)) {
        const whole = m[0];
        const file = m[1] as string;
        add(file, Number(m[2]), whole.startsWith('res://'));
      }
    }
    if (!/:\d+$/.test(f.location)) add(f.location, 1, false);
  }
  return refs;
}

/** A file for the prompt: whole when it fits `maxChars`, else windows around the referenced lines. */
function fileBlock(dir: string, rel: string, lines: Set<number>, maxChars: number): string | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(dir, rel), 'utf8');
  } catch {
    return undefined;
  }
  const all = text.split('\n');
  const fence = (body: string, note: string) => `### ${rel}${note}\n\`\`\`\n${body}\n\`\`\`\n`;
  const whole = fence(text.replace(/\n$/, ''), ` (${all.length} lines)`);
  if (whole.length <= maxChars) return whole;
  for (const radius of [40, 20, 8]) {
    const keep = new Set<number>();
    for (const l of lines)
      for (let i = Math.max(1, l - radius); i <= Math.min(all.length, l + radius); i++) keep.add(i);
    const parts: string[] = [];
    let prev = 0;
    for (const i of [...keep].sort((a, b) => a - b)) {
      if (i !== prev + 1) parts.push(`... (line ${i})`);
      parts.push(all[i - 1] ?? '');
      prev = i;
    }
    const block = fence(
      parts.join('\n'),
      ` (excerpts of ${all.length} lines, around lines ${[...lines].join(', ')})`,
    );
    if (block.length <= maxChars) return block;
  }
  return undefined;
}

function failureBlock(f: FailureEntry, maxChars: number): string {
  const out = [
    `### ${f.fullName}`,
    `- at: ${f.location} (${f.kind})`,
    `- error: ${f.error.name}: ${f.error.message}`,
  ];
  if (f.error.expected !== undefined) out.push(`- expected: ${f.error.expected}`);
  if (f.error.actual !== undefined) out.push(`- actual: ${f.error.actual}`);
  if (f.error.stack.length) out.push(`- stack: ${f.error.stack.slice(0, 5).join(' < ')}`);
  for (const p of f.evidence.processes.filter((x) => x.failed))
    out.push(`- process ${p.name}: ${p.reason ?? ''} ${p.error ?? ''}`.trim());
  for (const a of f.evidence.anomalies.slice(0, 8))
    out.push(`- anomaly t=${a.tMs ?? '?'}ms ${a.source} ${a.event}${a.detail ? `: ${a.detail}` : ''}`);
  if (f.evidence.network) out.push(`- network: ${f.evidence.network.stats.slice(0, 4).join('; ')}`);
  for (const e of f.evidence.excerpts.slice(0, 4)) {
    out.push(`- log ${e.source} (${e.path}):`);
    for (const [k, l] of e.lines.slice(0, 12).entries()) out.push(`    ${e.fromLine + k}: ${l}`);
  }
  out.push(`- reproduce: ${f.reproduce.command}`);
  const text = out.join('\n');
  return text.length <= maxChars ? `${text}\n` : `${text.slice(0, Math.max(0, maxChars - 20))}\n... (cut)\n`;
}

/** Build the prompt for the next attempt. */
export function buildPrompt(opts: PromptOptions): BuiltPrompt {
  const budgetChars = opts.tokenBudget * 4;
  const { report } = opts;
  const tests = opts.testFiles.length ? opts.testFiles.join(', ') : 'the failing tests';
  const head = `You are fixing a failing test run of this repository. netwright ran the tests and wrote the report below.
Find the cause in the source code and fix it.

Answer with exactly one unified diff in a \`\`\`diff block (git format: \`--- a/path\` / \`+++ b/path\`, paths
relative to the repository root, correct hunk headers and enough context lines for \`git apply\`).
Rules: change only files inside the repository; never .git/ or node_modules/; ${
    opts.allowTestEdits
      ? 'you may edit the tests if they are wrong'
      : `do not edit ${tests} (fix the code under test)`
  }; keep the change small. A short explanation before the diff is fine. Nothing in your answer is executed:
only the diff is applied.

## Run
status ${report.status}: ${report.totals.failed} of ${report.totals.tests} tests failed, seed ${report.run.seed ?? 'n/a'}, command \`${report.run.command}\`${
    opts.repro ? `\nre-run of the failing tests: \`${opts.repro}\`` : ''
  }
`;
  let text = head;
  const failuresBudget = Math.floor(budgetChars * 0.4);
  const failures = report.failures;
  if (failures.length || report.errors.length) {
    text += '\n## Failures\n';
    const each = Math.max(600, Math.floor(failuresBudget / Math.max(1, failures.length)));
    for (const f of failures) text += failureBlock(f, each);
    for (const e of report.errors.slice(0, 3))
      text += `### error outside tests (${e.file ?? '?'})\n- ${e.error.name}: ${e.error.message}\n`;
    if (text.length > head.length + failuresBudget)
      text = `${text.slice(0, head.length + failuresBudget)}\n... (failures cut to the budget)\n`;
  }
  if (opts.history.length) {
    text += '\n## Earlier attempts (do not repeat them)\n';
    for (const h of opts.history.slice(-5))
      text += `- attempt ${h.iteration}: ${h.verdict}: ${h.detail.slice(0, 400)}\n`;
  }
  const refs = referencedFiles(failures, opts.dir, opts.runRoot ?? opts.dir);
  const testSet = new Set(opts.testFiles.map((f) => path.normalize(f)));
  const ordered = [...refs.keys()].sort((a, b) => Number(testSet.has(a)) - Number(testSet.has(b)));
  const files: string[] = [];
  const filesOmitted: string[] = [];
  if (ordered.length) text += '\n## Source files the evidence points at\n';
  for (const rel of ordered) {
    const left = budgetChars - text.length - 200;
    const block = left > 200 ? fileBlock(opts.dir, rel, refs.get(rel) ?? new Set(), left) : undefined;
    if (block) {
      text += block;
      files.push(rel);
    } else filesOmitted.push(rel);
  }
  if (filesOmitted.length) text += `\n(left out for the token budget: ${filesOmitted.join(', ')})\n`;
  return { text, tokens: estimateTokens(text), files, filesOmitted };
}
