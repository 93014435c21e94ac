// `netwright proxy` (src/cli/proxy.ts): usage errors reported together, a UDP link with a profile and
// stats lines (in-process, stopped by an AbortSignal), and the real command as a child process serving
// the API to toxiproxy-node-client, stopped with SIGINT.

import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { fileURLToPath } from 'node:url';
import { Toxiproxy } from 'toxiproxy-node-client';
import { expect, it } from 'vitest';
import { runProxy } from '../../../src/cli/proxy.ts';

function io(signal?: AbortSignal) {
  const out: string[] = [];
  const err: string[] = [];
  let ready: (w: { host: string; port: number }) => void = () => undefined;
  const readyP = new Promise<{ host: string; port: number }>((r) => {
    ready = r;
  });
  return {
    out,
    err,
    ready: readyP,
    io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), signal, onReady: ready },
  };
}

it('reports every usage problem at once with exit code 2', async () => {
  const t = io();
  const code = await runProxy(
    [
      '--listen',
      '0.0.0.0:7777',
      '--upstream',
      '127.0.0.1:0',
      '--udp',
      '--tcp',
      '--jitter',
      '5',
      '--lossy',
      '1',
      '--busy-poll',
      '-1',
    ],
    t.io,
  );
  expect(code).toBe(2);
  const text = t.err.join('\n');
  expect(text).toMatch(/unknown option --lossy \(did you mean --loss\?\)/);
  expect(text).toMatch(/--listen: 0\.0\.0\.0 is not loopback/);
  expect(text).toMatch(/--upstream: expected HOST:PORT with a port > 0/);
  expect(text).toMatch(/--udp and --tcp are exclusive/);
  expect(text).toMatch(/--jitter needs --latency/);
  expect(text).toMatch(/--busy-poll: expected a number >= 0, got '-1'/);
  expect(text).toMatch(/usage:/);
  const both = io();
  expect(await runProxy(['--api', '--listen', '127.0.0.1:1'], both.io)).toBe(2);
  expect(both.err.join('\n')).toMatch(/--api .* takes no --listen/);
  const prof = io();
  expect(
    await runProxy(
      ['--listen', '127.0.0.1:0', '--upstream', '127.0.0.1:9', '--profile', 'wifi_bda'],
      prof.io,
    ),
  ).toBe(2);
  expect(prof.err.join('\n')).toMatch(/ERR_PROFILE_UNKNOWN.*\n.*did you mean 'wifi_bad'/);
  const help = io();
  expect(await runProxy(['--help'], help.io)).toBe(0);
  expect(help.out.join('\n')).toMatch(/--api \[HOST:PORT\]/);
});

it('runs a UDP link with a profile, prints progress and stats lines, stops on abort', async () => {
  const server = createSocket('udp4');
  server.on('message', (m, r) => server.send(m, r.port, r.address));
  await new Promise<void>((resolve) => server.bind(0, '127.0.0.1', () => resolve()));
  const ac = new AbortController();
  const t = io(ac.signal);
  const args = ['--listen', '127.0.0.1:0', '--upstream', `127.0.0.1:${server.address().port}`, '--udp'];
  const done = runProxy(
    [
      ...args,
      '--profile',
      'lan',
      '--loss',
      '0',
      '--seed',
      '42',
      '--busy-poll',
      '0',
      '--stats-interval',
      '100',
    ],
    t.io,
  );
  const where = await t.ready;
  expect(t.out[0]).toMatch(
    /^netwright proxy: udp 127\.0\.0\.1:\d+ -> 127\.0\.0\.1:\d+ profile lan config .* seed 42 busy-poll 0 ms/,
  );
  const c = createSocket('udp4');
  let got = 0;
  c.on('message', () => got++);
  await new Promise<void>((resolve) => c.bind(0, '127.0.0.1', () => resolve()));
  for (let i = 0; i < 10; i++) c.send(Buffer.from(`m${i}`), where.port, '127.0.0.1');
  const deadline = Date.now() + 10_000;
  while ((got < 10 || !t.out.some((l) => /up in 10 pkt/.test(l))) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
  }
  ac.abort();
  expect(await done).toBe(0);
  expect(got).toBe(10);
  expect(t.out.at(-1)).toBe('netwright proxy: stopped (aborted)');
  expect(t.out.at(-2)).toMatch(
    /^stats t=\d+\.\ds sessions \d\/1 \| up in 10 pkt\/20 B out 10 pkt\/20 B dropped 0 .*\| down in 10 pkt/,
  );
  c.close();
  server.close();
});

it('serves the Toxiproxy API as a real child process and stops on SIGINT', async () => {
  const bin = fileURLToPath(new URL('../../../bin/netwright.mjs', import.meta.url));
  const child = spawn(process.execPath, [bin, 'proxy', '--api', '127.0.0.1:0', '--seed', '3'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const deadline = Date.now() + 20_000;
    while (!/API on (http:\/\/\S+)/.test(out) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    const url = /API on (http:\/\/\S+)/.exec(out)?.[1];
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const client = new Toxiproxy(url as string);
    await client.createProxy({ name: 'x', listen: '127.0.0.1:0', upstream: '127.0.0.1:9' });
    expect(Object.keys(await client.getAll())).toEqual(['x']);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(out).toMatch(/api POST \/proxies -> 201/);
    expect(out).toMatch(/stopped \(SIGINT\)/);
  } finally {
    child.kill('SIGKILL');
  }
});
