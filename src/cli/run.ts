// `netwright run [vitest args...]`: vitest run with the project's config; the netwright plugin adds the
// report writer, whose last line is REPORT_JSON:<path>.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../util/module-path.ts';

/** Find the vitest binary of the project in cwd (or netwright's own). */
function vitestBin(cwd: string): string {
  const local = path.join(cwd, 'node_modules', '.bin', 'vitest');
  if (existsSync(local)) return local;
  return path.join(packageRoot(), 'node_modules', '.bin', 'vitest');
}

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help')) {
    process.stdout.write('usage: netwright run [files or vitest options...]   (same as `vitest run ...`)\n');
    return 0;
  }
  const bin = vitestBin(process.cwd());
  const child = spawn(bin, ['run', ...argv], { stdio: 'inherit' });
  const forward = (sig: NodeJS.Signals) => child.kill(sig);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return await new Promise<number>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 130 : 1)));
    child.on('error', (err) => {
      process.stderr.write(`netwright run: cannot start vitest (${bin}): ${err.message}\n`);
      resolve(2);
    });
  });
}
