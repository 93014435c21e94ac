// Where bots' names and passwords come from. Passwords are never read from the config itself, argv or
// logs: only from an environment variable (`password_env`) or a file only its owner can read
// (`password_file`, or a `file` of `name:password` lines, mode 0600).
//
//   credentials: { name_pattern: "Stress{letters}", password_env: MUD_PW }   # Stressa, Stressb, ...
// (names as the swarm makes them: src/mud/swarm/names.ts; a pattern without {letters} gets them at the end)
//   credentials: { file: bots.txt }                                          # Alice:secret1 per line
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Problems } from '../../config/index.ts';
import { checkRomName, checkRomPassword } from '../bot/validate-options.ts';
import { LETTERS_PLACEHOLDER, swarmBotName } from '../swarm/names.ts';

/** A checked name pattern for `count` bots (the longest name must still be a ROM name). */
export function checkNamePattern(pattern: string, count: number, at: string, p: Problems): boolean {
  if (pattern.split(LETTERS_PLACEHOLDER).length > 2) {
    p.add(
      at,
      `may contain ${LETTERS_PLACEHOLDER} once (where the bot's index goes as letters), got "${pattern}"`,
    );
    return false;
  }
  const longest = swarmBotName(pattern, Math.max(0, count - 1));
  const before = p.size;
  checkRomName(longest, at, p);
  if (p.size > before) {
    p.add(at, `(the name of bot ${count} would be "${longest}")`);
    return false;
  }
  return true;
}

/** One bot's login. */
export interface BotLogin {
  name: string;
  password: string;
}

/** Where a password comes from. */
export type PasswordSource = { env: string } | { file: string };

/** A file holding secrets must not be readable by group or others (0600 or stricter). */
export function checkSecretFile(file: string, at: string, p: Problems): boolean {
  try {
    const st = statSync(file);
    if (!st.isFile()) {
      p.add(at, `${file} is not a file`);
      return false;
    }
    if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) {
      p.add(
        at,
        `${file} is readable by others (mode ${(st.mode & 0o777).toString(8)}): it holds passwords, chmod 600 it`,
      );
      return false;
    }
    return true;
  } catch (err) {
    p.add(at, `cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    return false;
  }
}

/** The password of a source, or a problem (the value itself is never put in a message). */
export function readPassword(
  src: PasswordSource,
  at: string,
  p: Problems,
  env: NodeJS.ProcessEnv,
): string | undefined {
  let pw: string | undefined;
  if ('env' in src) {
    pw = env[src.env];
    if (pw === undefined || pw === '') {
      p.add(at, `environment variable ${src.env} is not set (export ${src.env}=... before running)`);
      return undefined;
    }
  } else {
    if (!checkSecretFile(src.file, at, p)) return undefined;
    pw = readFileSync(src.file, 'utf8').split(/\r?\n/)[0] ?? '';
  }
  const before = p.size;
  checkRomPassword(pw, at, p);
  return p.size > before ? undefined : pw;
}

/** `name:password` lines (`#` comments, blank lines skipped) of a 0600 file. */
export function readLoginsFile(file: string, at: string, p: Problems): BotLogin[] {
  if (!checkSecretFile(file, at, p)) return [];
  const logins: BotLogin[] = [];
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  lines.forEach((line, i) => {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) return;
    const where = `${at} (${path.basename(file)} line ${i + 1})`;
    const colon = t.indexOf(':');
    if (colon < 0) {
      p.add(where, 'expected name:password');
      return;
    }
    const name = t.slice(0, colon);
    const password = t.slice(colon + 1);
    const before = p.size;
    checkRomName(name, where, p);
    checkRomPassword(password, where, p);
    if (logins.some((l) => l.name.toLowerCase() === name.toLowerCase()))
      p.add(where, `${name} is listed twice`);
    if (p.size === before) logins.push({ name, password });
  });
  if (logins.length === 0 && p.size === 0) p.add(at, `${file} lists no name:password line`);
  return logins;
}
