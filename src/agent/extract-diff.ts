// Find the unified diff in an LLM's answer. Answers wrap it in ```diff / ```patch fences, or paste it
// bare; several fenced blocks are joined. The text is only ever handed to `git apply`: nothing in an
// answer is executed.

const FENCE = /^([ \t]*)(`{3,}|~{3,})[ \t]*([\w+-]*)[^\n]*\n([\s\S]*?)^\1\2[ \t]*$/gm;

/** True when `text` has the shape of a unified diff (file headers and at least one hunk). */
function looksLikeDiff(text: string): boolean {
  return /^(diff --git |--- )/m.test(text) && /^\+\+\+ /m.test(text) && /^@@ /m.test(text);
}

/** From the first `diff --git` / `--- ` header to the last hunk line, trailing prose removed. */
function trimToDiff(text: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex(
    (l) =>
      l.startsWith('diff --git ') ||
      (l.startsWith('--- ') && lines[lines.indexOf(l) + 1]?.startsWith('+++ ')),
  );
  if (start < 0) return '';
  let end = lines.length;
  for (let i = start; i < lines.length; i++) {
    const l = lines[i] as string;
    const diffish =
      l === '' ||
      /^[ +\-@\\]/.test(l) ||
      /^(diff --git|index |new file mode|deleted file mode|old mode|new mode|similarity index|rename from|rename to|copy from|copy to|Binary files)/.test(
        l,
      );
    if (!diffish) {
      end = i;
      break;
    }
    // A closing fence glued to the last line (`  }\`\`\``): keep the line, drop the fence, stop.
    if (/`{3,}\s*$/.test(l) && !/^[+-]/.test(l)) {
      lines[i] = l.replace(/`{3,}\s*$/, '');
      end = i + 1;
      break;
    }
  }
  return `${lines.slice(start, end).join('\n').replace(/\n+$/, '')}\n`;
}

/** The diff in `answer`, or undefined when it has none. */
export function extractDiff(answer: string): string | undefined {
  const text = answer.replace(/\r\n/g, '\n');
  const blocks: string[] = [];
  for (const m of text.matchAll(FENCE)) {
    const body = m[4] ?? '';
    if (looksLikeDiff(body)) blocks.push(trimToDiff(body));
  }
  if (blocks.length > 0) return blocks.join('');
  if (looksLikeDiff(text)) {
    const bare = trimToDiff(text);
    return bare || undefined;
  }
  return undefined;
}
