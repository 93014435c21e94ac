// `netwright report <report.json>`: re-render summary.md and report.html from a report.json (after an
// upgrade, or from a report copied out of CI), or print the summary.
//
//   netwright report netwright-report/report.json            rewrite summary.md + report.html beside it
//   netwright report r.json --out dir                          write them (and a copy of report.json) to dir
//   netwright report r.json --print                            print summary.md to stdout, write nothing

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { NetwrightError } from '../errors.ts';
import { REPORT_SCHEMA_VERSION, type Report } from '../report/model.ts';
import { withPlots } from '../report/read-report.ts';
import { renderSummary } from '../report/render-summary.ts';
import { writeReport } from '../report/write-report.ts';

const HELP = `usage: netwright report <report.json> [--out <dir>] [--print]

Re-renders summary.md and report.html from a netwright report.json.
  --out <dir>   write the files to <dir> (default: beside report.json)
  --print       print summary.md to stdout instead of writing files
`;

/** Read and check a report.json; coded errors for missing, unparsable or other-version files. */
export function loadReport(file: string): Report {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new NetwrightError('ERR_REPORT_NOT_FOUND', `cannot read ${file}: ${(err as Error).message}`, {
      hint: 'pass the path printed after REPORT_JSON: at the end of a run',
    });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new NetwrightError('ERR_REPORT_INVALID', `${file} is not JSON: ${(err as Error).message}`);
  }
  const version = (data as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof data !== 'object' || data === null || (data as { tool?: unknown }).tool !== 'netwright') {
    throw new NetwrightError(
      'ERR_REPORT_INVALID',
      `${file} is not a netwright report (no "tool": "netwright")`,
    );
  }
  // Schema 2 differs only by its inline plots, which withPlots reads as they are.
  if (version !== REPORT_SCHEMA_VERSION && version !== 2) {
    throw new NetwrightError(
      'ERR_REPORT_VERSION',
      `${file} has schemaVersion ${String(version)}, this netwright reads ${REPORT_SCHEMA_VERSION}`,
      { hint: 'render it with the netwright version that wrote it' },
    );
  }
  return withPlots(data as Record<string, unknown>, path.dirname(path.resolve(file)));
}

export async function run(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    process.stderr.write(`netwright report: ${(err as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const file = parsed.positionals[0];
  if (!file || parsed.positionals.length > 1) {
    process.stderr.write(HELP);
    return 2;
  }
  const report = loadReport(path.resolve(file));
  if (parsed.values.print) {
    process.stdout.write(renderSummary(report));
    return 0;
  }
  const dir = path.resolve(parsed.values.out ?? path.dirname(path.resolve(file)));
  const files = {
    json: path.join(dir, 'report.json'),
    summary: path.join(dir, 'summary.md'),
    html: path.join(dir, 'report.html'),
    plots: path.join(dir, 'plots.json'),
  };
  const copy: Report = { ...report, run: { ...report.run, files } };
  const sameDir = path.resolve(file) === files.json;
  writeReport(copy, { json: !sameDir });
  process.stdout.write(`${files.summary}\n${files.html}\n`);
  return 0;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: { out: { type: 'string' }, print: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
}
