// The fixture MUD as a supervised process against hostile clients: bytes that used to kill it, or to
// swallow the game text after them. Real sockets on loopback; the process is the one specs start.
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { launchMud, type MudServerRef } from '../../../mud-fixtures/lib/launch.ts';
import { connectMud } from '../../../src/mud/client/index.ts';
import { Opt } from '../../../src/mud/telnet/constants.ts';
import { encodeNegotiation, encodeSubnegotiation } from '../../../src/mud/telnet/encoder.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });
const W = { timeoutMs: 20_000 };

let ref: MudServerRef | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await ref?.stop();
  ref = undefined;
});

/** Resolve when `sock` has received `text` (bounded). */
function received(sock: Socket, text: string, timeoutMs = 20_000): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => reject(new Error(`no ${JSON.stringify(text)} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    sock.on('data', (d: Buffer) => {
      seen += d.toString('latin1');
      if (seen.includes(text)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

/** A raw client: connect, wait for the name prompt, then return the socket. */
async function rawClient(port: number): Promise<Socket> {
  const sock = connect(port, '127.0.0.1');
  sockets.push(sock);
  sock.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error('no greeting')), 20_000);
    sock.on('data', (d: Buffer) => {
      seen += d.toString('latin1');
      if (seen.includes('known?')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return sock;
}

describe('fixture MUD process under hostile input', () => {
  // #11 item 2: `MSDP {"A":[[[...]]]}` nested ~4,000 deep overflowed the stack in the GMCP->MSDP
  // conversion and the server process died with every player in it.
  it('a 4,000-deep GMCP frame neither kills the server nor disturbs another player', async () => {
    ref = await launchMud({ options: { pulseMs: 20 } }, { seed: 3 });
    const other = await connectMud({ port: ref.port });
    await other.waitForLine('By what name do you wish to be known?', W);
    const evil = await rawClient(ref.port);
    evil.write(encodeNegotiation('DO', Opt.GMCP));
    const payload = `MSDP {"REPORT":${'['.repeat(4000)}${']'.repeat(4000)}}`;
    evil.write(encodeSubnegotiation(Opt.GMCP, new TextEncoder().encode(payload)));
    evil.write('Evil\r\n');
    // The server still answers the hostile client's next line, and the other player's.
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer after the deep frame')), 20_000);
      evil.on('data', (d: Buffer) => {
        if (d.toString('latin1').includes('Did I get that right, Evil')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    other.send('Quinton');
    await other.waitForPrompt(/Did I get that right, Quinton/, W);
    await other.close(200);
    expect(ref.process?.hasExited).toBe(false);
    expect(ref.events().filter((e) => e.level === 'error')).toEqual([]);
  });

  // #11 item 9: a subnegotiation without IAC SE swallowed everything after it up to the 8 KiB limit:
  // a client that forgot IAC SE after its window size was never heard again.
  it('a NAWS without IAC SE does not swallow what the client types next', async () => {
    ref = await launchMud({ options: { pulseMs: 20 } }, { seed: 4 });
    const sloppy = await rawClient(ref.port);
    const answer = received(sloppy, 'Did I get that right, Quinton');
    sloppy.write(Uint8Array.of(255, 250, Opt.NAWS, 0, 80, 0, 24));
    sloppy.write('Quinton\r\n');
    await answer;
    expect(ref.events().filter((e) => e.level === 'error')).toEqual([]);
  });
});
