// Resource bounds of the client (issue #11 items 6 and 7) and the hint on a closed connection
// (issue #15 defect 8), each against a real loopback socket or the socket-free session.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { connectMud, type MudConnection } from '../../../src/mud/client/connection.ts';
import { MudSession } from '../../../src/mud/client/session.ts';
import { MUD98_PROMPTS, type PromptPattern } from '../../../src/mud/text/prompts.ts';

/** A RegExp that remembers the longest text it was tested against. */
class MeasuringRegExp extends RegExp {
  longest = 0;
  override test(s: string): boolean {
    this.longest = Math.max(this.longest, s.length);
    return super.test(s);
  }
  override exec(s: string): RegExpExecArray | null {
    this.longest = Math.max(this.longest, s.length);
    return super.exec(s);
  }
}

const servers: net.Server[] = [];
const conns: MudConnection[] = [];
afterEach(async () => {
  await Promise.all(conns.splice(0).map((c) => c.close(100)));
  for (const s of servers.splice(0)) {
    s.close();
  }
});

async function serve(onConn: (s: net.Socket) => void): Promise<number> {
  const server = net.createServer((s) => {
    s.on('error', () => {});
    onConn(s);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as net.AddressInfo).port;
}

describe('prompt matching looks at the tail of the partial line only (#11 item 6)', () => {
  it('never hands a prompt pattern more than maxPromptChars of a 16,000-char line dripped byte by byte', () => {
    const spy = new MeasuringRegExp('(?:password|Password)[^:\\n]*: $');
    const prompts: PromptPattern[] = [{ name: 'password', pattern: spy }, ...MUD98_PROMPTS.slice(2)];
    const s = new MudSession({ prompts });
    const seen: string[] = [];
    s.onEvent((e) => {
      if (e.type === 'prompt') seen.push(e.text);
    });
    const drip = 'password '.repeat(1800).slice(0, 16_000);
    for (let i = 0; i < drip.length; i++) s.receive(new Uint8Array([drip.charCodeAt(i)]));
    expect(spy.longest).toBeLessThanOrEqual(256);
    // A real prompt at the end of a long partial line is still found, with its whole text.
    s.receive(new TextEncoder().encode('Password: '));
    expect(seen).toHaveLength(1);
    expect(seen[0].endsWith('Password: ')).toBe(true);
    expect(seen[0].length).toBe(16_010);
  });

  it('answers "(Y/N)?" without a trailing space (Mud98 "Do you wish to connect anyway (Y/N)?")', () => {
    const s = new MudSession({});
    const seen: string[] = [];
    s.onEvent((e) => {
      if (e.type === 'prompt') seen.push(e.text);
    });
    s.receive(
      new TextEncoder().encode('That character is already playing.\n\rDo you wish to connect anyway (Y/N)?'),
    );
    expect(seen).toEqual(['Do you wish to connect anyway (Y/N)?']);
  });
});

describe('the journal is bounded in bytes, not only entries (#11 item 7)', () => {
  it('keeps at most maxJournalBytes of 16 K-char lines', async () => {
    const line = `${'x'.repeat(16_000)}\r\n`;
    const port = await serve((s) => {
      for (let i = 0; i < 400; i++) s.write(line);
      s.write('done\r\n');
    });
    const conn = await connectMud({ port, maxJournalBytes: 256 * 1024 });
    conns.push(conn);
    await conn.waitForLine('done', { timeoutMs: 10_000 });
    const kept = conn.tail(10_000);
    const bytes = kept.reduce((n, l) => n + Buffer.byteLength(l), 0);
    expect(bytes).toBeLessThanOrEqual(256 * 1024);
    expect(kept.at(-1)).toBe('done');
    expect(conn.stats().journalDropped).toBeGreaterThan(300);
  });

  it('bounds the journal in bytes by default (a few hundred KiB, not 5000 x 16 K)', async () => {
    const line = `${'y'.repeat(16_000)}\r\n`;
    const port = await serve((s) => {
      for (let i = 0; i < 400; i++) s.write(line);
      s.write('done\r\n');
    });
    const conn = await connectMud({ port });
    conns.push(conn);
    await conn.waitForLine('done', { timeoutMs: 10_000 });
    const bytes = conn.tail(10_000).reduce((n, l) => n + Buffer.byteLength(l), 0);
    expect(bytes).toBeLessThanOrEqual(1024 * 1024);
  });
});

describe('ERR_MUD_CLOSED carries a hint (#15 defect 8)', () => {
  it('a wait on a connection the server closed says what to look at', async () => {
    const port = await serve((s) => {
      s.write('Welcome.\r\n');
      setTimeout(() => s.destroy(), 50);
    });
    const conn = await connectMud({ port });
    conns.push(conn);
    const err = await conn.waitForLine('never', { timeoutMs: 5000 }).catch((e) => e);
    expect(err.code).toBe('ERR_MUD_CLOSED');
    expect(err.hint).toMatch(/server/i);
    const sendErr = (() => {
      try {
        conn.send('look');
      } catch (e) {
        return e as { code: string; hint?: string };
      }
      return undefined;
    })();
    expect(sendErr?.code).toBe('ERR_MUD_CLOSED');
    expect(sendErr?.hint).toBeTruthy();
  });
});
