import { describe, expect, it } from 'vitest';
import type { MudEvent } from '../../../src/mud/client/events.ts';
import type { MudSessionOptions } from '../../../src/mud/client/session.ts';
import { MudSession } from '../../../src/mud/client/session.ts';
import { encodeGmcp, encodeMsdpOverGmcp } from '../../../src/mud/protocols/gmcp.ts';
import { decodeMsdp, encodeMsdp, MSDP_VAL, MSDP_VAR } from '../../../src/mud/protocols/msdp.ts';
import { encodeMssp } from '../../../src/mud/protocols/mssp.ts';
import { Opt } from '../../../src/mud/telnet/constants.ts';
import { TelnetDecoder } from '../../../src/mud/telnet/decoder.ts';
import { encodeNegotiation, encodeSubnegotiation } from '../../../src/mud/telnet/encoder.ts';
import { encodeTtypeSend } from '../../../src/mud/telnet/options.ts';
import { TelnetWriter } from '../../../src/mud/telnet/writer.ts';
import { b, splitEverywhere } from '../split.ts';

// A server transcript in the shape of Mud98's (our own text): offers, colour greeting, name prompt
// line, yes/no prompt with the stray ESC[8], password with ECHO, MSDP, BOT lines, status prompt.
function serverTranscript(withMccp: boolean): Uint8Array {
  const w = new TelnetWriter({ newline: 'lfcr' });
  const parts: Uint8Array[] = [
    encodeNegotiation('DO', Opt.TTYPE),
    encodeNegotiation('DO', Opt.NAWS),
    encodeNegotiation('DO', Opt.NEW_ENVIRON),
    encodeNegotiation('WILL', Opt.CHARSET),
    encodeNegotiation('WILL', Opt.MSDP),
    encodeNegotiation('WILL', Opt.MSSP),
    encodeNegotiation('WILL', Opt.MCCP2),
    encodeNegotiation('WILL', Opt.MCCP3),
    w.text('\n\x1b[38;5;016m~~ Test Realm ~~\x1b[0m\nWhat shall we call you?\n'),
    w.text('\x1b[37m\x1b[40m\x1b[8]Are you sure, Zed (Y/N)? '),
    encodeTtypeSend(),
    encodeTtypeSend(),
    encodeTtypeSend(),
    encodeNegotiation('DONT', Opt.TTYPE),
  ];
  if (withMccp) parts.push(w.startCompression(Opt.MCCP2));
  parts.push(
    w.text('Password: '),
    w.raw(encodeNegotiation('WILL', Opt.ECHO)),
    w.text('\n'),
    w.raw(encodeNegotiation('WONT', Opt.ECHO)),
    w.raw(encodeSubnegotiation(Opt.MSSP, encodeMssp({ NAME: 'Test Realm', PLAYERS: 1 }))),
    w.text('\x1b[36mA Quiet Yard\x1b[0m\n[BOT:ROOM|vnum=42|flags=(none)|sector=field]\n'),
    w.text('[BOT:EXIT|dir=north|vnum=43|flags=door closed]\n'),
    w.raw(encodeSubnegotiation(Opt.MSDP, encodeMsdp({ ROOM_VNUM: '42', HEALTH: '20' }))),
    w.raw(encodeSubnegotiation(Opt.MSDP)),
    w.text('caf\u00e9 \u00ff\n'),
    w.text('\n\x1b[36m<20hp 100m 100mv> \x1b[0m'),
  );
  if (withMccp) parts.push(w.stopCompression());
  parts.push(w.text('\nafter the stream\n'));
  return b(...parts);
}

function run(chunks: Uint8Array[], opts: MudSessionOptions = {}) {
  const s = new MudSession(opts);
  const events: MudEvent[] = [];
  s.onEvent((e) => events.push(e));
  for (const c of chunks) s.receive(c);
  s.end();
  const sent = s.drainOutput();
  const summary = events
    .filter((e) => e.type !== 'compression' && e.type !== 'option')
    .map((e) => {
      switch (e.type) {
        case 'line':
          return `L:${e.text}`;
        case 'prompt':
          return `P(${e.name ?? e.source}):${e.text}`;
        case 'bot':
          return `B:${e.line.kind}`;
        case 'msdp':
          return `M:${e.pairs.map((p) => `${p.name}=${String(p.value)}`).join(',')}`;
        case 'mssp':
          return `S:${e.status.NAME}`;
        case 'error':
          return `E:${e.error.code}`;
        default:
          return e.type;
      }
    });
  return { s, summary, sent, events };
}

