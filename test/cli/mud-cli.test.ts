// `netwright mud` as a user runs it: the real CLI as a child process against the fixture MUD on
// loopback (in this process, fast pulses). One bot plays with progress lines and JSON lines; a server
// that goes away is a coded fault with the bot's last lines; SIGTERM stops it gracefully; mistakes are
// one line naming the closest flag. The password never shows in any output.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

describe('netwright mud with a swarm', () => {
  it('runs N bots with progress lines and a summary whose JSON line carries the mergeable snapshot', async () => {
    server = await startMudServer({ seed: 34, tlsPort: false, ...FAST });
    const jsonl = path.join(tmp, 'swarm.jsonl');
    const run = start([
      ...['--host', '127.0.0.1', '--port', String(server.port), '--name-pattern', 'Swarm{letters}'],
      ...['--password-env', 'MUD_PW', '--bots', '4', '--stagger', '50', '--duration', '4'],
      ...['--progress-interval', '1', '--json-out', jsonl, '--seed', '9'],
    ]);
    const { code } = await run.exited;
    expect(code, run.err()).toBe(0);
    expect(run.err()).toMatch(/\[\d s\] \d\/4 bots active \(\d connecting, 0 failed\) \| \d+ cmds p50/);
    expect(run.err()).toMatch(/ {2}bots 4 {2}commands \d+/);
    const lines = readFileSync(jsonl, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const summary = lines.at(-1);
    expect(summary).toMatchObject({ type: 'summary', reason: 'time', bots: 4 });
    expect(summary.snapshot).toMatchObject({ version: 1, seed: 9 });
    expect(summary.snapshot.latencyMs.count).toBe(summary.commands);
    for (const text of [run.out(), run.err(), readFileSync(jsonl, 'utf8')]) expect(text).not.toContain(PW);
  });

  it('two shards (0/2 and 1/2) merge into one result: counters summed, one latency histogram', async () => {
    server = await startMudServer({ seed: 35, tlsPort: false, ...FAST });
    const shard = (k: number) =>
      start([
        ...['--host', '127.0.0.1', '--port', String(server!.port), '--name-pattern', 'Part{letters}'],
        ...['--password-env', 'MUD_PW', '--bots', '4', '--stagger', '50', '--duration', '3', '--seed', '11'],
        ...['--shard', `${k}/2`, '--log-level', 'quiet', '--json-out', path.join(tmp, `shard-${k}.jsonl`)],
      ]);
    const runs = [shard(0), shard(1)];
    const codes = await Promise.all(runs.map((r) => r.exited));
    expect(codes.map((c) => c.code)).toEqual([0, 0]);
    const parts = [0, 1].map(
      (k) =>
        JSON.parse(
          readFileSync(path.join(tmp, `shard-${k}.jsonl`), 'utf8')
            .trim()
            .split('\n')
            .at(-1)!,
        ).snapshot,
    );
    // Each shard played its own two bots.
    expect(parts.map((p) => p.bots.logins)).toEqual([2, 2]);
    const merged = await cli(['merge', 'shard-0.jsonl', 'shard-1.jsonl', '--output-dir', 'merged']);
    expect(merged.exitCode, merged.stderr).toBe(0);
    expect(merged.stderr).toContain('netwright mud merge: 2 snapshots, 2 parts, seed 11');
    const result = JSON.parse(readFileSync(merged.stdout.trim().slice('RESULT_JSON:'.length), 'utf8'));
    expect(result.summary.bots).toBe(4);
    expect(result.summary.commands).toBe(parts[0].responses + parts[1].responses);
    expect(result.summary.latencyMs.count).toBe(parts[0].latencyMs.count + parts[1].latencyMs.count);
    // The histograms merge exactly up to HDR's 3 significant digits.
    const max = Math.max(parts[0].latencyMs.max, parts[1].latencyMs.max);
    expect(Math.abs(result.summary.latencyMs.max - max)).toBeLessThanOrEqual(max * 0.001 + 0.01);
  });

  it('merge names a file without a snapshot, exit 2', async () => {
    writeFileSync(path.join(tmp, 'one.jsonl'), '{"type":"start","bots":1}\n{"type":"summary","bots":1}\n');
    const r = await cli(['merge', 'one.jsonl', 'missing.json']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('one.jsonl: no swarm snapshot in it');
    expect(r.stderr).toContain('missing.json: cannot read it (ENOENT)');
  });

  it('a server that dies under the swarm is ERR_MUD_SWARM_FAULT with what the bots were doing, exit 1', async () => {
    server = await startMudServer({ seed: 36, tlsPort: false, ...FAST });
    const run = start([
      ...['--host', '127.0.0.1', '--port', String(server.port), '--name-pattern', 'Doomed{letters}'],
      ...[
        '--password-env',
        'MUD_PW',
        '--bots',
        '3',
        '--stagger',
        '50',
        '--duration',
        '60',
        '--progress-interval',
        '1',
      ],
    ]);
    await run.until(/\[\d s\] 3\/3 bots active/);
    await server.close();
    server = undefined;
    const { code, ms } = await run.exited;
    expect(code, run.err()).toBe(1);
    expect(ms).toBeLessThan(20_000);
    expect(run.err()).toMatch(/netwright mud: \[ERR_MUD_SWARM_FAULT\] server-/);
    expect(run.err()).toMatch(/ {2}doing: \d+ /);
    expect(run.err()).not.toContain(PW);
  });
});
