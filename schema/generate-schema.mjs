// Generates schema/report.schema.json from this compact description of src/report/model.ts.
// After changing the model: node schema/generate-schema.mjs > schema/report.schema.json
const str = { type: 'string' };
const int = { type: 'integer' };
const num = { type: 'number' };
const bool = { type: 'boolean' };
const nullable = (s) => ({ anyOf: [s, { type: 'null' }] });
const obj = (props, required = Object.keys(props), extra = false) => ({
  type: 'object',
  properties: props,
  required,
  additionalProperties: extra,
});
const arr = (items) => ({ type: 'array', items });
const range = { type: 'array', items: int, minItems: 2, maxItems: 2 };
const errorBrief = obj(
  { name: str, message: str, expected: str, actual: str, diff: str, stack: arr(str), code: str },
  ['name', 'message', 'stack'],
);
const window = { fromLine: int, toLine: int, lines: arr(str), matchedLines: arr(int) };
// One test's plot data (in plots.json, validated by #/definitions/plotsFile).
const plot = obj(
  {
    testId: str,
    title: str,
    failed: bool,
    series: arr(
      obj(
        {
          name: str,
          unit: str,
          source: str,
          points: arr({ type: 'array', items: [num, nullable(num)], minItems: 2, maxItems: 2 }),
        },
        ['name', 'unit', 'points'],
      ),
    ),
    network: arr(obj({ tMs: num, label: str, outage: bool, link: str }, ['tMs', 'label', 'outage'])),
    markers: arr(obj({ tMs: num, label: str })),
    markersOmitted: { type: 'integer', minimum: 1 },
    bars: arr(obj({ entity: str, name: str, value: num })),
    thresholds: arr(
      obj({ value: num, label: str, failed: bool, unit: str, series: str, bar: str }, [
        'value',
        'label',
        'failed',
      ]),
    ),
  },
  ['testId', 'title', 'failed', 'series', 'network', 'markers'],
);
const keyFigures = { type: 'object', additionalProperties: { type: ['number', 'string'] } };
const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://netwright.dev/schema/report.schema.json',
  title: 'netwright report.json',
  description:
    'LLM-first test run report written by the netwright Vitest reporter. Failures come first and stay within budget.tokenBudget (tokens ~ chars/4 of the failures array as written).',
  ...obj({
    schemaVersion: { const: 3 },
    tool: { const: 'netwright' },
    status: { enum: ['passed', 'failed', 'interrupted', 'running'] },
    interrupted: bool,
    complete: bool,
    writtenAt: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T' },
    run: obj({
      command: str,
      root: str,
      seed: nullable(int),
      seeds: arr(int),
      gitCommit: nullable(str),
      gitDirty: nullable(bool),
      versions: obj({ node: str, vitest: nullable(str), godot: nullable(str), netwright: nullable(str) }),
      startedAt: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T' },
      durationMs: { type: 'number', minimum: 0 },
      shard: nullable(obj({ index: int, count: int })),
      mergedReports: bool,
      files: obj({ json: str, summary: str, html: str, plots: str }),
      pid: nullable(int),
    }),
    totals: obj(
      Object.fromEntries(
        [
          'tests',
          'passed',
          'failed',
          'skipped',
          'interrupted',
          'running',
          'pending',
          'flaky',
          'moduleErrors',
          'unhandledErrors',
        ].map((k) => [k, { type: 'integer', minimum: 0 }]),
      ),
    ),
    failures: arr(
      obj({
        id: str,
        name: str,
        fullName: str,
        project: nullable(str),
        file: str,
        line: nullable(int),
        location: str,
        quote: nullable(
          obj({ file: str, line: int, column: int, fromLine: int, lines: arr(str) }, [
            'file',
            'line',
            'fromLine',
            'lines',
          ]),
        ),
        kind: { enum: ['assertion', 'timeout', 'process', 'error', 'crash', 'module'] },
        error: errorBrief,
        moreErrors: { type: 'integer', minimum: 0 },
        seed: nullable(num),
        retries: int,
        durationMs: nullable(num),
        reproduce: obj({ command: str, env: { type: 'object', additionalProperties: str } }),
        lead: obj({ saw: arr(str), open: arr(str) }),
        logs: arr(obj({ source: str, path: str })),
        evidence: obj({
          processes: arr(
            obj(
              {
                name: str,
                exitCode: nullable(int),
                signal: nullable(str),
                reason: nullable(str),
                failed: bool,
                durationMs: nullable(num),
                error: str,
              },
              ['name', 'exitCode', 'signal', 'reason', 'failed', 'durationMs'],
            ),
          ),
          anomalies: arr(
            obj({ tMs: nullable(num), t: num, source: str, event: str, detail: str }, [
              'tMs',
              't',
              'source',
              'event',
            ]),
          ),
          network: nullable(
            obj({
              config: {},
              timeline: arr(obj({ tMs: num, label: str, link: str, direction: str }, ['tMs', 'label'])),
              stats: arr(str),
            }),
          ),
          excerpts: arr(
            obj({
              path: str,
              source: str,
              kind: { enum: ['match', 'moment', 'tail', 'process-tail'] },
              ...window,
            }),
          ),
          blocks: arr(
            obj(
              {
                section: str,
                title: str,
                lines: arr(str),
                rank: { enum: ['lead', 'detail'] },
                keep: { enum: ['start', 'end'] },
              },
              ['section', 'title', 'lines'],
            ),
          ),
        }),
        omitted: obj({
          chars: { type: 'integer', minimum: 0 },
          items: { type: 'integer', minimum: 0 },
          logLines: { type: 'integer', minimum: 0 },
          see: arr(obj({ path: str, totalLines: int, bytes: int, notShown: arr(range) })),
        }),
      }),
    ),
    budget: obj({ tokenBudget: num, tokensUsed: int, failuresStubbed: int, failuresOmitted: int }),
    sections: {
      description: 'Run-level data of report sections (src/report/sections), keyed by section id.',
      type: 'object',
      additionalProperties: true,
    },
    errors: arr(obj({ kind: { enum: ['unhandled', 'module'] }, file: nullable(str), error: errorBrief })),
    tests: arr(
      obj(
        {
          id: str,
          name: str,
          fullName: str,
          file: str,
          line: nullable(int),
          state: { enum: ['passed', 'failed', 'skipped', 'interrupted', 'running', 'pending'] },
          flaky: bool,
          retries: int,
          durationMs: nullable(num),
          seed: nullable(num),
          metrics: keyFigures,
          failure: nullable(int),
          note: str,
        },
        [
          'id',
          'name',
          'fullName',
          'file',
          'line',
          'state',
          'flaky',
          'retries',
          'durationMs',
          'seed',
          'metrics',
          'failure',
        ],
      ),
    ),
    plots: obj({ file: str, tests: { type: 'integer', minimum: 0 }, note: str }),
  }),
  definitions: {
    plotsFile: obj({ schemaVersion: { const: 3 }, report: str, plots: arr(plot) }),
  },
};
process.stdout.write(JSON.stringify(schema, null, 2) + '\n');