const EXPECTED = [
  'L:',
  'L:~~ Test Realm ~~',
  'L:What shall we call you?',
  'P(yes-no):Are you sure, Zed (Y/N)? ',
  'P(password):Password: ',
  'echo-off',
  'echo-on',
  'S:Test Realm',
  'L:A Quiet Yard',
  'L:[BOT:ROOM|vnum=42|flags=(none)|sector=field]',
  'B:room',
  'L:[BOT:EXIT|dir=north|vnum=43|flags=door closed]',
  'B:exit',
  'M:ROOM_VNUM=42,HEALTH=20',
  'L:caf\u00e9 \u00ff',
  'L:',
  'P(status):<20hp 100m 100mv> ',
  'L:after the stream',
];

describe('MudSession', () => {
  for (const mccp of [false, true]) {
    it(`turns a Mud98-shaped transcript into events at every split (mccp=${mccp})`, () => {
      const bytes = serverTranscript(mccp);
      let n = 0;
      for (const chunks of splitEverywhere(bytes, 0)) {
        const r = run(chunks);
        expect(r.summary, `split at ${chunks[0].length}`).toEqual(EXPECTED);
        n++;
      }
      expect(n).toBe(bytes.length);
    });
  }

  it('answers negotiation like a well-behaved bot client and runs the MTTS cycle', () => {
    const r = run([serverTranscript(true)]);
    const replies = new TelnetDecoder().push(r.sent);
    const neg = replies
      .filter((e) => e.type === 'negotiation')
      .map((e) => (e.type === 'negotiation' ? `${e.verb} ${e.option}` : ''));
    expect(neg).toEqual([
      'WILL 24',
      'WILL 31',
      'WONT 39',
      'DONT 42',
      'DO 69',
      'DO 70',
      'DO 86',
      'DONT 87',
      'WONT 24',
      'DO 1',
      'DONT 1',
    ]);
    const sbs = replies.filter((e) => e.type === 'subnegotiation');
    const text = sbs.map((e) =>
      e.type === 'subnegotiation' ? `${e.option}:${new TextDecoder().decode(e.data.subarray(1))}` : '',
    );
    expect(sbs[0]).toEqual({
      type: 'subnegotiation',
      option: Opt.NAWS,
      data: new Uint8Array([0, 80, 0, 24]),
    });
    expect(text.slice(1)).toEqual(['24:NETWRIGHT', '24:XTERM-256COLOR', '24:MTTS 271']);
    expect(r.s.msdp).toEqual({ ROOM_VNUM: '42', HEALTH: '20' });
    expect(r.s.msdpNumber('HEALTH')).toBe(20);
    expect(r.s.msdpNumber('MANA')).toBeUndefined();
    const st = r.s.stats();
    expect(st.compressedBytesIn).toBeGreaterThan(0);
    expect(st.compressionRatio).toBe(st.inflatedBytesIn / st.compressedBytesIn);
    expect(st.prompts).toBe(3);
  });

  it('sends REPORT when MSDP comes on, and lines with CR LF', () => {
    const s = new MudSession({ report: ['HEALTH', 'ROOM_VNUM'] });
    s.receive(encodeNegotiation('WILL', Opt.MSDP));
    s.sendLine('north');
    const ev = new TelnetDecoder().push(s.drainOutput());
    expect(ev[0]).toEqual({ type: 'negotiation', verb: 'DO', option: Opt.MSDP });
    expect(ev[1].type).toBe('subnegotiation');
    if (ev[1].type === 'subnegotiation')
      expect(decodeMsdp(ev[1].data).pairs).toEqual([{ name: 'REPORT', value: ['HEALTH', 'ROOM_VNUM'] }]);
    expect(ev[2]).toEqual({ type: 'data', data: b('north\r\n') });
    expect(() => s.sendLine('a\nb')).toThrowError(
      expect.objectContaining({ code: 'ERR_MUD_INPUT_OVERFLOW' }),
    );
  });

  it('reads MSDP over GMCP (Mud98 broken JSON) when only GMCP is on', () => {
    const s = new MudSession({ msdp: false, gmcp: true, report: ['HEALTH'] });
    const events: MudEvent[] = [];
    s.onEvent((e) => events.push(e));
    s.receive(b(encodeNegotiation('WILL', Opt.MSDP), encodeNegotiation('WILL', Opt.GMCP)));
    s.receive(encodeSubnegotiation(Opt.GMCP, encodeMsdpOverGmcp({ HEALTH: '13', ROOM_VNUM: '3712' }, true)));
    s.receive(encodeSubnegotiation(Opt.GMCP, b('Char.Vitals {oops')));
    expect(s.msdp).toEqual({ HEALTH: '13', ROOM_VNUM: '3712' });
    expect(events.some((e) => e.type === 'msdp' && e.via === 'gmcp')).toBe(true);
    expect(events.some((e) => e.type === 'error' && e.error.code === 'ERR_GMCP_MALFORMED')).toBe(true);
    const sent = new TelnetDecoder().push(s.drainOutput());
    const gmcp = sent
      .filter((e) => e.type === 'subnegotiation')
      .map((e) => (e.type === 'subnegotiation' ? new TextDecoder().decode(e.data) : ''));
    expect(gmcp).toEqual(['Core.Hello {"client":"netwright","version":"0.1.0"}', 'MSDP {"REPORT":"HEALTH"}']);
    expect(new TextDecoder().decode(encodeGmcp('X'))).toBe('X');
  });

  it('treats GA/EOR as prompt ends and counts invalid UTF-8', () => {
    const r = run([b('Custom prompt>', [255, 249], 'x', [0xfe], '\n', 'y>', [255, 239])]);
    expect(r.summary).toEqual(['P(GA):Custom prompt>', 'E:ERR_UTF8_INVALID', 'L:x\ufffd', 'P(EOR):y>']);
  });

  it('reports oversized subnegotiations and long lines, and keeps going', () => {
    const big = encodeSubnegotiation(Opt.MSDP, b(MSDP_VAR, 'X', MSDP_VAL, 'y'.repeat(100)));
    const r = run([b(big, 'z'.repeat(50), '\nok\n')], { maxSubnegotiationBytes: 32, maxLineLength: 20 });
    expect(r.summary).toEqual([
      'E:ERR_TELNET_SB_OVERFLOW',
      'E:ERR_LINE_TOO_LONG',
      'E:ERR_LINE_TOO_LONG',
      `L:${'z'.repeat(20)}`,
      `L:${'z'.repeat(20)}`,
      `L:${'z'.repeat(10)}`,
      'L:ok',
    ]);
  });

  it('measures the compression ratio of a large compressed greeting', () => {
    const w = new TelnetWriter({ newline: 'lfcr' });
    const art = '\x1b[38;5;239m*\x1b[38;5;251m%'.repeat(400);
    const bytes = b(
      encodeNegotiation('WILL', Opt.MCCP2),
      w.startCompression(),
      w.text(`${art}\nBy what name?\n`),
      w.stopCompression(),
    );
    const r = run([bytes]);
    expect(r.summary.at(-1)).toBe('L:By what name?');
    expect(r.s.stats().compressionRatio).toBeGreaterThan(5);
  });

  it('also reports a status prompt that arrived already ended by a line break', () => {
    const r = run([b('\n\r<20hp 100m 100mv> \n\rThe rat bites you.\n\r')]);
    expect(r.summary).toEqual(['L:', 'P(status):<20hp 100m 100mv> ', 'L:The rat bites you.']);
  });

  it('reports truncation at end and corrupt MCCP as fatal', () => {
    expect(run([b('bye', [255, 250, 69, 1])]).summary).toEqual(['E:ERR_TELNET_TRUNCATED', 'L:bye']);
    const r = run([
      b(
        encodeNegotiation('WILL', Opt.MCCP2),
        encodeSubnegotiation(Opt.MCCP2),
        [0x78, 0x9c, 0xff, 0xff, 0xff, 9],
      ),
    ]);
    expect(r.summary).toEqual(['E:ERR_MCCP_CORRUPT', 'E:ERR_MUD_CLOSED']);
    expect(r.events.find((e) => e.type === 'error' && e.error.code === 'ERR_MCCP_CORRUPT')).toMatchObject({
      fatal: true,
    });
  });
});

