// One error base for the whole library: a stable `code` that callers switch on, a message that says
// what happened and the value received, and a `hint` that says the likely fix.

/** Extra, serialisable facts attached to an error (log tails, offending values, paths). */
export type ErrorDetails = Record<string, unknown>;

export interface NetwrightErrorOptions {
  /** What the user should most likely do about it. */
  hint?: string;
  /** Machine-readable facts: values received, log tails, file paths. Must be JSON-serialisable. */
  details?: ErrorDetails;
  cause?: unknown;
}

/** Base of every error netwright throws. Tell errors apart by `code`, never by message text. */
export class NetwrightError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly details: ErrorDetails;

  constructor(code: string, message: string, options: NetwrightErrorOptions = {}) {
    super(options.hint ? `${message}\n  hint: ${options.hint}` : message, { cause: options.cause });
    this.name = 'NetwrightError';
    this.code = code;
    this.hint = options.hint;
    this.details = options.details ?? {};
  }

  /** A plain object for reports and IPC (errors do not survive structured clone with their fields). */
  toJSON(): { name: string; code: string; message: string; hint?: string; details: ErrorDetails } {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      hint: this.hint,
      details: this.details,
    };
  }
}

/** One configuration problem: the path of the offending value (`clients.tuning.jitterBuffer`,
 *  `players[2].password`; '' for the whole thing) and what is wrong with it. */
export interface ConfigProblem {
  path: string;
  message: string;
}

/** Several configuration problems found in one pass, reported together (ERR_CONFIG_INVALID). */
export class NetwrightConfigError extends NetwrightError {
  /** Each problem as "path: message". */
  readonly problems: readonly string[];
  /** Each problem with its path apart (a YAML front end maps paths to file lines). */
  readonly issues: readonly ConfigProblem[];

  constructor(subject: string, problems: readonly (string | ConfigProblem)[], hint?: string) {
    const issues = problems.map((p) => (typeof p === 'string' ? { path: '', message: p } : p));
    const texts = issues.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message));
    super('ERR_CONFIG_INVALID', `${subject}: ${texts.length} problem(s)\n  - ${texts.join('\n  - ')}`, {
      hint,
      details: { problems: texts, issues },
    });
    this.name = 'NetwrightConfigError';
    this.problems = texts;
    this.issues = issues;
  }
}

/** True when `err` is a NetwrightError with the given code (works across module copies). */
export function hasErrorCode(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === code;
}

/** Hint of ERR_MUD_SWARM_FAULT: a swarm saw the server die, stop answering or refuse logins. */
export const MUD_SWARM_FAULT_HINT =
  "the server crashed, hung or refused logins under this load: read the fault's `doing` and `lastLines`, the server's log, and try fewer bots or a longer staggerMs to find the threshold";

/** The first line of an error's message (or of the value, when it is not an Error), at most `max` chars. */
export function firstLine(err: unknown, max = 300): string {
  const m = (err as { message?: unknown } | undefined)?.message;
  const text = typeof m === 'string' ? m : String(err);
  return (text.split('\n')[0] ?? '').slice(0, max);
}
