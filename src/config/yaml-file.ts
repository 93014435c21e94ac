// A YAML front end for the validation toolkit: parse with `yaml` keeping line numbers, hand the plain
// data to a validator, and turn each problem's path (`swarm.bots`, `behaviors[2].combat.targets`) back
// into `file:line:col` so ERR_CONFIG_INVALID points at the line to fix.
//
//   text ─ parseDocument(LineCounter) ─┬─ data (plain JS) ─▶ validator ─▶ problems[{ path }]
//                                      └─ locate(path) ─────────────────────▶ "swarm.yaml:7:9 swarm.bots: ..."
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { type ConfigProblem, NetwrightConfigError } from '../errors.ts';

/** A parsed YAML document: its data, syntax problems, and where each path sits in the file. */
export interface YamlSource {
  /** File name as shown in messages (relative to cwd when possible). */
  name: string;
  /** The document as plain data (undefined when it did not parse). */
  data: unknown;
  /** Syntax errors and duplicate keys, each already located. */
  syntax: ConfigProblem[];
  /** `name:line:col` of the value at a dotted path, or of its nearest parent that exists. */
  locate(problemPath: string): string;
}

/** `a.b[2].c` -> ['a', 'b', 2, 'c']. */
export function splitPath(p: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of p.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

/** Parse YAML text; `name` is used in locations. Never throws. */
export function parseYaml(text: string, name: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const pos = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return `${name}:${line}:${col}`;
  };
  const syntax = doc.errors.map((e) => ({ path: pos(e.pos[0]), message: e.message.split('\n')[0]! }));
  const locate = (problemPath: string): string => {
    let node: Node | null | undefined = doc.contents as Node | null;
    let found = node?.range?.[0];
    for (const key of splitPath(problemPath)) {
      if (isMap(node)) {
        const pair = node.items.find((i) => isScalar(i.key) && String(i.key.value) === String(key));
        if (!pair) break;
        node = (pair.value ?? pair.key) as Node | null;
        found = node?.range?.[0] ?? (pair.key as Node | null)?.range?.[0] ?? found;
      } else if (isSeq(node) && typeof key === 'number' && node.items[key]) {
        node = node.items[key] as Node;
        found = node.range?.[0] ?? found;
      } else break;
    }
    return found === undefined ? name : pos(found);
  };
  return { name, data: syntax.length ? undefined : doc.toJS({ maxAliasCount: 100 }), syntax, locate };
}

/**
 * Read a config file: its text and the name to show in locations (relative to cwd when inside it). An
 * unreadable file is ERR_CONFIG_INVALID naming the path, prefixed with `label` (e.g. the flag).
 */
export function readConfigText(
  file: string,
  cwd: string,
  subject: string,
  hint?: string,
  label?: string,
): { text: string; name: string } {
  const abs = path.resolve(cwd, file);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (err) {
    const why = `cannot read ${abs} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
    throw new NetwrightConfigError(subject, [label ? `${label}: ${why}` : why], hint);
  }
  const rel = path.relative(cwd, abs);
  return { text, name: rel && !rel.startsWith('..') ? rel : abs };
}

/** Read and parse a YAML file; an unreadable file is ERR_CONFIG_INVALID naming the path. */
export function readYamlFile(file: string, cwd: string, subject: string, hint?: string): YamlSource {
  const { text, name } = readConfigText(file, cwd, subject, hint);
  return parseYaml(text, name);
}

/**
 * Problems with their file locations: `swarm.yaml:7:9 swarm.bots` (the path stays, so the key is named
 * even when the value sits on its parent's line). `override(path)` names a flag that replaced the value.
 */
export function locateProblems(
  src: YamlSource,
  problems: readonly ConfigProblem[],
  override: (problemPath: string) => string | undefined = () => undefined,
): ConfigProblem[] {
  return problems.map((p) => {
    const flag = override(p.path);
    if (flag) return { path: flag, message: p.message };
    const where = src.locate(p.path);
    return { path: p.path ? `${where} ${p.path}` : where, message: p.message };
  });
}