describe('MudSession options', () => {
  it('bounds the number of MSDP variables kept (ERR_MSDP_OVERFLOW)', () => {
    const s = new MudSession({ maxMsdpVariables: 3 });
    const codes: string[] = [];
    s.onEvent((e) => {
      if (e.type === 'error') codes.push(e.error.code);
    });
    s.receive(encodeNegotiation('WILL', Opt.MSDP));
    s.receive(
      encodeSubnegotiation(Opt.MSDP, encodeMsdp({ A: '1', B: '2', C: '3', D: '4', __proto__x: '5' })),
    );
    s.receive(encodeSubnegotiation(Opt.MSDP, encodeMsdp({ A: '9' })));
    expect({ ...s.msdp }).toEqual({ A: '9', B: '2', C: '3' });
    expect(codes).toEqual(['ERR_MSDP_OVERFLOW']);
  });

  it('promptFromPartial flushes an unknown prompt and eats its line break', () => {
    const s = new MudSession();
    const ev: MudEvent[] = [];
    s.onEvent((e) => ev.push(e));
    s.receive(b('Odd prompt >> '));
    expect(s.promptFromPartial()).toBe(true);
    expect(s.promptFromPartial()).toBe(false);
    s.receive(b('\r\nnext\r\n'));
    expect(ev).toEqual([
      { type: 'prompt', text: 'Odd prompt >> ', source: 'idle' },
      { type: 'line', text: 'next' },
    ]);
  });

  it('compresses its own output after MCCP3 is agreed (server reads it with a TelnetReader)', async () => {
    const { TelnetReader } = await import('../../../src/mud/telnet/reader.ts');
    const s = new MudSession({ mccp3: true });
    s.receive(encodeNegotiation('WILL', Opt.MCCP3));
    s.sendLine('hello there');
    s.sendLine('north');
    const wire = s.drainOutput();
    const server = new TelnetReader({ compressedOption: Opt.MCCP3 });
    const seen: string[] = [];
    server.push(wire, (e) => {
      if (e.type === 'negotiation') seen.push(`${e.verb} ${e.option}`);
      else if (e.type === 'compression') seen.push(`z${e.active}`);
      else if (e.type === 'data') seen.push(new TextDecoder().decode(e.data));
    });
    expect(seen).toEqual(['DO 87', 'ztrue', 'hello there\r\nnorth\r\n']);
    expect(s.writer.compressing).toBe(true);
  });

  it('answers a CHARSET request with UTF-8 when charset is on, refuses CHARSET otherwise', async () => {
    const { encodeCharsetRequest } = await import('../../../src/mud/telnet/options.ts');
    const on = new MudSession({ charset: true });
    on.receive(b(encodeNegotiation('WILL', Opt.CHARSET), encodeCharsetRequest(['ISO-8859-1', 'UTF-8'])));
    const ev = new TelnetDecoder().push(on.drainOutput());
    expect(ev[0]).toEqual({ type: 'negotiation', verb: 'DO', option: Opt.CHARSET });
    expect(ev[1]).toEqual({ type: 'subnegotiation', option: Opt.CHARSET, data: b(2, 'UTF-8') });
    const off = new MudSession();
    off.receive(b(encodeNegotiation('WILL', Opt.CHARSET), encodeCharsetRequest(['UTF-8'])));
    expect(new TelnetDecoder().push(off.drainOutput())).toEqual([
      { type: 'negotiation', verb: 'DONT', option: Opt.CHARSET },
    ]);
  });

  it('sends its window size on DO NAWS and IAC NOP on request', () => {
    const s = new MudSession({ width: 300, height: 255 });
    s.receive(encodeNegotiation('DO', Opt.NAWS));
    s.sendNop();
    expect([...s.drainOutput()]).toEqual([
      255, 251, 31, 255, 250, 31, 1, 44, 0, 255, 255, 255, 240, 255, 241,
    ]);
  });
});

