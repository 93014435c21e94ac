// Fuzz target over the fixture MUD's telnet side (mud-fixtures/lib/net): hostile clients on real
// sockets on loopback. The server's decoders are the same codecs as the bot's, wired the server's way.
import assert from 'node:assert/strict';
import net from 'node:net';
import fc from 'fast-check';
import { type MudServerHandle, startMudServer } from '../../../mud-fixtures/lib/server.ts';
import { Opt } from '../../../src/mud/telnet/constants.ts';
import { encodeSubnegotiation } from '../../../src/mud/telnet/encoder.ts';
import { concat, type FuzzTarget } from '../harness.ts';
import { gmcpPayload, msdpPayload, telnetish } from './codecs.ts';

const enc = new TextEncoder();
const IAC = 255;
/** A new connection must be greeted within this, ms, after every hostile one. */
const GREET_MS = 5000;
/** Events that mean a bug in the server was reached by client input. */
const BUG_EVENTS = ['input_error', 'command_error', 'pulse_error'];
/** Connections must drain to 0 within this after the hostile ones closed, ms. */
const DRAIN_MS = 3000;

/** What a hostile client sends: negotiation it was never offered, deep frames, runaway SBs, junk. */
const clientPiece = fc.oneof(
  { weight: 3, arbitrary: telnetish(160) },
  {
    weight: 2,
    arbitrary: gmcpPayload.map((p) =>
      concat([Uint8Array.of(IAC, 253, Opt.GMCP), encodeSubnegotiation(Opt.GMCP, enc.encode(p))]),
    ),
  },
  {
    weight: 1,
    arbitrary: msdpPayload.map((p) =>
      concat([Uint8Array.of(IAC, 253, Opt.MSDP), encodeSubnegotiation(Opt.MSDP, p)]),
    ),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(Opt.TTYPE, Opt.NAWS, Opt.NEW_ENVIRON, Opt.GMCP, 99)
      .map((o) => Uint8Array.of(IAC, 250, o)),
  },
  {
    weight: 1,
    arbitrary: fc
      .uint8Array({ maxLength: 80 })
      .map((z) => concat([Uint8Array.of(IAC, 253, Opt.MCCP3, IAC, 250, Opt.MCCP3, IAC, 240), z])),
  },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom('Bob\r\n', 'y\r\n', 'look\r\n', 'north\r\n', '\r\n', 'x'.repeat(5000))
      .map((t) => enc.encode(t)),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 300 }).map((t) => enc.encode(t)) },
  {
    // Create a character and get into the game, so what follows reaches the interpreter too.
    weight: 1,
    arbitrary: fc
      .stringMatching(/^[a-z]{4,10}$/)
      .map((n) =>
        enc.encode(
          `${n}\r\ny\r\npw12345\r\npw12345\r\nhuman\r\nm\r\nwarrior\r\nn\r\nn\r\nsword\r\n\r\nlook\r\n`,
        ),
      ),
  },
);

/** Send `chunks` (awaiting each write), then close. */
async function hostile(port: number, chunks: Uint8Array[]): Promise<void> {
  const s = net.connect(port, '127.0.0.1');
  s.on('error', () => {});
  s.on('data', () => {});
  await new Promise<void>((resolve) => s.once('connect', () => resolve()));
  for (const c of chunks) {
    if (s.destroyed) break;
    await new Promise<void>((resolve) => s.write(c, () => resolve()));
  }
  await new Promise((r) => setTimeout(r, 5));
  s.destroy();
}

/** A fresh connection is greeted with the name prompt within GREET_MS. */
function greeted(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    let seen = '';
    const done = (ok: boolean) => {
      clearTimeout(timer);
      s.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), GREET_MS);
    s.on('data', (d: Buffer) => {
      seen += d.toString('latin1');
      if (seen.includes('known?')) done(true);
    });
    s.on('error', () => done(false));
  });
}

export const fixtureMudTarget: FuzzTarget<Uint8Array[][]> = {
  name: 'fixture MUD telnet side: hostile clients on real sockets',
  bound: `no input_error / command_error / pulse_error; a new connection is greeted within ${GREET_MS} ms after each round; connections drain to 0 within ${DRAIN_MS} ms (no leak)`,
  arbitrary: fc.array(fc.array(clientPiece, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 3 }),
  ciRuns: 40,
  open: async () => {
    const server: MudServerHandle = await startMudServer({ pulseMs: 20, seed: 3 });
    return {
      check: async (clients) => {
        await Promise.all(clients.map((pieces) => hostile(server.port, pieces)));
        assert.ok(await greeted(server.port), `no greeting within ${GREET_MS} ms after a hostile round`);
        const t0 = performance.now();
        while (server.stats().connections > 0 && performance.now() - t0 < DRAIN_MS)
          await new Promise((r) => setTimeout(r, 10));
        assert.equal(server.stats().connections, 0, 'connections left open');
        const bugs = server.events.filter((e) => BUG_EVENTS.includes(e.event));
        assert.deepEqual(bugs, []);
      },
      close: () => server.close(),
    };
  },
};
