// The collector of one validation pass: every problem with the path of the offending value, so all of
// them are reported together (ERR_CONFIG_INVALID) and a YAML/flag front end can map a path back to a
// file line or a flag name.
//
//   const p = new Problems();
//   num(opts.stagger, 'stagger', p.at('clients'), { min: 0 });   // -> { path: 'clients.stagger', ... }
//   p.throwIfAny('clients(8, {...})', 'see the clients fixture in the README');
import { type ConfigProblem, NetwrightConfigError } from '../errors.ts';

export type { ConfigProblem } from '../errors.ts';

/** Where checks report: a Problems collector, or a plain list of "path: message" strings. */
export type ProblemSink = Problems | string[];

/** `a` + `b` as a dotted path; array indexes (`[3]`) attach without a dot. */
export function joinPath(prefix: string, key: string | number): string {
  const k = typeof key === 'number' ? `[${key}]` : key;
  if (prefix === '') return k;
  if (k === '') return prefix;
  return k.startsWith('[') ? `${prefix}${k}` : `${prefix}.${k}`;
}

/** "path: message" (or the message alone when the path is empty). */
export function formatProblem(p: ConfigProblem): string {
  return p.path ? `${p.path}: ${p.message}` : p.message;
}

/** Record one problem in a sink. */
export function report(sink: ProblemSink, path: string, message: string): void {
  if (Array.isArray(sink)) sink.push(formatProblem({ path, message }));
  else sink.add(path, message);
}

/** Collects problems; `at(path)` gives a view that prefixes paths and shares the same list. */
export class Problems {
  private readonly list: ConfigProblem[];
  private readonly prefix: string;

  constructor(prefix = '', list: ConfigProblem[] = []) {
    this.prefix = prefix;
    this.list = list;
  }

  /** A view whose paths start with `path` (relative to this one). */
  at(path: string | number): Problems {
    return new Problems(joinPath(this.prefix, path), this.list);
  }

  /** Record a problem at `path` (relative to this view). */
  add(path: string | number, message: string): void {
    this.list.push({ path: joinPath(this.prefix, path), message });
  }

  /** Add problems found elsewhere (paths relative to this view). */
  addAll(problems: readonly ConfigProblem[]): void {
    for (const p of problems) this.add(p.path, p.message);
  }

  /** Every problem so far (all views of the same collector). */
  get items(): readonly ConfigProblem[] {
    return this.list;
  }

  get size(): number {
    return this.list.length;
  }

  /** Throw NetwrightConfigError (ERR_CONFIG_INVALID) listing every problem, if there is any. */
  throwIfAny(subject: string, hint?: string): void {
    if (this.list.length > 0) throw new NetwrightConfigError(subject, this.list, hint);
  }
}

/** Throw NetwrightConfigError for a list of problems returned by a `validateX()` function. */
export function throwIfProblems(subject: string, problems: readonly ConfigProblem[], hint?: string): void {
  if (problems.length > 0) throw new NetwrightConfigError(subject, problems, hint);
}
