// A scenario YAML file -> RawValues, each remembering `file:line:col`. Keys are the flags' names in
// snake_case, grouped as in SCENARIO_OPTIONS (`network: { lag: 120 }`, `thresholds: { max_p99_ms: 250 }`).
// Syntax errors, unknown keys and wrong shapes are all collected; values are checked by resolveScenario.
//
//   clients: 8
//   behavior: random_walk
//   duration: 60
//   matrix: [wifi_good, wifi_bad, lossy_5]
//   network: { lag: 40, loss: 0.02 }
//   thresholds: { max_p99_ms: 250, min_rate_hz: 20 }

import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { didYouMean } from '../config/closest.ts';
import { readConfigText } from '../config/yaml-file.ts';
import { NetwrightConfigError } from '../errors.ts';
import { SCENARIO_OPTIONS } from './options.ts';
import type { RawValues } from './scenario.ts';

/** Nested key path -> flag, and the set of valid map paths (`network`, `thresholds`). */
const BY_PATH = new Map(
  SCENARIO_OPTIONS.filter((o) => o.yaml).map((o) => [(o.yaml ?? []).join('.'), o.flag]),
);
const GROUPS = new Set(
  SCENARIO_OPTIONS.flatMap((o) => (o.yaml && o.yaml.length > 1 ? [o.yaml.slice(0, -1).join('.')] : [])),
);

/** Parse scenario YAML text; `name` is used in locations. Throws ERR_CONFIG_INVALID with every problem. */
export function parseScenarioYaml(text: string, name: string): RawValues {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const problems: string[] = [];
  const at = (node: Node | null | undefined): string => {
    const offset = node?.range?.[0];
    if (offset === undefined) return name;
    const { line, col } = lineCounter.linePos(offset);
    return `${name}:${line}:${col}`;
  };
  for (const e of doc.errors) {
    const { line, col } = lineCounter.linePos(e.pos[0]);
    problems.push(`${name}:${line}:${col}: ${e.message.split('\n')[0]}`);
  }
  const values: RawValues = new Map();
  if (problems.length === 0) {
    const root = doc.contents;
    if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) {
      problems.push(`${name}: the file is empty; expected settings such as 'clients: 4'`);
    } else if (!isMap(root)) {
      problems.push(
        `${at(root)}: expected a mapping of settings (key: value), got a ${isSeq(root) ? 'list' : 'value'}`,
      );
    } else {
      walk(root, [], values, problems, at);
    }
  }
  if (problems.length > 0)
    throw new NetwrightConfigError(
      `scenario config ${name}`,
      problems,
      'netwright run --help lists every key',
    );
  return values;
}

function walk(
  map: Node,
  prefix: string[],
  values: RawValues,
  problems: string[],
  at: (n: Node | null | undefined) => string,
): void {
  if (!isMap(map)) return;
  for (const pair of map.items) {
    const keyNode = pair.key as Node | null;
    const key = isScalar(keyNode) ? String(keyNode.value) : '';
    const full = [...prefix, key].join('.');
    const value = pair.value as Node | null;
    if (GROUPS.has(full)) {
      if (!isMap(value))
        problems.push(`${at(value ?? keyNode)}: '${full}' holds settings (key: value), not a value`);
      else walk(value, [...prefix, key], values, problems, at);
      continue;
    }
    const flag = BY_PATH.get(full);
    if (!flag) {
      const known = [...BY_PATH.keys(), ...GROUPS].filter((k) =>
        k.startsWith(prefix.length ? `${prefix.join('.')}.` : ''),
      );
      const names = known.map((k) => k.slice(prefix.length ? prefix.join('.').length + 1 : 0));
      problems.push(
        `${at(keyNode)}: unknown key '${full}'${didYouMean(
          key,
          names.filter((n) => !n.includes('.')),
        )}`,
      );
      continue;
    }
    values.set(flag, { value: toPlain(value), where: at(value ?? keyNode) });
  }
}

/** A YAML node as a plain value (scalars and sequences of scalars; anything else stays a node shape). */
function toPlain(node: Node | null): unknown {
  if (node === null) return null;
  if (isScalar(node)) return node.value;
  if (isSeq(node)) return node.items.map((i) => (isScalar(i) ? i.value : i));
  return { mapping: true };
}

/** Read and parse a scenario YAML file; a missing file is ERR_CONFIG_INVALID too (with the path). */
export function loadScenarioFile(file: string, cwd: string): RawValues {
  const { text, name } = readConfigText(
    file,
    cwd,
    'scenario config',
    'pass the path of a scenario YAML file',
    `--config ${file}`,
  );
  return parseScenarioYaml(text, name);
}
