// Textual prompt detection. Mud98 sends no GA/EOR by default, so a prompt is recognised as a partial
// line (text not ended by a line break) that matches one of these patterns.
//
// Invariant: a pattern only ever sees the last `maxChars` characters of the text (default
// DEFAULT_MAX_PROMPT_CHARS), so the cost of a test is bounded however long a partial line grows while it
// arrives byte by byte. Patterns are therefore written against the end of the text (`$`), never `^`.

/** Named prompt patterns, tested against the partial line after ANSI stripping. */
export interface PromptPattern {
  name: string;
  pattern: RegExp;
  /** Also report a prompt when a whole line matches (the prompt arrived already ended by a break). */
  lineToo?: boolean;
}

/** ROM/Mud98 prompts: the status prompt and the login/creation questions. */
export const MUD98_PROMPTS: readonly PromptPattern[] = [
  { name: 'status', pattern: /<-?\d+hp -?\d+m -?\d+mv> $/, lineToo: true },
  { name: 'password', pattern: /(?:password|Password)[^:\n]*: $/ },
  { name: 'yes-no', pattern: /\(Y\/N\)\? $/ },
  // ROM's "Do you wish to connect anyway (Y/N)?" is the one question without a trailing space.
  { name: 'connect-anyway', pattern: /connect anyway \(Y\/N\)\?$/ },
  { name: 'question', pattern: /\? $/ },
  { name: 'choice', pattern: /\]: $/ },
];

/** Longest text tail a prompt pattern is tested against, in UTF-16 code units. */
export const DEFAULT_MAX_PROMPT_CHARS = 256;

/** The end of `text` a prompt pattern may look at (all of it when short). */
export function promptTail(text: string, maxChars = DEFAULT_MAX_PROMPT_CHARS): string {
  return text.length > maxChars ? text.slice(text.length - maxChars) : text;
}

/** The first pattern matching the tail of `partial` (see promptTail), or undefined. */
export function matchPrompt(
  partial: string,
  patterns: readonly PromptPattern[],
  maxChars = DEFAULT_MAX_PROMPT_CHARS,
): PromptPattern | undefined {
  if (partial.length === 0) return undefined;
  const tail = promptTail(partial, maxChars);
  for (const p of patterns) {
    p.pattern.lastIndex = 0;
    if (p.pattern.test(tail)) return p;
  }
  return undefined;
}

/** Parse a ROM status prompt "<20hp 100m 100mv>" into numbers. */
export function parseStatusPrompt(text: string): { hp: number; mana: number; moves: number } | undefined {
  const m = /<(-?\d+)hp (-?\d+)m (-?\d+)mv>/.exec(text);
  return m ? { hp: Number(m[1]), mana: Number(m[2]), moves: Number(m[3]) } : undefined;
}
