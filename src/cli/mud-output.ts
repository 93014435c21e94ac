// What `netwright mud` prints and writes, one bot or a swarm alike: JSON lines (--json-out), the end
// summary, the fault with its code, what the bots were doing and the last lines they saw, and the
// result file (`RESULT_JSON:<path>` is the last line). Passwords never reach any of these: the config
// holds none, and bots mask theirs in transcripts and errors.
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { MudConfig } from '../mud/config/mud-config.ts';
import type { MudFault } from '../mud/swarm-view.ts';

export type { MudFault } from '../mud/swarm-view.ts';

/** Where output goes (tests pass their own). */
export interface MudCliIo {
  out(text: string): void;
  err(text: string): void;
  /** One JSON line (to --json-out, or nowhere). */
  json(obj: Record<string, unknown>): void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Is stderr a terminal (live dashboard instead of progress lines)? */
  tty: boolean;
}

/** How a run ended: its figures (counters and latency summary) and the fault, if any. */
export interface MudRunOutcome {
  reason: 'time' | 'stopped' | 'fault';
  durationMs: number;
  summary: Record<string, unknown>;
  fault: MudFault | undefined;
}

/** A JSON-lines sink: `true` = stdout, a path = that file, undefined = none. */
export function jsonSink(
  target: string | true | undefined,
  cwd: string,
  out: (t: string) => void,
): { write(obj: Record<string, unknown>): void; close(): Promise<void>; file: string | null } {
  if (target === undefined) return { write: () => {}, close: async () => {}, file: null };
  if (target === true)
    return {
      write: (o) => out(`${JSON.stringify({ t: Date.now(), ...o })}\n`),
      close: async () => {},
      file: null,
    };
  const file = path.resolve(cwd, target);
  mkdirSync(path.dirname(file), { recursive: true });
  const stream = createWriteStream(file);
  return {
    write: (o) => stream.write(`${JSON.stringify({ t: Date.now(), ...o })}\n`),
    close: () => new Promise<void>((r) => stream.end(r)),
    file,
  };
}

const fmt = (v: unknown) => (typeof v === 'number' ? String(Math.round(v * 100) / 100) : String(v ?? '-'));

/** The end summary, a few lines of figures. */
export function summaryLines(o: MudRunOutcome): string[] {
  const s = o.summary as Record<string, unknown> & { latencyMs?: Record<string, number> };
  const lat = s.latencyMs;
  const lines = [
    `netwright mud: ${o.reason === 'fault' ? 'FAILED' : o.reason === 'stopped' ? 'stopped' : 'done'} after ${fmt(o.durationMs / 1000)} s`,
    `  bots ${fmt(s.bots)}  commands ${fmt(s.commands)}  kills ${fmt(s.kills)}  deaths ${fmt(s.deaths)}  xp ${fmt(s.xp)}  levels ${fmt(s.levels)}${s.rooms !== undefined ? `  rooms ${fmt(s.rooms)}` : ''}`,
  ];
  if (lat && lat.count > 0)
    lines.push(
      `  command latency ms: avg ${fmt(lat.mean)}  p50 ${fmt(lat.p50)}  p95 ${fmt(lat.p95)}  p99 ${fmt(lat.p99)}  max ${fmt(lat.max)}  (${lat.count} commands)`,
    );
  const errors = s.errors as Record<string, number> | undefined;
  if (errors && Object.keys(errors).length > 0)
    lines.push(
      `  errors: ${Object.entries(errors)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
  const samples = s.errorSamples as
    | Record<string, { bot: string; doing: string; message: string }[]>
    | undefined;
  for (const [code, list] of Object.entries(samples ?? {}))
    if (list[0]) lines.push(`    first ${code}: ${list[0].bot} (${list[0].doing}): ${list[0].message}`);
  if (o.fault) {
    lines.push(`netwright mud: [${o.fault.code}] ${o.fault.message.split('\n')[0]}`);
    const hint = /\n\s*hint: (.*)/.exec(o.fault.message)?.[1];
    if (hint) lines.push(`  hint: ${hint}`);
    lines.push(`  doing: ${o.fault.doing}`);
    if (o.fault.tail.length > 0) lines.push('  last lines:', ...o.fault.tail.map((l) => `    ${l}`));
  }
  return lines;
}

/** The config as it goes into a result file: no password source values beyond the variable name. */
export function publicConfig(c: MudConfig): Record<string, unknown> {
  const { credentials, ...rest } = c;
  const src = credentials.source;
  return {
    ...rest,
    credentials: {
      names: 'name' in src ? src.name : 'pattern' in src ? src.pattern : `file ${path.basename(src.file)}`,
      password: credentials.password
        ? 'env' in credentials.password
          ? `env ${credentials.password.env}`
          : `file ${path.basename(credentials.password.file)}`
        : 'from the credentials file',
      create: credentials.create,
    },
  };
}

/** Write `<dir>/<name>` (pretty JSON) and return its path. */
export function writeResult(dir: string, name: string, doc: unknown): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
  return file;
}
