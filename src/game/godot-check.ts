// A `--check-only` pass over every GDScript file of a Godot project, so a parse error fails fast with
// file:line instead of a process that hangs forever. Results are cached on disk by the scripts'
// mtimes and sizes, so a suite pays for the check once per change, not once per spec file.

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { NetwrightError } from '../errors.ts';
import { GODOT_BASE_ENV, type GodotBinary, godotErrorLocation } from './godot.ts';

export interface GodotCheckOptions {
  projectDir: string;
  binary: GodotBinary;
  /** Where the pass/fail cache lives; default `<tmpdir>/netwright-godot-check`. `false` disables it. */
  cacheDir?: string | false;
  /** Per-script limit; a parse check takes ~60 ms. */
  timeoutMs?: number;
  /** Scripts checked in parallel. */
  concurrency?: number;
}

export interface GodotCheckResult {
  scripts: string[];
  /** True when a cached pass for the same files was reused. */
  cached: boolean;
  durationMs: number;
}

/** Every `.gd` file under `dir`, as project-relative paths, sorted (hidden folders skipped). */
export function listGdScripts(dir: string): string[] {
  const root = resolve(dir);
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const ent of readdirSync(d, { withFileTypes: true })) {
      if (ent.name.startsWith('.')) continue;
      const p = join(d, ent.name);
      if (ent.isDirectory()) walk(p);
      else if (ent.isFile() && ent.name.endsWith('.gd')) out.push(relative(root, p).split(sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}

function signature(root: string, scripts: string[], binary: GodotBinary): string {
  const h = createHash('sha256').update(binary.path).update('\0');
  for (const s of scripts) {
    const st = statSync(join(root, s));
    h.update(`${s}\0${st.mtimeMs}\0${st.size}\n`);
  }
  for (const extra of ['project.godot']) {
    try {
      const st = statSync(join(root, extra));
      h.update(`${extra}\0${st.mtimeMs}\0${st.size}\n`);
    } catch {}
  }
  return h.digest('hex');
}

function runCheck(
  binary: GodotBinary,
  root: string,
  script: string,
  timeoutMs: number,
): Promise<{ code: number | null; output: string; timedOut: boolean }> {
  return new Promise((done) => {
    execFile(
      binary.path,
      ['--path', root, '--check-only', '-s', `res://${script}`],
      { cwd: root, env: { ...process.env, ...GODOT_BASE_ENV }, timeout: timeoutMs, maxBuffer: 1 << 20 },
      (err, stdout, stderr) => {
        const e = err as (NodeJS.ErrnoException & { code?: unknown; killed?: boolean }) | null;
        const code = e ? (typeof e.code === 'number' ? e.code : null) : 0;
        done({ code, output: `${stdout}\n${stderr}`, timedOut: Boolean(e?.killed) });
      },
    );
  });
}

/**
 * Parse-check every script of the project. Throws ERR_GODOT_PARSE (message leads with
 * `res://file.gd:LINE`) on the first broken script, ERR_GODOT_CHECK_TIMEOUT if a check hangs.
 */
export async function checkGodotProject(opts: GodotCheckOptions): Promise<GodotCheckResult> {
  const started = performance.now();
  const root = resolve(opts.projectDir);
  const scripts = listGdScripts(root);
  const cacheDir = opts.cacheDir === undefined ? join(tmpdir(), 'netwright-godot-check') : opts.cacheDir;
  const sig = signature(root, scripts, opts.binary);
  const cacheFile = cacheDir
    ? join(cacheDir, `${createHash('sha256').update(root).digest('hex').slice(0, 16)}.json`)
    : undefined;
  if (cacheFile) {
    try {
      const cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as { signature?: string; ok?: boolean };
      if (cached.ok && cached.signature === sig) {
        return { scripts, cached: true, durationMs: performance.now() - started };
      }
    } catch {}
  }
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const queue = [...scripts];
  const failures: { script: string; code: number | null; output: string; timedOut: boolean }[] = [];
  const worker = async (): Promise<void> => {
    for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
      const r = await runCheck(opts.binary, root, s, timeoutMs);
      if (r.code !== 0) failures.push({ script: s, ...r });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 2) }, worker));
  if (failures.length > 0) {
    failures.sort((a, b) => a.script.localeCompare(b.script));
    const first = failures[0];
    const lines = first.output.split('\n').map((l) => l.trimEnd());
    if (first.timedOut) {
      throw new NetwrightError(
        'ERR_GODOT_CHECK_TIMEOUT',
        `godot --check-only res://${first.script} did not finish within ${timeoutMs} ms`,
        {
          hint: 'run the check by hand to see what blocks',
          details: { projectDir: root, script: first.script },
        },
      );
    }
    const loc = godotErrorLocation(lines) ?? { file: `res://${first.script}`, line: 0 };
    const message = lines
      .find((l) => /SCRIPT ERROR:|Parse Error/.test(l))
      ?.replace(/^.*?SCRIPT ERROR:\s*/, '');
    throw new NetwrightError(
      'ERR_GODOT_PARSE',
      `${loc.file}:${loc.line}: ${message ?? 'script failed the --check-only pass'}`,
      {
        hint: `fix ${join(root, loc.file.replace('res://', ''))}:${loc.line} (godot --check-only exits ${String(first.code ?? 'n/a')})`,
        details: {
          projectDir: root,
          file: loc.file,
          line: loc.line,
          failedScripts: failures.map((f) => f.script),
          output: lines.filter((l) => l.trim() !== '').slice(0, 20),
        },
      },
    );
  }
  if (cacheFile && cacheDir) {
    try {
      mkdirSync(cacheDir, { recursive: true });
      writeFileSync(cacheFile, JSON.stringify({ signature: sig, ok: true, scripts }));
    } catch {}
  }
  return { scripts, cached: false, durationMs: performance.now() - started };
}
