// `netwright mud` as a user runs it: the real CLI as a child process against the fixture MUD on
// loopback (in this process, fast pulses). One bot plays with progress lines and JSON lines; a server
// that goes away is a coded fault with the bot's last lines; SIGTERM stops it gracefully; mistakes are
// one line naming the closest flag. The password never shows in any output.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type MudServerHandle, startMudServer } from '../../mud-fixtures/lib/server.ts';

const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'bin/netwright.mjs');
const PW = 'pupilpass9';
const tmp = mkdtempSync(path.join(tmpdir(), 'nw-mudcli-'));
// ROM timing scaled down: 5 ms pulses, a combat round every 2 pulses.
const FAST = { pulseMs: 5, violencePulses: 2, mobilePulses: 8, tickPulses: 40 };

let server: MudServerHandle | undefined;
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  await server?.close();
  server = undefined;
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const cli = (args: string[], env: Record<string, string> = {}) =>
  execa(process.execPath, [bin, 'mud', ...args], {
    cwd: tmp,
    env: { ...env, NO_COLOR: '1' },
    reject: false,
    timeout: 60_000,
  });

/** Start the CLI and collect its output; resolves `until` when stderr matches. */
function start(args: string[]) {
  const child = spawn(process.execPath, [bin, 'mud', ...args], {
    cwd: tmp,
    env: { ...process.env, MUD_PW: PW, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<{ code: number | null; ms: number }>((resolve) => {
    const t0 = performance.now();
    child.on('close', (code) => resolve({ code, ms: performance.now() - t0 }));
  });
  const until = (re: RegExp, ms = 30_000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${re} in stderr:\n${stderr}`)), ms);
      const check = () => {
        if (!re.test(stderr)) return;
        clearTimeout(timer);
        child.stderr.off('data', check);
        resolve();
      };
      child.stderr.on('data', check);
      check();
    });
  return { child, exited, until, out: () => stdout, err: () => stderr };
}

describe('netwright mud mistakes', () => {
  it('an unknown flag is one line naming the closest flag, exit 2', async () => {
    const r = await cli(['--hostt', '127.0.0.1']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe('netwright mud: unknown option --hostt (did you mean --host?)');
    expect(r.stdout).toBe('');
  });

  it('a password on the command line is refused without echoing it', async () => {
    const r = await cli(['--host', '127.0.0.1', '--port', '4000', '--user', 'Bot', '--password', 'hunter22']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('--password is refused');
    expect(r.stderr).not.toContain('hunter22');
  });

  it('bad values are all reported at once under their flags', async () => {
    const r = await cli(['--port', '0', '--user', 'Bot7', '--password-env', 'NOT_SET_PW', '--bots', 'x']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('[ERR_CONFIG_INVALID] netwright mud:');
    for (const s of [
      'connection.host: expected a string',
      '--port: must be >= 1',
      '--user: ROM names',
      '--bots: expected a number',
    ])
      expect(r.stderr).toContain(s);
    expect(r.stderr).not.toContain('    at ');
  });

  it('--help lists the flags and both forms', async () => {
    const r = await cli(['--help']);
    expect(r.exitCode).toBe(0);
    for (const s of ['--password-env VAR', '--metrics-port N', '--shard K/N', 'netwright mud merge'])
      expect(r.stdout).toContain(s);
  });
});

describe('netwright mud with one bot', () => {
  it('plays, prints progress and JSON lines, ends with RESULT_JSON; the password shows nowhere', async () => {
    server = await startMudServer({ seed: 31, tlsPort: false, ...FAST });
    const jsonl = path.join(tmp, 'one.jsonl');
    const args = [
      '--host',
      '127.0.0.1',
      '--port',
      String(server.port),
      '--user',
      'Pupil',
      '--password-env',
      'MUD_PW',
    ];
    const run = start([
      ...args,
      '--duration',
      '4',
      '--progress-interval',
      '1',
      '--json-out',
      jsonl,
      '--seed',
      '5',
    ]);
    const { code } = await run.exited;
    expect(code, run.err()).toBe(0);
    expect(run.err()).toContain('netwright mud: one bot at 127.0.0.1');
    expect(run.err()).toMatch(/\[\d s\] Pupil lvl \d+ hp \d+\/\d+ .* cmds p50 [\d.]+ ms p99/);
    expect(run.err()).toMatch(/command latency ms: avg [\d.]+ {2}p50/);
    const last = run.out().trim().split('\n').at(-1) ?? '';
    expect(last).toMatch(/^RESULT_JSON:/);
    const result = JSON.parse(readFileSync(last.slice('RESULT_JSON:'.length), 'utf8'));
    expect(result).toMatchObject({ kind: 'mud-result', seed: 5, reason: 'time' });
    expect(result.summary.commands).toBeGreaterThan(5);
    const lines = readFileSync(jsonl, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0].type).toBe('start');
    expect(lines.filter((l) => l.type === 'progress').length).toBeGreaterThanOrEqual(2);
    expect(lines.at(-1)).toMatchObject({ type: 'summary', reason: 'time' });
    for (const text of [run.out(), run.err(), readFileSync(jsonl, 'utf8'), JSON.stringify(result)])
      expect(text).not.toContain(PW);
  });

  it('a server that goes away mid-run is a coded fault with what the bot was doing and its last lines, exit 1', async () => {
    server = await startMudServer({ seed: 32, tlsPort: false, ...FAST });
    const run = start([
      '--host',
      '127.0.0.1',
      '--port',
      String(server.port),
      '--user',
      'Victim',
      '--password-env',
      'MUD_PW',
      '--duration',
      '60',
      '--progress-interval',
      '1',
    ]);
    await run.until(/\[1 s\] Victim/);
    await server.close();
    server = undefined;
    const { code, ms } = await run.exited;
    expect(code).toBe(1);
    expect(ms).toBeLessThan(15_000);
    expect(run.err()).toMatch(/netwright mud: \[ERR_MUD_(CLOSED|SILENT)\] Victim/);
    expect(run.err()).toMatch(/ {2}doing: /);
    expect(run.err()).toContain('  last lines:');
    expect(run.err()).not.toContain(PW);
  });

  it('SIGTERM stops the bot gracefully (quit, close), prints the summary, exit 143', async () => {
    server = await startMudServer({ seed: 33, tlsPort: false, ...FAST });
    const run = start([
      '--host',
      '127.0.0.1',
      '--port',
      String(server.port),
      '--user',
      'Quitter',
      '--password-env',
      'MUD_PW',
      '--duration',
      '120',
      '--progress-interval',
      '1',
    ]);
    await run.until(/\[1 s\] Quitter/);
    run.child.kill('SIGTERM');
    const { code } = await run.exited;
    expect(code).toBe(143);
    expect(run.err()).toContain('SIGTERM, stopping the bots');
    expect(run.err()).toMatch(/netwright mud: stopped after [\d.]+ s/);
    expect(run.out()).toMatch(/RESULT_JSON:.*mud-result\.json\n$/);
  });
});
