import { connect } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type MudServerHandle,
  type MudServerOptions,
  startMudServer,
} from '../../../mud-fixtures/lib/server.ts';
import { connectMud, type MudConnection } from '../../../src/mud/client/index.ts';

/** Generous waits: the suite shares two cores with other test runs. */
const W = { timeoutMs: 30_000 };
vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const servers: MudServerHandle[] = [];
const conns: MudConnection[] = [];
afterEach(async () => {
  await Promise.all(conns.splice(0).map((c) => c.close(200)));
  const errors = servers.flatMap((s) =>
    s.events.filter((e) => e.event === 'command_error' || e.event === 'pulse_error'),
  );
  await Promise.all(servers.splice(0).map((s) => s.close()));
  expect(errors).toEqual([]);
});

async function start(opts: MudServerOptions = {}): Promise<MudServerHandle> {
  const s = await startMudServer({ pulseMs: 20, violencePulses: 3, mobilePulses: 4, ...opts });
  servers.push(s);
  return s;
}

async function open(
  s: MudServerHandle,
  opts: Partial<Parameters<typeof connectMud>[0]> = {},
): Promise<MudConnection> {
  const c = await connectMud({ port: s.port, ...opts });
  conns.push(c);
  return c;
}

async function login(c: MudConnection, name: string, password: string): Promise<void> {
  await c.waitForLine('By what name do you wish to be known?', W);
  c.send(name);
  await c.waitForPrompt(/Password: $/, W);
  c.send(password);
  await c.waitForLine('[Hit Return to continue]', W);
  c.send('');
  await c.waitForPrompt(/<\d+hp \d+m \d+mv> $/, W);
}

/** Raw bytes until `pred` holds on the concatenation (bounded wait). */
function rawUntil(port: number, pred: (b: Buffer) => boolean, timeoutMs = 10_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1');
    let buf = Buffer.alloc(0);
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`raw wait timed out with ${buf.length} bytes`));
    }, timeoutMs);
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (pred(buf)) {
        clearTimeout(timer);
        sock.destroy();
        resolve(buf);
      }
    });
    sock.on('error', reject);
  });
}

