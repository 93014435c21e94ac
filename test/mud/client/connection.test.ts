import net from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSelfSignedCert } from '../../../mud-fixtures/lib/net/tls-cert.ts';
import type { MudConnection } from '../../../src/mud/client/connection.ts';
import { connectMud } from '../../../src/mud/client/connection.ts';
import { decodeMsdp, encodeMsdp, parseMsdpCommands } from '../../../src/mud/protocols/msdp.ts';
import { Opt } from '../../../src/mud/telnet/constants.ts';
import { policyFromLists, TelnetNegotiator } from '../../../src/mud/telnet/negotiation.ts';
import { TelnetReader } from '../../../src/mud/telnet/reader.ts';
import { TelnetWriter } from '../../../src/mud/telnet/writer.ts';

// A tiny loopback MUD built from the same codecs (server roles): offers MSDP + MCCP2, asks a name,
// password with ECHO, then answers "look" with a room and a status prompt, and MSDP on REPORT.
function handle(socket: net.Socket): void {
  const neg = new TelnetNegotiator(policyFromLists([Opt.MSDP, Opt.MCCP2, Opt.ECHO], [Opt.TTYPE, Opt.NAWS]));
  const w = new TelnetWriter({ newline: 'lfcr' });
  const r = new TelnetReader();
  const send = (b: Uint8Array) => {
    if (!socket.destroyed && b.length > 0) socket.write(b);
  };
  let stage = 'name';
  let line = '';
  send(w.step(neg.requestRemote(Opt.TTYPE, true)));
  send(w.step(neg.requestLocal(Opt.MSDP, true)));
  send(w.step(neg.requestLocal(Opt.MCCP2, true)));
  send(w.text('Welcome, traveller.\nBy what name do you wish to be known?\n'));
  const onLine = (text: string) => {
    if (stage === 'name') {
      stage = 'password';
      send(w.text('Password: '));
      send(w.step(neg.requestLocal(Opt.ECHO, true)));
    } else if (stage === 'password') {
      stage = 'game';
      send(w.text('\n'));
      send(w.step(neg.requestLocal(Opt.ECHO, false)));
      send(w.text(text === 'secret' ? 'Welcome back.\n\n<20hp 100m 100mv> ' : 'Wrong password.\n'));
      if (text !== 'secret') socket.end();
    } else if (text === 'look') {
      send(
        w.text(`\nA Test Room\n  ${'Dust motes drift. '.repeat(30)}\n[Exits: north]\n\n<20hp 100m 100mv> `),
      );
    } else if (text === 'quit') {
      send(w.text('Alas, all good things must come to an end.\n'));
      send(w.stopCompression());
      socket.end();
    }
  };
  socket.on('data', (chunk) =>
    r.push(chunk, (e) => {
      if (e.type === 'negotiation') {
        const step = neg.receive(e.verb, e.option);
        send(w.step(step));
        if (step.change?.option === Opt.MCCP2 && step.change.enabled) send(w.startCompression(Opt.MCCP2));
      } else if (e.type === 'subnegotiation' && e.option === Opt.MSDP) {
        for (const c of parseMsdpCommands(decodeMsdp(e.data).pairs))
          if (c.command === 'REPORT')
            send(w.subnegotiation(Opt.MSDP, encodeMsdp({ HEALTH: '20', ROOM_VNUM: '3001' })));
      } else if (e.type === 'data') {
        line += new TextDecoder().decode(e.data);
        let i = line.indexOf('\r\n');
        while (i >= 0) {
          onLine(line.slice(0, i));
          line = line.slice(i + 2);
          i = line.indexOf('\r\n');
        }
      }
    }),
  );
  socket.on('error', () => {});
  socket.on('close', () => w.close());
}

let plain: net.Server;
let secure: tls.Server | undefined;
const sockets = new Set<net.Socket>();
const conns: MudConnection[] = [];

