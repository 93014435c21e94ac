import { describe, expect, it } from 'vitest';
import { extractDiff } from '../../src/agent/extract-diff.ts';
import { patchFiles } from '../../src/agent/patch-check.ts';

const DIFF = `--- a/src/math.js
+++ b/src/math.js
@@ -1,2 +1,2 @@
-export const add = (a, b) => a - b;
+export const add = (a, b) => a + b;
 export const mul = (a, b) => a * b;
`;

describe('extractDiff', () => {
  it('takes the diff out of a fenced block, with prose around it', () => {
    expect(extractDiff(`The bug is the minus.\n\n\`\`\`diff\n${DIFF}\`\`\`\n\nThat should do it.`)).toBe(
      DIFF,
    );
    expect(extractDiff(`~~~patch\n${DIFF}~~~\n`)).toBe(DIFF);
  });

  it('joins several fenced diffs and ignores fences that hold no diff', () => {
    const two = DIFF.replaceAll('math', 'other');
    expect(
      extractDiff(`\`\`\`js\nconst x = 1;\n\`\`\`\n\`\`\`diff\n${DIFF}\`\`\`\nand\n\`\`\`diff\n${two}\`\`\``),
    ).toBe(DIFF + two);
  });

  it('finds a bare diff and stops at the prose after it', () => {
    expect(extractDiff(`Here:\n${DIFF}\nThis fixes add.`)).toBe(DIFF);
  });

  it('keeps the last line when the closing fence is glued to it', () => {
    expect(extractDiff(`\`\`\`diff\n${DIFF.trimEnd()}\`\`\``)).toBe(DIFF);
  });

  it('has nothing for prose, a code block that is not a diff, or headers without a hunk', () => {
    expect(extractDiff('Change the minus to a plus in add().')).toBeUndefined();
    expect(extractDiff('```js\nexport const add = (a, b) => a + b;\n```')).toBeUndefined();
    expect(extractDiff('--- a/x\n+++ b/x\nno hunk here')).toBeUndefined();
  });
});

describe('patchFiles', () => {
  it('lists old and new paths, created files and changed lines (git and plain headers)', () => {
    const git = `diff --git a/src/new.ts b/src/new.ts
new file mode 100644
--- /dev/null
+++ b/src/new.ts
@@ -0,0 +1,2 @@
+export const a = 1;
+export const b = 2;
diff --git a/old.txt b/renamed.txt
similarity index 100%
rename from old.txt
rename to renamed.txt
`;
    expect(patchFiles(git + DIFF)).toEqual({
      paths: ['src/new.ts', 'old.txt', 'renamed.txt', 'src/math.js'],
      created: ['src/new.ts'],
      changedLines: 4,
    });
  });
});
