// Textual prompt detection. Mud98 sends no GA/EOR by default, so a prompt is recognised as a partial
// line (text not ended by a line break) that matches one of these patterns.

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
  { name: 'question', pattern: /\? $/ },
  { name: 'choice', pattern: /\]: $/ },
];

/** The first pattern matching `partial`, or undefined. */
export function matchPrompt(partial: string, patterns: readonly PromptPattern[]): PromptPattern | undefined {
  if (partial.length === 0) return undefined;
  for (const p of patterns) if (p.pattern.test(partial)) return p;
  return undefined;
}

/** Parse a ROM status prompt "<20hp 100m 100mv>" into numbers. */
export function parseStatusPrompt(text: string): { hp: number; mana: number; moves: number } | undefined {
  const m = /<(-?\d+)hp (-?\d+)m (-?\d+)mv>/.exec(text);
  return m ? { hp: Number(m[1]), mana: Number(m[2]), moves: Number(m[3]) } : undefined;
}