function track(s: net.Socket): void {
  sockets.add(s);
  s.on('close', () => sockets.delete(s));
  handle(s);
}

beforeAll(async () => {
  plain = net.createServer(track);
  await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
  try {
    const { key, cert } = makeSelfSignedCert();
    secure = tls.createServer({ key, cert }, track);
    await new Promise<void>((r) => secure!.listen(0, '127.0.0.1', r));
  } catch {
    secure = undefined; // no openssl: the TLS test reports it
  }
});

afterAll(async () => {
  await Promise.all(conns.map((c) => c.close(200)));
  for (const s of sockets) s.destroy();
  await new Promise((r) => plain.close(r));
  if (secure) await new Promise((r) => secure!.close(r));
});

const portOf = (s: net.Server) => (s.address() as net.AddressInfo).port;

async function login(conn: MudConnection): Promise<void> {
  await conn.waitForLine(/By what name/);
  conn.send('Tester');
  const pw = await conn.waitForPrompt(/Password/);
  expect(pw.name).toBe('password');
  expect(conn.session.passwordMode).toBe(true);
  conn.send('secret');
  await conn.waitForLine('Welcome back.');
  await conn.waitForPrompt(/hp/);
  expect(conn.session.passwordMode).toBe(false);
}

describe('MudConnection on loopback', () => {
  it('logs in, looks, gets MSDP, runs compressed, quits (plain TCP)', async () => {
    const conn = await connectMud({ port: portOf(plain), session: { report: ['HEALTH', 'ROOM_VNUM'] } });
    conns.push(conn);
    await login(conn);
    conn.send('look');
    expect(await conn.waitForLine(/^\[Exits:/)).toBe('[Exits: north]');
    const prompt = await conn.waitForPrompt();
    expect(prompt.text).toBe('<20hp 100m 100mv> ');
    await conn.waitForMsdp((m) => m.ROOM_VNUM === '3001', { timeoutMs: 20_000 });
    conn.msdpCommand('REPORT', ['HEALTH']);
    expect(await conn.nextMsdp('HEALTH', { timeoutMs: 20_000 })).toBe('20');
    expect(conn.msdpNumber('ROOM_VNUM')).toBe(3001);
    const st = conn.stats();
    expect(st.compressedBytesIn).toBeGreaterThan(0);
    expect(st.compressionRatio).toBeGreaterThan(1);
    conn.send('quit');
    await conn.waitForLine(/good things/);
    const closed = await conn.closed;
    expect(closed.error).toBeUndefined();
    await expect(conn.waitForLine('never', { timeoutMs: 5000 })).rejects.toMatchObject({
      code: 'ERR_MUD_CLOSED',
    });
    expect(() => conn.send('x')).toThrowError(expect.objectContaining({ code: 'ERR_MUD_CLOSED' }));
  });

  it('works over TLS with a self-signed certificate', async () => {
    expect(secure, 'openssl is needed to make the test certificate').toBeDefined();
    const conn = await connectMud({ port: portOf(secure!), tls: true });
    conns.push(conn);
    await login(conn);
    expect(conn.socket instanceof tls.TLSSocket).toBe(true);
    await conn.close();
  });

  it('times out a wait with ERR_MUD_TIMEOUT and the tail in details', async () => {
    const conn = await connectMud({ port: portOf(plain) });
    conns.push(conn);
    await conn.waitForLine(/By what name/);
    const err = await conn.waitForLine(/no such line/, { timeoutMs: 300 }).catch((e) => e);
    expect(err.code).toBe('ERR_MUD_TIMEOUT');
    expect(err.details.tail).toContain('By what name do you wish to be known?');
    conn.send('Tester');
    const boom = await conn
      .waitForPrompt(() => {
        throw new Error('predicate bug');
      })
      .catch((e) => e);
    expect(boom.message).toBe('predicate bug');
    expect((await conn.waitForPrompt()).text).toBe('Password: ');
    await conn.close();
  });

  it('wakes a server that greets only after input with IAC NOP (wakeEveryMs)', async () => {
    const got: number[] = [];
    const lazy = net.createServer((s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.once('data', (d) => {
        got.push(...d);
        s.write('Hello after all.\n\r');
      });
    });
    await new Promise<void>((r) => lazy.listen(0, '127.0.0.1', r));
    try {
      const conn = await connectMud({ port: portOf(lazy), wakeEveryMs: 50 });
      conns.push(conn);
      expect(await conn.waitForLine(/Hello/, { timeoutMs: 20_000 })).toBe('Hello after all.');
      expect(got.slice(0, 2)).toEqual([255, 241]);
      await conn.close();
    } finally {
      await new Promise((r) => lazy.close(r));
    }
  });

  it('stays bounded against a flooding server (journal, line length) and hangs up on corrupt MCCP', async () => {
    const floodSockets: net.Socket[] = [];
    const flood = net.createServer((sock) => {
      floodSockets.push(sock);
      sockets.add(sock);
      sock.on('close', () => sockets.delete(sock));
      sock.on('error', () => {});
      const w = new TelnetWriter({ newline: 'lfcr' });
      // 20k short lines, one 100 KB line without a break, then MCCP2 with garbage.
      sock.write(w.raw(new Uint8Array([255, 251, 86])));
      for (let i = 0; i < 20; i++) sock.write(w.text(`flood line ${i}\n`.repeat(1000)));
      sock.write(w.text('x'.repeat(100_000)));
      sock.write(w.text('\nend of flood\n'));
      sock.write(w.startCompression(Opt.MCCP2).slice());
      sock.write(new Uint8Array([0x78, 0x9c, 0xff, 0xff, 0xff, 0xff, 0x01, 0x02]));
    });
    await new Promise<void>((r) => flood.listen(0, '127.0.0.1', r));
    try {
      const conn = await connectMud({
        port: portOf(flood),
        maxJournal: 1000,
        session: { maxLineLength: 4096 },
      });
      conns.push(conn);
      const closed = await conn.closed;
      expect(closed.error?.code).toBe('ERR_MCCP_CORRUPT');
      const st = conn.stats();
      expect(st.lines).toBeGreaterThanOrEqual(20_000);
      expect(st.journalDropped).toBeGreaterThan(0);
      expect(conn.tail(1000).length).toBeLessThanOrEqual(1000);
      expect(conn.tail(1000).every((l) => l.length <= 4096)).toBe(true);
      expect(st.errors.ERR_LINE_TOO_LONG).toBe(Math.floor(100_000 / 4096));
      expect(conn.tail(1)[0]).toBe('end of flood');
    } finally {
      for (const s of floodSockets) s.destroy();
      await new Promise((r) => flood.close(r));
    }
  });

  it('turns an unknown, unfinished line into an idle prompt (idlePromptMs)', async () => {
    const odd = net.createServer((sock) => {
      sockets.add(sock);
      sock.on('close', () => sockets.delete(sock));
      sock.on('data', () => {});
      sock.write('Welcome.\n\rEnter thy secret word %% ');
    });
    await new Promise<void>((r) => odd.listen(0, '127.0.0.1', r));
    try {
      const conn = await connectMud({ port: portOf(odd), idlePromptMs: 100 });
      conns.push(conn);
      const p = await conn.waitForPrompt(/secret word/, { timeoutMs: 20_000 });
      expect(p).toEqual({ type: 'prompt', text: 'Enter thy secret word %% ', source: 'idle' });
      await conn.close();
    } finally {
      await new Promise((r) => odd.close(r));
    }
  });

  it('fails to connect with ERR_MUD_CONNECT and a hint', async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = portOf(probe);
    await new Promise((r) => probe.close(r));
    const err = await connectMud({ port, connectTimeoutMs: 5000 }).catch((e) => e);
    expect(err.code).toBe('ERR_MUD_CONNECT');
    expect(err.hint).toMatch(/nothing listens/);
  });
});
