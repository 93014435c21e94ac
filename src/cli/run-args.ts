// `netwright run` arguments: scenario flags (src/scenario/options.ts) and Vitest's own options, told
// apart in one pass. Any scenario flag makes it a spec-less scenario run; otherwise everything goes to
// `vitest run` unchanged. A flag neither knows is a one-line error naming the closest flag of both.

import { didYouMean } from '../config/closest.ts';
import { optionByFlag, SCENARIO_OPTIONS } from '../scenario/options.ts';
import type { RawValues } from '../scenario/scenario.ts';
import { VITEST_RUN_OPTIONS, VITEST_SHORT_OPTIONS, vitestOption } from './vitest-options.ts';

export interface RunArgs {
  mode: 'vitest' | 'scenario';
  help: boolean;
  /** Scenario settings from flags (scenario mode). */
  flags: RawValues;
  /** Arguments for Vitest: everything in vitest mode; the Vitest options in scenario mode. */
  vitestArgs: string[];
  /** Files / name filters (vitest mode). */
  positionals: string[];
  /**
   * Scenario mode: entries named by their generated spec files (`.../wifi_bad.scenario.spec.ts`), so a
   * failing entry's repro, or `netwright fix`, re-runs just that entry; empty = all.
   */
  entries: string[];
  /** One line each; non-empty means exit 2. */
  problems: string[];
}

/** Every long flag a user might have meant, kebab-case, for suggestions. */
function allFlags(): string[] {
  const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  return [...SCENARIO_OPTIONS.map((o) => o.flag), ...Object.keys(VITEST_RUN_OPTIONS).map(kebab)];
}

/** Split argv into scenario flags and Vitest arguments; collects every problem. */
export function parseRunArgs(argv: string[]): RunArgs {
  const out: RunArgs = {
    entries: [],
    mode: 'vitest',
    help: false,
    flags: new Map(),
    vitestArgs: [],
    positionals: [],
    problems: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      out.positionals.push(...argv.slice(i + 1));
      out.vitestArgs.push(...argv.slice(i));
      break;
    }
    if (arg === '--help' || arg === '-h') {
      out.help = true;
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') {
      out.positionals.push(arg);
      out.vitestArgs.push(arg);
      continue;
    }
    const next = argv[i + 1];
    const nextIsValue = next !== undefined && !next.startsWith('-');
    if (!arg.startsWith('--')) {
      // Short Vitest options (-t pattern, -c file, -u); several short flags at once are Vitest's business.
      const long = VITEST_SHORT_OPTIONS[arg.slice(1, 2)];
      if (!long) {
        out.problems.push(
          `unknown option ${arg} (short options: ${Object.keys(VITEST_SHORT_OPTIONS)
            .map((s) => `-${s}`)
            .join(' ')})`,
        );
        continue;
      }
      out.vitestArgs.push(arg);
      const arity = VITEST_RUN_OPTIONS[long];
      if (
        arg.length === 2 &&
        (arity === 'value' || (arity === 'optional' && nextIsValue)) &&
        next !== undefined
      ) {
        out.vitestArgs.push(next);
        i++;
      }
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const inline = eq < 0 ? undefined : arg.slice(eq + 1);
    const opt = optionByFlag(name);
    if (opt) {
      out.mode = 'scenario';
      let value: unknown = inline;
      if (value === undefined) {
        if (opt.kind === 'boolean') value = true;
        else if (nextIsValue || (opt.kind !== 'list' && next !== undefined && /^-\d/.test(next))) {
          value = next;
          i++;
        } else if (opt.valueOptional) value = true;
        else {
          out.problems.push(`--${name} needs a value (${opt.arg ?? 'value'})`);
          continue;
        }
      }
      if (out.flags.has(name)) out.problems.push(`--${name} given twice`);
      out.flags.set(name, { value, where: `--${name}` });
      continue;
    }
    const v = vitestOption(name);
    if (!v) {
      out.problems.push(`unknown option --${name}${didYouMean(name, allFlags(), '--')}`);
      // `--lagg 3`: the 3 was meant for the mistyped flag, not a file filter.
      if (inline === undefined && nextIsValue && /^[\d.]/.test(next ?? '')) i++;
      continue;
    }
    out.vitestArgs.push(arg);
    if (inline === undefined && (v.arity === 'value' || (v.arity === 'optional' && nextIsValue))) {
      if (next === undefined) out.problems.push(`--${name} needs a value`);
      else {
        out.vitestArgs.push(next);
        i++;
      }
    }
  }
  if (out.mode === 'scenario') {
    // Generated spec files select entries; they are not passed to Vitest (they are regenerated).
    const SPEC = /(?:^|\/)([\w.-]+)\.scenario\.spec\.ts$/;
    for (const p of out.positionals) {
      const m = SPEC.exec(p);
      if (m?.[1]) out.entries.push(m[1]);
    }
    out.vitestArgs = out.vitestArgs.filter((a) => !SPEC.test(a));
    out.positionals = out.positionals.filter((p) => !SPEC.test(p));
    if (out.positionals.length > 0)
      out.problems.push(
        `a scenario run takes no spec files or filters (got ${out.positionals.join(' ')}); run specs without the scenario flags`,
      );
  }
  return out;
}
