// summary.md: the report for people and for pasting into an issue. Failures first, each with its
// error, repro command, and the evidence report.json kept; then a table of every test.

import { formatKeyFigures } from './key-figures.ts';
import type { FailureEntry, Report } from './model.ts';
import { REPORT_SECTIONS, type ReportSection } from './sections/index.ts';
import { formatQuote } from './source-quote.ts';

/** Most rows in the tests table (the rest are counted). */
export const SUMMARY_MAX_ROWS = 200;

function fence(lines: string[], lang = ''): string {
  const body = lines.join('\n').replace(/```/g, '`\u200b``');
  return `\`\`\`${lang}\n${body}\n\`\`\``;
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function duration(ms: number | null): string {
  if (ms === null) return '';
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  return s < 120
    ? `${s.toFixed(1)} s`
    : `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
}

/** A failure's lead (reports written before leads existed have none). */
const leadOf = (f: FailureEntry) => f.lead ?? { saw: [], open: [] };

function failure(f: FailureEntry, i: number): string {
  const out: string[] = [];
  out.push(`### ${i + 1}. ${f.fullName}`, '');
  out.push(`- **where:** \`${f.location}\` (${f.kind})`);
  if (f.seed !== null) out.push(`- **seed:** ${f.seed}`);
  out.push(`- **reproduce:** \`${f.reproduce.command}\``);
  const open = leadOf(f).open;
  if (open.length) out.push(`- **open:** ${open.map((p) => `\`${p}\``).join(', ')}`);
  if (f.quote) out.push('', fence(formatQuote(f.quote), 'ts'));
  out.push('', fence([`${f.error.name}: ${f.error.message}`]));
  if (f.error.expected !== undefined || f.error.actual !== undefined) {
    out.push('', fence([`expected: ${f.error.expected ?? ''}`, `actual:   ${f.error.actual ?? ''}`]));
  }
  if (f.error.stack.length)
    out.push(
      '',
      `at ${f.error.stack
        .slice(0, 3)
        .map((s) => `\`${s}\``)
        .join(' ← ')}`,
    );
  const ev = f.evidence;
  if (ev.processes.length) {
    out.push('', '**Processes**', '');
    for (const p of ev.processes) {
      const how = p.signal ? `signal ${p.signal}` : `exit ${p.exitCode ?? '?'}`;
      out.push(
        `- ${p.failed ? '❌' : '✓'} \`${p.name}\` ${how}${p.reason ? ` (${p.reason})` : ''}${p.error ? ` — ${p.error}` : ''}`,
      );
    }
  }
  if (ev.anomalies.length) {
    out.push('', '**Anomalies**', '');
    for (const a of ev.anomalies) {
      out.push(
        `- ${a.tMs !== null ? `t+${a.tMs} ms` : new Date(a.t).toISOString()} \`${a.source}\` ${a.event}${a.detail ? ` ${a.detail}` : ''}`,
      );
    }
  }
  if (ev.network) {
    out.push('', '**Network**', '');
    for (const s of ev.network.timeline)
      out.push(`- t+${s.tMs} ms: ${s.label}${s.link ? ` (${s.link})` : ''}`);
    for (const s of ev.network.stats) out.push(`- ${s}`);
  }
  for (const b of ev.blocks) out.push('', `**${b.title}**`, '', fence(b.lines));
  for (const e of ev.excerpts) {
    const where = e.path ? `${e.path}:${e.fromLine}-${e.toLine}` : `${e.source} (attached tail)`;
    out.push('', `**${e.source}** — ${e.kind} — \`${where}\``, '', fence(e.lines));
  }
  const o = f.omitted;
  if (o.items || o.logLines) {
    out.push(
      '',
      `_Cut for size: ${o.items} item(s), ${o.logLines} log line(s), ~${Math.round(o.chars / 4)} tokens._`,
    );
    for (const s of o.see) {
      const ranges = s.notShown.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(', ');
      out.push(`- \`${s.path}\` (${s.totalLines} lines, ${s.bytes} bytes) not shown: ${ranges}`);
    }
  }
  if (f.logs.length) {
    out.push('', `Logs: ${f.logs.map((l) => `\`${l.path}\``).join(', ')}`);
  }
  return out.join('\n');
}

/** One line per failure: what went wrong in a few words and the files to open. */
function glance(f: FailureEntry, i: number): string {
  const lead = leadOf(f);
  const open = lead.open.length ? ` — open ${lead.open.map((p) => `\`${p}\``).join(', ')}` : '';
  // Backticks become quotes: a headline must not open a code span or fence (the block has the text).
  const saw = lead.saw.map((s) => cell(s).replace(/`+/g, "'")).join('; ');
  return `${i + 1}. **${f.fullName}** (\`${f.location}\`): ${saw || f.error.name}${open}`;
}

