// What `netwright fix` did (src/agent/fix-loop.ts), as a report section: the loop writes its summary
// under report.sections['fix-loop'] of the report of its last run, and this renders it in summary.md
// and report.html: outcome, iterations, tokens sent, branch, and the final diff.
import { defineSection } from './section.ts';

/** The fix loop's summary (report.sections['fix-loop']). */
export interface FixSummary {
  /** 'fixed' | 'improved' | 'already-green' | 'no-progress' | 'iteration-limit' | 'time-limit' | 'interrupted' | 'error'. */
  outcome: string;
  iterations: number;
  /** Estimated tokens of every prompt sent (chars / 4). */
  tokensSent: number;
  /** Tests the kept patches fixed, tests failing at the end, tests a kept patch broke. */
  fixed: string[];
  stillFailing: string[];
  newlyFailing: string[];
  branch: string;
  worktree: string;
  /** Commit the loop started from and the last kept one. */
  base: string;
  head: string;
  /** `git diff base..head`, clipped to 4 000 characters (all of it is in finalDiffPath). */
  finalDiff: string;
  finalDiffPath: string;
  transcriptPath: string;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const list = (xs: string[]) => xs.map((x) => `\`${x}\``).join(', ');

export const fixLoopSection = defineSection<FixSummary>({
  id: 'fix-loop',
  title: 'Fix loop (netwright fix)',
  markdown: (f) => {
    const body = f.finalDiff.replace(/```/g, '`\u200b``');
    return [
      `- outcome: **${f.outcome}** after ${f.iterations} iteration(s), ~${f.tokensSent} tokens sent`,
      `- branch \`${f.branch}\` (${f.base.slice(0, 10)}..${f.head.slice(0, 10)}) in \`${f.worktree}\``,
      ...(f.fixed.length ? [`- fixed: ${list(f.fixed)}`] : []),
      ...(f.stillFailing.length ? [`- still failing: ${list(f.stillFailing)}`] : []),
      ...(f.newlyFailing.length ? [`- newly failing: ${list(f.newlyFailing)}`] : []),
      `- transcript: \`${f.transcriptPath}\`; final diff: \`${f.finalDiffPath}\``,
      '',
      f.finalDiff ? `\`\`\`diff\n${body.replace(/\n$/, '')}\n\`\`\`` : '(no change kept)',
    ];
  },
  html: (f) =>
    `<p>outcome <b>${esc(f.outcome)}</b> after ${f.iterations} iteration(s), ~${f.tokensSent} tokens sent; branch <code>${esc(
      f.branch,
    )}</code> in <code>${esc(f.worktree)}</code></p>` +
    (f.fixed.length ? `<p>fixed: ${f.fixed.map((x) => `<code>${esc(x)}</code>`).join(', ')}</p>` : '') +
    (f.stillFailing.length
      ? `<p>still failing: ${f.stillFailing.map((x) => `<code>${esc(x)}</code>`).join(', ')}</p>`
      : '') +
    `<p>transcript <code>${esc(f.transcriptPath)}</code></p>` +
    (f.finalDiff ? `<pre class="diff">${esc(f.finalDiff)}</pre>` : '<p>(no change kept)</p>'),
});