// #11 item 2 on the client: the deep GMCP frame threw out of receive() (even with GMCP never
// negotiated), and the reader kept its event array, so every later receive() threw again.
describe('hostile GMCP', () => {
  const deepFrame = () =>
    encodeSubnegotiation(Opt.GMCP, b(`MSDP {"A":${'['.repeat(4000)}${']'.repeat(4000)}}`));

  it('a 4,000-deep frame is a coded error and the session keeps working (GMCP not negotiated)', () => {
    const s = new MudSession();
    const events: MudEvent[] = [];
    s.onEvent((e) => events.push(e));
    expect(() => s.receive(deepFrame())).not.toThrow();
    expect(() => s.receive(b('You are standing in a field.\r\n'))).not.toThrow();
    const codes = events.flatMap((e) => (e.type === 'error' ? [e.error.code] : []));
    expect(codes).toEqual(['ERR_GMCP_TOO_DEEP']);
    expect(events.filter((e) => e.type === 'line').map((e) => e.type === 'line' && e.text)).toEqual([
      'You are standing in a field.',
    ]);
  });

  it('with GMCP negotiated, the next MSDP-over-GMCP update still lands', () => {
    const s = new MudSession({ gmcp: true, msdp: false });
    s.receive(encodeNegotiation('WILL', Opt.GMCP));
    s.receive(concat(deepFrame(), encodeSubnegotiation(Opt.GMCP, encodeMsdpOverGmcp({ HEALTH: '20' }))));
    expect(s.msdp.HEALTH).toBe('20');
    expect(s.stats().errors).toEqual({ ERR_GMCP_TOO_DEEP: 1 });
  });
});

function concat(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(parts.flatMap((p) => [...p]));
}