/** The run-level blocks of report sections that have data in this report. */
function sectionsMarkdown(r: Report, sections: readonly ReportSection<unknown>[]): string[] {
  const out: string[] = [];
  for (const sec of sections) {
    const data = r.sections?.[sec.id];
    if (data === undefined || !sec.markdown) continue;
    let lines: string[];
    try {
      lines = sec.markdown(data, r);
    } catch (err) {
      lines = [`_this section could not be rendered: ${(err as Error).message}_`];
    }
    if (lines.length) out.push(`## ${sec.title}`, '', ...lines, '');
  }
  return out;
}

/** Render summary.md from a report. */
export function renderSummary(
  r: Report,
  sections: readonly ReportSection<unknown>[] = REPORT_SECTIONS,
): string {
  const t = r.totals;
  const icon =
    r.status === 'passed' ? '✅' : r.status === 'failed' ? '❌' : r.status === 'running' ? '⏳' : '⚠️';
  const out: string[] = [];
  const state =
    r.status === 'running'
      ? ` (still running at ${r.writtenAt}${r.run.pid ? `, vitest pid ${r.run.pid}` : ''}; if that process is gone, the run was killed)`
      : r.complete
        ? ''
        : ' (incomplete: the run did not finish)';
  out.push(`# netwright report ${icon} ${r.status}${state}`, '');
  const counts = [
    `${t.passed} passed`,
    `${t.failed} failed`,
    t.skipped ? `${t.skipped} skipped` : '',
    t.interrupted ? `${t.interrupted} interrupted` : '',
    t.running ? `${t.running} running` : '',
    t.pending ? `${t.pending} queued` : '',
    t.flaky ? `${t.flaky} flaky` : '',
    t.moduleErrors ? `${t.moduleErrors} file error(s)` : '',
    t.unhandledErrors ? `${t.unhandledErrors} unhandled error(s)` : '',
  ].filter(Boolean);
  out.push(`**${t.tests} tests:** ${counts.join(' · ')} — ${duration(r.run.durationMs)}`, '');
  const info = [
    `- command: \`${r.run.command}\``,
    `- seed: ${r.run.seed ?? (r.run.seeds.join(', ') || 'n/a')}`,
    `- commit: ${r.run.gitCommit ?? 'n/a'}${r.run.gitDirty ? ' (dirty)' : ''}`,
    `- node ${r.run.versions.node}, vitest ${r.run.versions.vitest ?? '?'}${r.run.versions.godot ? `, godot ${r.run.versions.godot}` : ''}`,
    `- started ${r.run.startedAt}${r.run.shard ? `, shard ${r.run.shard.index}/${r.run.shard.count}` : ''}${r.run.mergedReports ? ', merged from shard blobs' : ''}`,
  ];
  out.push(...info, '');
  if (r.errors.length) {
    out.push('## Errors outside tests', '');
    for (const e of r.errors)
      out.push(
        `- ${e.kind}${e.file ? ` \`${e.file}\`` : ''}: ${e.error.name}: ${e.error.message.split('\n')[0]}`,
      );
    out.push('');
  }
  if (r.failures.length) {
    out.push('## At a glance', '', ...r.failures.map(glance), '');
    out.push('## Failures', '');
    r.failures.forEach((f, i) => {
      out.push(failure(f, i), '');
    });
  }
  if (r.budget.failuresStubbed || r.budget.failuresOmitted) {
    out.push(
      `_${r.budget.failuresStubbed} failure(s) shortened and ${r.budget.failuresOmitted} not detailed to stay within ${r.budget.tokenBudget} tokens; see the table below._`,
      '',
    );
  }
  const flaky = r.tests.filter((e) => e.flaky && e.note);
  if (flaky.length > 0) {
    out.push('## Flaky (passed on a retry)', '');
    for (const e of flaky.slice(0, SUMMARY_MAX_ROWS)) out.push(`- ${e.fullName}: ${e.note}`);
    out.push('');
  }
  out.push(...sectionsMarkdown(r, sections));
  out.push('## Tests', '', '| state | test | file | time | key figures |', '|---|---|---|---|---|');
  for (const e of r.tests.slice(0, SUMMARY_MAX_ROWS)) {
    const state = e.flaky ? 'flaky' : e.state;
    const where = e.line !== null ? `${e.file}:${e.line}` : e.file;
    out.push(
      `| ${state} | ${cell(e.fullName)} | ${cell(where)} | ${duration(e.durationMs)} | ${cell(formatKeyFigures(e.metrics))} |`,
    );
  }
  if (r.tests.length > SUMMARY_MAX_ROWS)
    out.push('', `_${r.tests.length - SUMMARY_MAX_ROWS} more tests in report.json._`);
  out.push('', `Full report: \`${r.run.files.json}\` · plots: \`${r.run.files.html}\``, '');
  return out.join('\n');
}
