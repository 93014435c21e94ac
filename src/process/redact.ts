// Secrets never leave in a record: command lines and environments are redacted before they are
// stored in process results, task meta and reports (the process itself still gets the real values).
//
//   --password hunter2        -> --password ***          (value after a secret-named flag)
//   --token=abc               -> --token=***
//   --player Bob:hunter2:bot  -> --player Bob:***:bot     (the fixture MUD's name:password form)
//   MUD_PASSWORD=hunter2      -> MUD_PASSWORD=***         (env: secret-named keys)

/** Replacement for a secret value. */
export const REDACTED = '***';

/** Names that mark a value as secret (flags and environment keys). */
const SECRET_NAME = /pass(word|wd|phrase)?|secret|token|api[-_]?key|credential|auth/i;

/** `args` with every secret value replaced by `***` (a new array; the input is not changed). */
export function redactArgs(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = a.indexOf('=');
    if (a.startsWith('-') && eq > 0) {
      const flag = a.slice(0, eq);
      const value = a.slice(eq + 1);
      out.push(
        `${flag}=${isSecretFlag(flag) ? REDACTED : flag === '--player' ? redactPlayer(value) : value}`,
      );
      continue;
    }
    out.push(a);
    const next = args[i + 1];
    // A following flag is not a value (`--password-stdin --port 5`).
    if (next === undefined || next.startsWith('--') || !a.startsWith('-')) continue;
    if (isSecretFlag(a)) out.push(REDACTED);
    else if (a === '--player') out.push(redactPlayer(next));
    else continue;
    i++;
  }
  return out;
}

/** `env` with the values of secret-named keys replaced by `***`. */
export function redactEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = SECRET_NAME.test(k) ? REDACTED : v;
  return out;
}

/** Replace every secret of `args` found in `text` (e.g. an error message quoting the command line). */
export function redactText(text: string, args: readonly string[]): string {
  const clean = redactArgs(args);
  let out = text;
  for (let i = 0; i < args.length; i++)
    if (clean[i] !== args[i] && args[i]) out = out.split(args[i]).join(clean[i]);
  return out;
}

function isSecretFlag(flag: string): boolean {
  return /^--?[A-Za-z]/.test(flag) && SECRET_NAME.test(flag);
}

// name:password[:rest...] -> name:***[:rest...]
function redactPlayer(spec: string): string {
  const parts = spec.split(':');
  if (parts.length < 2) return spec;
  parts[1] = REDACTED;
  return parts.join(':');
}
