// Keyword lookup for characters and objects ("monster", "2.monster", prefixes), as ROM's get_char_room.

import type { Char, Obj } from '../../world/entities.ts';

function parseNumbered(arg: string): { n: number; word: string } {
  const m = /^(\d+)\.(.+)$/.exec(arg);
  return m ? { n: Number(m[1]), word: m[2].toLowerCase() } : { n: 1, word: arg.toLowerCase() };
}

function matches(keywords: string[], word: string): boolean {
  const words = word.split(/\s+/);
  return words.every((w) => keywords.some((k) => k.toLowerCase().startsWith(w)));
}

export function findCharInRoom(ch: Char, arg: string): Char | undefined {
  if (!ch.room || !arg) return undefined;
  const { n, word } = parseNumbered(arg);
  if (word === 'self') return ch;
  let count = 0;
  for (const p of ch.room.people) {
    if (!matches(p.keywords, word)) continue;
    if (++count === n) return p;
  }
  return undefined;
}

export function findObj(list: Obj[], arg: string): Obj | undefined {
  if (!arg) return undefined;
  const { n, word } = parseNumbered(arg);
  let count = 0;
  for (const o of list) {
    if (!matches(o.keywords, word)) continue;
    if (++count === n) return o;
  }
  return undefined;
}

/** First word and the rest, ROM one_argument style (quotes group words). */
export function oneArgument(s: string): [string, string] {
  const t = s.trimStart();
  if (t.startsWith("'") || t.startsWith('"')) {
    const q = t[0];
    const end = t.indexOf(q, 1);
    if (end < 0) return [t.slice(1), ''];
    return [t.slice(1, end), t.slice(end + 1).trim()];
  }
  const m = /^(\S*)\s*(.*)$/s.exec(t) as RegExpExecArray;
  return [m[1], m[2].trim()];
}