describe('fixture MUD over sockets', () => {
  it('offers options in Mud98 order, then the greeting', async () => {
    const s = await start();
    const buf = await rawUntil(s.port, (b) => b.includes('known?'));
    expect([...buf.subarray(0, 27)]).toEqual([
      255, 253, 24, 255, 253, 31, 255, 253, 39, 255, 251, 42, 255, 251, 69, 255, 251, 70, 255, 251, 86, 255,
      251, 87, 255, 251, 201,
    ]);
    expect(buf.toString('latin1')).toContain('By what name do you wish to be known?\n\r');
  });

  it("greets with Mud98's size and shape: ~14 KB of 256-colour art, the ROM credits, the name prompt", async () => {
    // Real Mud98: 13 909 bytes (27 of them option offers), 1 055 ESC[38;5;Nm codes; the fixture used to
    // send 692 bytes with one colour code, so bots tuned on it never met a greeting that size.
    const s = await start();
    const buf = await rawUntil(s.port, (b) => b.includes('known?\n\r'));
    const text = buf.subarray(27).toString('latin1');
    expect(buf.length).toBeGreaterThan(13_000);
    expect(buf.length).toBeLessThan(15_000);
    expect(text.startsWith('\n\r\x1b[38;5;016m\n\r')).toBe(true);
    expect(text.match(/\x1b\[38;5;\d{3}m/g)?.length).toBeGreaterThan(1000);
    expect(text).toMatch(
      /\x1b\[40m\x1b\[37m\n\rTHIS IS A MUD BASED ON\.{5}\n\r[\s\S]*Russ Taylor\n\rBy what name do you wish to be known\?\n\r$/,
    );
  });

  it('omits WILL GMCP when gmcp is off', async () => {
    const s = await start({ gmcp: false });
    const buf = await rawUntil(s.port, (b) => b.includes('known?'));
    expect(buf.subarray(0, 30).includes(Buffer.from([255, 251, 201]))).toBe(false);
  });

  it('creates a character, looks, walks and kills the aggressive monster', async () => {
    const s = await start();
    const c = await open(s);
    await c.waitForLine('By what name do you wish to be known?', W);
    const answers: [RegExp, string][] = [
      [/Did I get that right, Killer \(Y\/N\)\? $/, 'Killer'],
      [/Give me a password for Killer: $/, 'y'],
      [/Please retype password: $/, 'hunter22'],
      [/What is your race \(help for more information\)\? $/, 'hunter22'],
      [/What is your sex/, 'human'],
      [/Select a class/, 'm'],
      [/Which alignment/, 'warrior'],
      [/Customize \(Y\/N\)\? $/, 'n'],
      [/Your choice\? $/, 'n'],
    ];
    for (const [prompt, answer] of answers) {
      c.send(answer);
      await c.waitForPrompt(prompt, W);
    }
    c.send('sword');
    await c.waitForLine('[Hit Return to continue]', W);
    c.send('');
    await c.waitForLine('Entrance to Mud School', W);
    await c.waitForPrompt('<20hp 100m 100mv> ', W);
    c.send('look');
    await c.waitForLine('Entrance to Mud School', W);
    for (const d of ['north', 'north', 'west', 'north', 'north', 'west', 'down', 'north']) c.send(d);
    await c.waitForLine('A Cage', { timeoutMs: 20_000 });
    c.send('kill monster');
    await c.waitForLine(/The aggressive monster is DEAD!!|You have been KILLED!!/, { timeoutMs: 30_000 });
    expect(s.events.some((e) => e.event === 'kill' || e.event === 'death')).toBe(true);
    expect(s.events.some((e) => e.event === 'login' && e.name === 'Killer' && e.new === true)).toBe(true);
  });

  it('turns ECHO off around the password and back on after', async () => {
    const s = await start({ players: [{ name: 'Echo', password: 'pw12345' }] });
    const c = await open(s);
    const echoes: string[] = [];
    c.onEvent((e) => {
      if (e.type === 'echo-off' || e.type === 'echo-on') echoes.push(e.type);
    });
    await login(c, 'Echo', 'pw12345');
    expect(echoes).toEqual(['echo-off', 'echo-on']);
  });

  it('reports MSDP variables, with ROOM_VNUM and ROOM sent on every move', async () => {
    const s = await start({ players: [{ name: 'Msdp', password: 'pw12345', bot: true }] });
    const c = await open(s, {
      session: { msdp: true, gmcp: false, report: ['HEALTH', 'ROOM_VNUM', 'ROOM', 'IN_COMBAT'] },
    });
    await login(c, 'Msdp', 'pw12345');
    await c.waitForMsdp((m) => m.ROOM_VNUM === '3700' && m.HEALTH === '20', W);
    c.send('north');
    await c.waitForLine('[BOT:ROOM|vnum=3757|flags=no_mob indoors newbies_only|sector=city]', W);
    await c.waitForMsdp((m) => m.ROOM_VNUM === '3757', W);
    const room = c.msdp.ROOM as Record<string, unknown>;
    expect(room.VNUM).toBe('3757');
    expect(room.EXITS).toEqual({ N: '3701', E: '3759', S: '3700', W: '3758' });
    expect(c.msdp.IN_COMBAT).toBe('0');
  });

  it('sends MSDP over GMCP when the client takes GMCP', async () => {
    const s = await start({ players: [{ name: 'Gmcp', password: 'pw12345' }] });
    const c = await open(s, {
      session: { msdp: false, gmcp: true, report: ['HEALTH', 'ROOM_VNUM', 'ROOM'] },
    });
    await login(c, 'Gmcp', 'pw12345');
    await c.waitForMsdp((m) => m.ROOM_VNUM === '3700', W);
    c.send('north');
    await c.waitForMsdp((m) => (m.ROOM as Record<string, unknown> | undefined)?.VNUM === '3757', W);
    expect(c.stats().gmcpMessages).toBeGreaterThan(0);
  });

  it('MSDP as on Mud98: a REPORT sent at the name prompt is kept, ROOM_VNUM 3700 comes before the welcome text, MOVEMENT after the prompt', async () => {
    const s = await start({ players: [{ name: 'Early', password: 'pw12345' }] });
    const c = await open(s, { session: { msdp: true, gmcp: false } });
    const seen: string[] = [];
    c.onEvent((e) => {
      if (e.type === 'msdp')
        seen.push(
          `msdp ${e.pairs.map((p) => `${p.name}=${typeof p.value === 'string' ? p.value : '{}'}`).join(' ')}`,
        );
      if (e.type === 'line') seen.push(`line ${e.text}`);
      if (e.type === 'prompt') seen.push(`prompt ${e.text}`);
    });
    await c.waitForLine('By what name do you wish to be known?', W);
    c.msdpCommand('REPORT', ['HEALTH', 'MOVEMENT', 'ROOM_VNUM', 'ROOM']);
    c.send('Early');
    await c.waitForPrompt(/Password: $/, W);
    c.send('pw12345');
    await c.waitForLine('[Hit Return to continue]', W);
    c.send('');
    await c.waitForPrompt(/<\d+hp \d+m \d+mv> $/, W);
    await c.waitForMsdp((m) => m.MOVEMENT === '100', W);
    const vnum = seen.findIndex((x) => x.startsWith('msdp ROOM_VNUM=3700'));
    const welcome = seen.findIndex((x) => x.startsWith('line Welcome to'));
    expect(vnum).toBeGreaterThanOrEqual(0);
    expect(vnum).toBeLessThan(welcome);
    seen.length = 0;
    c.send('north');
    await c.waitForMsdp((m) => m.MOVEMENT === '99', W);
    const prompt = seen.findIndex((x) => x.startsWith('prompt'));
    const movement = seen.findIndex((x) => /^msdp .*MOVEMENT=99/.test(x));
    expect(seen.findIndex((x) => x.startsWith('msdp ROOM_VNUM=3757'))).toBeLessThan(prompt);
    expect(prompt).toBeLessThan(movement);
  });

  it('a client that takes both MSDP and GMCP gets MSDP frames only, as from Mud98', async () => {
    // Mud98 answered DO MSDP, then ignored DO GMCP: every update came as MSDP. The fixture used GMCP.
    const s = await start({ players: [{ name: 'Both', password: 'pw12345' }] });
    const c = await open(s, {
      session: { msdp: true, gmcp: true, report: ['HEALTH', 'ROOM_VNUM', 'ROOM'] },
    });
    const via = new Set<string>();
    c.onEvent((e) => {
      if (e.type === 'msdp') via.add(e.via);
    });
    await login(c, 'Both', 'pw12345');
    c.send('north');
    await c.waitForMsdp((m) => m.ROOM_VNUM === '3757', W);
    expect([...via]).toEqual(['msdp']);
    expect(c.stats().gmcpMessages).toBe(0);
  });

  it('quit: the farewell text first, then the DONT/WONT option resets, then close (Mud98 order)', async () => {
    const s = await start({ players: [{ name: 'Leaver', password: 'pw12345' }] });
    const c = await open(s, { session: { mccp2: false } });
    await login(c, 'Leaver', 'pw12345');
    const raw: Buffer[] = [];
    c.socket.on('data', (d: Buffer) => raw.push(d));
    c.send('quit');
    await c.closed;
    const bytes = Buffer.concat(raw).toString('latin1');
    const text = bytes.indexOf('Alas, all good things must come to an end.\n\r');
    const resets = bytes.indexOf('\xff\xfe\x18\xff\xfe\x1f\xff\xfe\x27');
    expect(text).toBeGreaterThanOrEqual(0);
    expect(resets).toBeGreaterThan(text);
    expect(bytes.endsWith('\xff\xfc\xc9')).toBe(true); // WONT GMCP last
  });

  it('compresses with MCCP2 when the client agrees', async () => {
    const s = await start({ players: [{ name: 'Zip', password: 'pw12345' }] });
    const c = await open(s, { session: { mccp2: true } });
    await login(c, 'Zip', 'pw12345');
    c.send('score');
    await c.waitForLine(/You are Zip the Swordpupil, level 1/, W);
    const st = c.stats();
    expect(st.compressedBytesIn).toBeGreaterThan(0);
    expect(st.inflatedBytesIn).toBeGreaterThan(st.compressedBytesIn);
  });

  it('answers MSSP', async () => {
    const s = await start();
    const c = await open(s, { session: { mssp: true } });
    const status = await new Promise<Record<string, unknown>>((resolve) =>
      c.onEvent((e) => {
        if (e.type === 'mssp') resolve(e.status);
      }),
    );
    expect(status.NAME).toBe('Netwright98');
    expect(status.PORT).toBe(String(s.port));
  });

  it('serves the same game over TLS with a self-signed certificate', async () => {
    const s = await start({ tlsPort: 0, players: [{ name: 'Secure', password: 'pw12345' }] });
    expect(s.tlsPort).toBeGreaterThan(0);
    const c = await open(s, { port: s.tlsPort as number, tls: true });
    await login(c, 'Secure', 'pw12345');
    expect(s.events.some((e) => e.event === 'connect' && e.tls === true)).toBe(true);
  });

  it('rejects a wrong password and reconnects a link-dead character', async () => {
    const s = await start({ players: [{ name: 'Linky', password: 'pw12345' }] });
    const a = await open(s);
    await login(a, 'Linky', 'pw12345');
    a.socket.destroy();
    const b = await open(s);
    await b.waitForLine('By what name do you wish to be known?', W);
    b.send('Linky');
    await b.waitForPrompt(/Password: $/, W);
    b.send('nope-nope');
    await b.waitForLine('Wrong password.', W);
    await b.closed;
    const c = await open(s);
    await c.waitForLine('By what name do you wish to be known?', W);
    c.send('Linky');
    await c.waitForPrompt(/Password: $/, W);
    c.send('pw12345');
    await c.waitForLine('Reconnecting. Type replay to see missed tells.', W);
    c.send('quit');
    await c.waitForLine('Alas, all good things must come to an end.', W);
    await c.closed;
  });

  it('quirks mode greets one connection per pulse and puts the stray escape before the name question', async () => {
    const s = await start({ quirks: true, pulseMs: 40 });
    const buf = await rawUntil(s.port, (b) => b.includes('known?'));
    expect(buf.toString('latin1')).toContain('known?');
    const c = await open(s, { session: { mccp2: false } });
    await c.waitForLine('By what name do you wish to be known?', W);
    const raw: Buffer[] = [];
    c.socket.on('data', (d: Buffer) => raw.push(d));
    c.send('Strayname');
    await c.waitForPrompt(/Did I get that right, Strayname \(Y\/N\)\? $/, W);
    expect(Buffer.concat(raw).toString('latin1')).toContain('\x1b[8]Did I get that right');
  });
});

describe('fixture MUD quirks over sockets', () => {
  it('after a GMCP session, the next MSDP-only client gets MSDP over GMCP (stale flag)', async () => {
    const s = await start({ quirks: true, players: [{ name: 'Staler', password: 'pw12345' }] });
    const g = await open(s, { session: { msdp: false, gmcp: true, mccp2: false } });
    await g.waitForLine('By what name do you wish to be known?', W);
    await g.close(200);
    await new Promise((r) => setTimeout(r, 100));
    const m = await open(s, { session: { msdp: true, gmcp: false, mccp2: false } });
    const raw: Buffer[] = [];
    m.socket.on('data', (d: Buffer) => raw.push(d));
    await login(m, 'Staler', 'pw12345');
    m.send('look');
    m.session.msdpCommand('LIST', ['COMMANDS']);
    await m.waitForLine('Entrance to Mud School', W);
    const deadline = Date.now() + 10_000;
    while (!Buffer.concat(raw).includes(Buffer.from('MSDP {')) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(Buffer.concat(raw).includes(Buffer.from([255, 250, 201]))).toBe(true);
    expect(s.events.some((e) => e.event === 'connect' && e.staleGmcp === true)).toBe(true);
  });

  it('puts a lid on more than 8 KB of unread input', async () => {
    const s = await start({
      quirks: true,
      pulseMs: 1000,
      players: [{ name: 'Flooder', password: 'pw12345' }],
    });
    const c = await open(s, { session: { mccp2: false } });
    await c.waitForLine('By what name do you wish to be known?', W);
    c.socket.write(`${'look\r\n'.repeat(2000)}`);
    await c.waitForLine('*** PUT A LID ON IT!!! ***', { timeoutMs: 20_000 });
    await c.closed;
    expect(s.events.some((e) => e.event === 'input_lid')).toBe(true);
  });

  /** Raw sockets that note when each was greeted (ms after the first connect). */
  function rawClients(port: number) {
    const socks: ReturnType<typeof connect>[] = [];
    const greetedAt = new Map<number, number>();
    const t0 = Date.now();
    const add = () => {
      const i = socks.length;
      const sock = connect(port, '127.0.0.1');
      let buf = '';
      sock.on('data', (d) => {
        buf += d.toString('latin1');
        if (buf.includes('known?') && !greetedAt.has(i)) greetedAt.set(i, Date.now() - t0);
      });
      sock.on('error', () => {});
      socks.push(sock);
    };
    const until = async (n: number, ms = 15_000) => {
      const deadline = Date.now() + ms;
      while (greetedAt.size < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    };
    return {
      socks,
      greetedAt,
      add,
      until,
      close: () => {
        for (const x of socks) x.destroy();
      },
    };
  }

  it('a simultaneous burst: the queue of 8 is greeted one per pulse, the rest once they send a byte (Mud98: 8 of 10, 8 of 50)', async () => {
    // How many of the 4 beyond the queue also get in without a byte depends on the kernel (listen backlog
    // 3, SYN retries at 1 s and 3 s) and on load: 8 on an idle machine, 10 seen on a loaded one. The
    // gate's exact rule is checked with a hand-driven clock in accept-gate.test.ts.
    const s = await start({ quirks: true, pulseMs: 20 });
    const c = rawClients(s.port);
    for (let i = 0; i < 12; i++) c.add();
    try {
      await c.until(8);
      await new Promise((r) => setTimeout(r, 400));
      expect(c.greetedAt.size).toBeGreaterThanOrEqual(8);
      for (const sock of c.socks) sock.write(Buffer.from([255, 241])); // IAC NOP
      await c.until(12);
      expect(c.greetedAt.size).toBe(12);
    } finally {
      c.close();
    }
  });

  it('a stagger slower than the pulse greets everyone without a byte from them (Mud98: 10/10 and 50/50 at 300 ms)', async () => {
    // (Raw sockets at this pace were greeted before too; the guard is that the new queue keeps it so.)
    const s = await start({ quirks: true, pulseMs: 20 });
    const c = rawClients(s.port);
    try {
      for (let i = 0; i < 20; i++) {
        c.add();
        await new Promise((r) => setTimeout(r, 25));
      }
      await c.until(20, 5000);
      expect(c.greetedAt.size).toBe(20);
    } finally {
      c.close();
    }
  });

  it('sustained overload (a stagger faster than the pulse, not a burst): late ones get in on the SYN retry, no byte needed', async () => {
    // Mud98, 20 connects 100 ms apart: 11 greeted at once, the rest 1-3 s later.
    const s = await start({ quirks: true, pulseMs: 100 });
    const c = rawClients(s.port);
    try {
      for (let i = 0; i < 14; i++) {
        c.add();
        await new Promise((r) => setTimeout(r, 30));
      }
      await c.until(14, 10_000);
      expect(c.greetedAt.size).toBe(14);
      expect(Math.max(...c.greetedAt.values())).toBeGreaterThan(1000); // someone waited for a retry
    } finally {
      c.close();
    }
  });
});

describe('fixture MUD client compression', () => {
  it('accepts MCCP3 (client-to-server compression)', async () => {
    const s = await start({ players: [{ name: 'Zipup', password: 'pw12345' }] });
    const c = await open(s, { session: { mccp3: true, mccp2: true } });
    await login(c, 'Zipup', 'pw12345');
    c.send('score');
    await c.waitForLine(/You are Zipup the Swordpupil/, W);
    expect(s.events.some((e) => e.event === 'command' && e.name === 'Zipup' && e.cmd === 'score')).toBe(true);
    expect(s.events.some((e) => e.event === 'mccp3' && e.on === true)).toBe(true);
  });
});

describe('fixture MUD prompt marks', () => {
  it('sends IAC GA after prompts once the telnetga flag is on', async () => {
    const s = await start({ players: [{ name: 'Gaga', password: 'pw12345' }] });
    const c = await open(s, { session: { mccp2: false } });
    const raw: Buffer[] = [];
    c.socket.on('data', (d: Buffer) => raw.push(d));
    const GA = Buffer.from([255, 249]);
    await login(c, 'Gaga', 'pw12345');
    expect(Buffer.concat(raw).includes(GA)).toBe(false);
    c.send('telnetga');
    await c.waitForLine('Telnet GA will now be sent after prompts.', W);
    c.send('score');
    await c.waitForLine(/You are Gaga/, W);
    const deadline = Date.now() + 10_000;
    while (!Buffer.concat(raw).includes(GA) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    expect(Buffer.concat(raw).toString('latin1')).toMatch(/mv> \x1b\[0m\x1b\[37m\x1b\[40m\xff\xf9/);
  });
});

describe('fixture MUD terminal type probe', () => {
  it('asks for TTYPE three times (MTTS), then says DONT TTYPE', async () => {
    const s = await start();
    const sock = connect(s.port, '127.0.0.1');
    let buf = Buffer.alloc(0);
    const SEND = Buffer.from([255, 250, 24, 1, 255, 240]);
    const count = (b: Buffer, needle: Buffer) => {
      let n = 0;
      for (let i = b.indexOf(needle); i >= 0; i = b.indexOf(needle, i + 1)) n++;
      return n;
    };
    let answered = 0;
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      while (count(buf, SEND) > answered) {
        answered++;
        const names = ['TESTCLIENT', 'XTERM-256COLOR', 'MTTS 137'];
        sock.write(
          Buffer.concat([
            Buffer.from([255, 250, 24, 0]),
            Buffer.from(names[answered - 1] ?? 'X'),
            Buffer.from([255, 240]),
          ]),
        );
      }
    });
    sock.on('connect', () => sock.write(Buffer.from([255, 251, 24])));
    try {
      const deadline = Date.now() + 15_000;
      while (!buf.includes(Buffer.from([255, 254, 24])) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      expect(count(buf, SEND)).toBe(3);
      expect(buf.includes(Buffer.from([255, 254, 24]))).toBe(true);
      expect(s.events.filter((e) => e.event === 'ttype').map((e) => e.name)).toEqual([
        'TESTCLIENT',
        'XTERM-256COLOR',
        'MTTS 137',
      ]);
    } finally {
      sock.destroy();
    }
  });
});
