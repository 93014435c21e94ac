// The ROM/Mud98 login and character-creation dialogue as a table: which prompt gets which answer.
// Prompt detection is textual (Mud98 sends no GA/EOR by default), so each entry is a text pattern.
import { NetwrightError } from '../../errors.ts';

/** What a bot answers during login/creation. */
export interface Credentials {
  name: string;
  password: string;
  /** Create the character when the server does not know it. Default true. */
  create?: boolean;
  race?: string;
  /** 'm' or 'f'. */
  sex?: string;
  cls?: string;
  /** 'g', 'n' or 'e'. */
  alignment?: string;
  weapon?: string;
  /**
   * When the character is already playing on another connection ("Do you wish to connect anyway
   * (Y/N)?"): take it over (true, default) or fail with ERR_MUD_LOGIN_FAILED (false).
   */
  takeOver?: boolean;
}

/** One dialogue step: when text matches, send `answer` (or finish / fail). */
export interface DialogueStep {
  name: string;
  pattern: RegExp;
  answer: (c: Credentials) => string | { done: true } | { fail: NetwrightError } | { nudge: true };
  /** The answer is a secret: transcripts show it masked. */
  secret?: boolean;
}

/** The in-game prompt ("<20hp 100m 100mv> "): the end of every login. */
export const GAME_PROMPT = /<(-?\d+)hp (-?\d+)m (-?\d+)mv>/;

function loginFailed(message: string, hint: string): { fail: NetwrightError } {
  return { fail: new NetwrightError('ERR_MUD_LOGIN_FAILED', message, { hint }) };
}

/** ROM 2.4 / Mud98 dialogue, in no particular order: every step is tried against every text. */
export const ROM_DIALOGUE: readonly DialogueStep[] = [
  { name: 'name', pattern: /By what name do you wish to be known\?/, answer: (c) => c.name },
  {
    name: 'confirm-new',
    pattern: /Did I get that right, \w+ \(Y\/N\)\?/,
    answer: (c) =>
      c.create === false
        ? loginFailed(`no character named ${c.name}`, 'create it first or pass create: true')
        : 'y',
  },
  {
    name: 'password-too-short',
    pattern: /^Password must be at least five characters long\./,
    answer: (c) =>
      loginFailed(
        `the server refused the password for ${c.name}: too short`,
        'ROM-family servers need a password of at least 5 characters',
      ),
  },
  {
    name: 'new-password',
    pattern: /Give me a password for \w+:/,
    answer: (c) => c.password,
    secret: true,
  },
  {
    name: 'retype-password',
    pattern: /(?:Please retype|Retype) password:/,
    answer: (c) => c.password,
    secret: true,
  },
  { name: 'password', pattern: /^Password: ?$/, answer: (c) => c.password, secret: true },
  {
    name: 'connect-anyway',
    pattern: /Do you wish to connect anyway \(Y\/N\)\?/,
    answer: (c) =>
      c.takeOver === false
        ? loginFailed(
            `${c.name} is already playing on another connection`,
            'close the other connection first, or pass takeOver: true to take the character over',
          )
        : 'y',
  },
  // A link-dead character comes back without MOTD and (on Mud98) without a prompt: ask for one if
  // none follows soon.
  { name: 'reconnecting', pattern: /^Reconnecting\./, answer: () => ({ nudge: true }) },
  { name: 'race', pattern: /What is your race/, answer: (c) => c.race ?? 'human' },
  { name: 'sex', pattern: /What is your sex/, answer: (c) => c.sex ?? 'm' },
  { name: 'class', pattern: /Select a class/, answer: (c) => c.cls ?? 'warrior' },
  { name: 'alignment', pattern: /Which alignment/, answer: (c) => c.alignment ?? 'n' },
  { name: 'customize', pattern: /Customize \(Y\/N\)\?/, answer: () => 'n' },
  { name: 'weapon', pattern: /Your choice\? ?$/, answer: (c) => c.weapon ?? 'sword' },
  { name: 'motd', pattern: /\[Hit Return to continue\]/, answer: () => '' },
  {
    name: 'wrong-password',
    pattern: /^Wrong password\./,
    answer: (c) => loginFailed(`wrong password for ${c.name}`, 'check the bot credentials / player file'),
  },
  {
    name: 'illegal-name',
    pattern: /^Illegal name, try another\./,
    answer: (c) =>
      loginFailed(`the server refused the name "${c.name}"`, 'MUD names are letters only, 2-12 long'),
  },
  { name: 'in-game', pattern: GAME_PROMPT, answer: () => ({ done: true }) },
];

/** The first step whose pattern matches `text`, if any. */
export function matchDialogue(
  text: string,
  steps: readonly DialogueStep[] = ROM_DIALOGUE,
): DialogueStep | undefined {
  return steps.find((s) => s.pattern.test(text));
}

/** Parse the in-game prompt into vitals, or undefined when `text` is not one. */
export function parseVitals(text: string): { hp: number; mana: number; move: number } | undefined {
  const m = GAME_PROMPT.exec(text);
  return m ? { hp: Number(m[1]), mana: Number(m[2]), move: Number(m[3]) } : undefined;
}
