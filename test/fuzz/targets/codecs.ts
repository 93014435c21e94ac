// Fuzz targets over the client's MUD protocol stack (src/mud): pure byte state machines, no sockets.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { MudEvent } from '../../../src/mud/client/events.ts';
import { MudSession } from '../../../src/mud/client/session.ts';
import { decodeGmcp, GMCP_MAX_DEPTH, msdpFromGmcp } from '../../../src/mud/protocols/gmcp.ts';
import {
  decodeMsdp,
  MSDP_ARRAY_CLOSE,
  MSDP_ARRAY_OPEN,
  MSDP_MAX_DEPTH,
  MSDP_TABLE_CLOSE,
  MSDP_TABLE_OPEN,
  MSDP_VAL,
  MSDP_VAR,
  type MsdpValue,
} from '../../../src/mud/protocols/msdp.ts';
import { decodeMssp } from '../../../src/mud/protocols/mssp.ts';
import { Opt } from '../../../src/mud/telnet/constants.ts';
import { TelnetDecoder } from '../../../src/mud/telnet/decoder.ts';
import { encodeSubnegotiation, escapeIac } from '../../../src/mud/telnet/encoder.ts';
import type { TelnetEvent } from '../../../src/mud/telnet/events.ts';
import { MCCP_LIMITS, MccpDeflater } from '../../../src/mud/telnet/mccp.ts';
import { type ReaderEvent, TelnetReader } from '../../../src/mud/telnet/reader.ts';
import { SB_DATA_OPTIONS, sbLimit } from '../../../src/mud/telnet/sb-limits.ts';
import { TelnetWriter } from '../../../src/mud/telnet/writer.ts';
import { parseBotLine } from '../../../src/mud/text/bot-lines.ts';
import { atMost, CODED, chunked, concat, cuts, type FuzzTarget, pure } from '../harness.ts';

const enc = new TextEncoder();
const IAC = 255;
const SB = 250;
const SE = 240;

/** Options the stack treats differently (fixed-shape, data, MCCP, unknown). */
const OPTIONS = [
  Opt.TTYPE,
  Opt.NAWS,
  Opt.CHARSET,
  Opt.NEW_ENVIRON,
  Opt.MSDP,
  Opt.MSSP,
  Opt.MCCP2,
  Opt.GMCP,
  99,
];

/** Bytes biased towards telnet structure, so the state machine is exercised and not only data. */
export const telnetish = (maxLength: number) =>
  fc
    .array(
      fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: 0, max: 255 }) },
        { weight: 2, arbitrary: fc.constant(IAC) },
        { weight: 1, arbitrary: fc.constantFrom(SB, SE, 251, 252, 253, 254, 249, 239, 13, 10, 0) },
        { weight: 1, arbitrary: fc.constantFrom(...OPTIONS) },
      ),
      { maxLength },
    )
    .map((a) => new Uint8Array(a));

/** JSON text nested `depth` deep in a mix of arrays and objects, sometimes left unclosed. */
export const deepJson = fc
  .record({
    depth: fc.oneof(fc.nat(40), fc.integer({ min: 0, max: 6000 })),
    kinds: fc.array(fc.constantFrom('[', '{"k":'), { minLength: 1, maxLength: 3 }),
    leaf: fc.string({ maxLength: 12 }),
    closed: fc.boolean(),
  })
  .map(({ depth, kinds, leaf, closed }) => {
    const opens = Array.from({ length: depth }, (_, i) => kinds[i % kinds.length]);
    const closes = opens.map((o) => (o === '[' ? ']' : '}')).reverse();
    return `${opens.join('')}${JSON.stringify(leaf)}${closed ? closes.join('') : ''}`;
  });

/** A GMCP payload: a package name (MSDP half the time) and deep or plain JSON. */
export const gmcpPayload = fc
  .tuple(fc.constantFrom('MSDP', 'Char.Vitals', 'Room.Info', 'msdp'), fc.oneof(deepJson, fc.json()))
  .map(([name, json]) => `${name} ${name.toUpperCase() === 'MSDP' ? `{"A":${json}}` : json}`);

/** MSDP payload bytes from tokens, with runs of nested opens. */
export const msdpPayload = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        MSDP_VAR,
        MSDP_VAL,
        MSDP_TABLE_OPEN,
        MSDP_TABLE_CLOSE,
        MSDP_ARRAY_OPEN,
        MSDP_ARRAY_CLOSE,
      ),
      fc.string({ maxLength: 6 }),
      fc
        .tuple(fc.integer({ min: 1, max: 300 }), fc.constantFrom(MSDP_TABLE_OPEN, MSDP_ARRAY_OPEN))
        .map(([n, open]) => Array.from({ length: n }, () => [MSDP_VAL, open]).flat()),
    ),
    { maxLength: 40 },
  )
  .map((tokens) => {
    const out: number[] = [MSDP_VAR, 65, MSDP_VAL];
    for (const t of tokens) {
      if (typeof t === 'number') out.push(t);
      else if (typeof t === 'string') out.push(...enc.encode(t).filter((b) => b > 6));
      else out.push(...t);
    }
    return new Uint8Array(out);
  });

/** Nesting depth of a decoded MSDP value. */
function msdpDepth(v: MsdpValue): number {
  if (typeof v === 'string') return 0;
  const kids = Array.isArray(v) ? v : Object.values(v);
  return 1 + kids.reduce((m, k) => Math.max(m, msdpDepth(k)), 0);
}

/** Plain text, flattening data events (so any split compares equal). */
function flatten(events: readonly TelnetEvent[]): string {
  const parts: string[] = [];
  let data: number[] = [];
  const flush = () => {
    if (data.length) parts.push(`D${data.join(',')}`);
    data = [];
  };
  for (const e of events) {
    if (e.type === 'data') data.push(...e.data);
    else {
      flush();
      if (e.type === 'error') parts.push(`E${e.error.code}`);
      else if (e.type === 'subnegotiation') parts.push(`S${e.option}:${[...e.data].join(',')}`);
      else parts.push(JSON.stringify(e));
    }
  }
  flush();
  return parts.join('|');
}

const SB_MAX = 256;

export const telnetDecoderTarget: FuzzTarget<[Uint8Array, number[]]> = {
  name: 'telnet decoder: random bytes, random splits',
  bound: `every SB payload <= its option's limit (NAWS 4, TTYPE 64, CHARSET 512, unknown 4096, MSDP/GMCP maxSubnegotiationBytes = ${SB_MAX}); any split gives the same events; errors coded`,
  arbitrary: fc.tuple(telnetish(400), cuts(400)),
  ciRuns: 1500,
  open: pure(([bytes, raw]) => {
    const whole = new TelnetDecoder({ maxSubnegotiationBytes: SB_MAX });
    const a = [...whole.push(bytes), ...whole.end()];
    const split = new TelnetDecoder({ maxSubnegotiationBytes: SB_MAX });
    const b: TelnetEvent[] = [];
    for (const c of chunked(bytes, raw)) b.push(...split.push(c));
    b.push(...split.end());
    assert.equal(flatten(b), flatten(a));
    for (const e of a) {
      if (e.type === 'error') assert.match(e.error.code, CODED);
      if (e.type === 'subnegotiation') atMost(e.data.length, sbLimit(e.option, SB_MAX));
    }
  }),
};

export const unterminatedSbTarget: FuzzTarget<[number, number, number[]]> = {
  name: 'telnet decoder: a subnegotiation that never ends, then game text',
  bound:
    'game text lost <= the option limit (TTYPE 64, NAWS 4, ...); a data option (MSDP/GMCP, limit 512 here) loses <= limit + maxSubnegotiationDiscardBytes (2048 here); reported as coded errors',
  arbitrary: fc.tuple(fc.constantFrom(...OPTIONS), fc.integer({ min: 1, max: 400 }), cuts(20_000)),
  ciRuns: 300,
  open: pure(([option, lines, raw]) => {
    const text = Array.from({ length: lines }, (_, i) => `You hit the rat (${i}).\r\n`).join('');
    const bytes = concat([Uint8Array.of(IAC, SB, option), enc.encode(text)]);
    const d = new TelnetDecoder({ maxSubnegotiationBytes: 512, maxSubnegotiationDiscardBytes: 2048 });
    const events: TelnetEvent[] = [];
    for (const c of chunked(bytes, raw)) events.push(...d.push(c));
    events.push(...d.end());
    const got = events.reduce((n, e) => n + (e.type === 'data' ? e.data.length : 0), 0);
    const limit = sbLimit(option, 512);
    const budget = SB_DATA_OPTIONS.includes(option) ? limit + 2048 : limit;
    atMost(text.length - got, budget);
    for (const e of events) if (e.type === 'error') assert.match(e.error.code, CODED);
    assert.ok(events.some((e) => e.type === 'error'));
  }),
};

/** A compressed stream of `pieces`, cut after `cutAt` of its bytes (or whole), with junk after. */
const mccpStream = fc.record({
  pieces: fc.array(fc.string({ maxLength: 60 }), { minLength: 1, maxLength: 8 }),
  cutAt: fc.option(fc.nat(2000), { nil: undefined }),
  junk: fc.uint8Array({ maxLength: 40 }),
  raw: cuts(2000),
});

export const mccpTarget: FuzzTarget<typeof mccpStream extends fc.Arbitrary<infer T> ? T : never> = {
  name: 'MCCP2 reader: compressed text cut anywhere, junk after, random splits',
  bound:
    'a stream cut before its zlib end always ends in an ERR_MCCP_* error (never silent loss); without junk the text delivered is a prefix of the text sent and inflated bytes <= sent bytes; with junk inflated bytes <= ratioGraceBytes + 64 KiB',
  arbitrary: mccpStream,
  ciRuns: 400,
  open: pure(({ pieces, cutAt, junk, raw }) => {
    const w = new TelnetWriter();
    const plain = pieces.join('');
    const full = concat([
      w.startCompression(Opt.MCCP2),
      ...pieces.map((p) => w.text(p)),
      w.stopCompression(),
    ]);
    const cut = cutAt === undefined || cutAt >= full.length;
    const wire = cut ? full : concat([full.subarray(0, cutAt), junk]);
    const r = new TelnetReader({ compressedOption: Opt.MCCP2 });
    const got: number[] = [];
    const codes: string[] = [];
    const sink = (e: ReaderEvent) => {
      if (e.type === 'data') got.push(...e.data);
      if (e.type === 'error') codes.push(e.error.code);
    };
    for (const c of chunked(wire, raw)) r.push(c, sink);
    r.end(sink);
    for (const c of codes) assert.match(c, CODED);
    const sent = new TextDecoder().decode(enc.encode(plain.replace(/\r/g, '\r\0').replace(/\n/g, '\r\n')));
    const text = new TextDecoder().decode(new Uint8Array(got)).replace(/\r\0/g, '\r');
    if (cut) {
      assert.deepEqual(codes, []);
      assert.equal(text, sent.replace(/\r\0/g, '\r'));
      atMost(r.stats.inflatedBytes, enc.encode(sent).length, 'inflated bytes');
      return;
    }
    // Losing the rest of a cut stream is always reported (junk after the cut cannot end a zlib
    // stream: that needs a matching Adler-32).
    if (cutAt !== undefined && cutAt > 5)
      assert.ok(
        codes.some((c) => c.startsWith('ERR_MCCP_')),
        'cut stream not reported',
      );
    if (junk.length === 0) {
      // What arrived is the start of what was sent.
      assert.ok(
        sent.replace(/\r\0/g, '\r').startsWith(text),
        'delivered text is not a prefix of the sent text',
      );
      atMost(r.stats.inflatedBytes, enc.encode(sent).length, 'inflated bytes');
    } else atMost(r.stats.inflatedBytes, MCCP_LIMITS.ratioGraceBytes + 64 * 1024, 'inflated bytes');
  }),
};

/** MiB of NULs deflated 1 MiB per flush: the middle blocks repeat once the window is all zeros. */
function nulBomb(mib: number): Uint8Array {
  const d = new MccpDeflater({ level: 9 });
  const zeros = new Uint8Array(1024 * 1024);
  const first = d.compress(zeros);
  const middle = d.compress(zeros);
  // `mib` MiB of NULs: the first MiB, then mib-1 copies of the second one's blocks (each refers back
  // into NUL history only, so any copy inflates alike). With one copy too few, a 2 MiB "bomb" was
  // 1 MiB with a bad checksum: not past the ratio grace, and ERR_MCCP_CORRUPT (bench/fuzz-long.ts,
  // seed 1900847309).
  return concat([first, ...Array.from({ length: mib - 1 }, () => middle), d.finish()]);
}
const bombs = new Map<number, Uint8Array>();

export const mccpBombTarget: FuzzTarget<[number, number, number[]]> = {
  name: 'MCCP2 reader: NUL bombs of 2-256 MiB in chunks of 1 B - 64 KiB',
  bound: `inflated bytes <= ratioGraceBytes (${MCCP_LIMITS.ratioGraceBytes}) + one 64 KiB scratch, then ERR_MCCP_OUTPUT_LIMIT (ratio ${MCCP_LIMITS.maxExpansionRatio}:1)`,
  arbitrary: fc.tuple(fc.integer({ min: 2, max: 256 }), fc.integer({ min: 1, max: 65_536 }), cuts(64)),
  ciRuns: 15,
  open: pure(([mib, chunk]) => {
    const bomb = bombs.get(mib) ?? nulBomb(mib);
    bombs.set(mib, bomb);
    const r = new TelnetReader({ compressedOption: Opt.MCCP2 });
    const codes: string[] = [];
    const sink = (e: ReaderEvent) => {
      if (e.type === 'error') codes.push(e.error.code);
    };
    r.push(Uint8Array.of(IAC, SB, Opt.MCCP2, IAC, SE), sink);
    for (let off = 0; off < bomb.length && !r.failed; off += chunk)
      r.push(bomb.subarray(off, off + chunk), sink);
    r.end(sink);
    atMost(r.stats.inflatedBytes, MCCP_LIMITS.ratioGraceBytes + 64 * 1024);
    assert.equal(codes[0], 'ERR_MCCP_OUTPUT_LIMIT');
  }),
};

export const gmcpTarget: FuzzTarget<string> = {
  name: 'GMCP payload decoder: JSON nested up to 6,000 deep',
  bound: `decoded JSON nesting <= GMCP_MAX_DEPTH (${GMCP_MAX_DEPTH}; "MSDP {...}": ${MSDP_MAX_DEPTH + 1}) else ERR_GMCP_TOO_DEEP; MSDP conversion depth <= MSDP_MAX_DEPTH (${MSDP_MAX_DEPTH}); never throws`,
  arbitrary: gmcpPayload,
  ciRuns: 600,
  open: pure((payload) => {
    const r = decodeGmcp(enc.encode(payload));
    if (r.error) {
      assert.match(r.error.code, CODED);
      return;
    }
    const pairs = msdpFromGmcp(r.message!);
    for (const p of pairs ?? []) atMost(msdpDepth(p.value), MSDP_MAX_DEPTH);
  }),
};

export const msdpTarget: FuzzTarget<Uint8Array> = {
  name: 'MSDP payload decoder: random structure, nesting runs up to 300 deep',
  bound: `decoded nesting <= MSDP_MAX_DEPTH (${MSDP_MAX_DEPTH}) else ERR_MSDP_TOO_DEEP; decoded text bytes <= payload bytes; never throws`,
  arbitrary: msdpPayload,
  ciRuns: 800,
  open: pure((payload) => {
    const r = decodeMsdp(payload);
    if (r.error) assert.match(r.error.code, CODED);
    let textBytes = 0;
    const walk = (v: MsdpValue): void => {
      if (typeof v === 'string') textBytes += enc.encode(v).length;
      else for (const k of Array.isArray(v) ? v : Object.values(v)) walk(k);
    };
    for (const p of r.pairs) {
      atMost(msdpDepth(p.value), MSDP_MAX_DEPTH);
      walk(p.value);
      textBytes += enc.encode(p.name).length;
    }
    atMost(textBytes, payload.length);
  }),
};

/** One hostile piece of a server's stream. */
const hostilePiece = fc.oneof(
  { weight: 3, arbitrary: telnetish(120) },
  { weight: 1, arbitrary: gmcpPayload.map((p) => encodeSubnegotiation(Opt.GMCP, enc.encode(p))) },
  { weight: 1, arbitrary: msdpPayload.map((p) => encodeSubnegotiation(Opt.MSDP, p)) },
  { weight: 1, arbitrary: fc.constantFrom(...OPTIONS).map((o) => Uint8Array.of(IAC, SB, o)) },
  {
    weight: 1,
    arbitrary: fc
      .uint8Array({ maxLength: 60 })
      .map((z) => concat([Uint8Array.of(IAC, SB, Opt.MCCP2, IAC, SE), z])),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }).map((s) => enc.encode(s)) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(Opt.GMCP, Opt.MSDP, Opt.MCCP2, Opt.ECHO)
      .map((o) => Uint8Array.of(IAC, 251, o)),
  },
);
/** Ends any half-read telnet sequence (SB, IAC, CSI), then one plain line. */
const RESYNC = Uint8Array.of(IAC, SE, IAC, SE, 0x6d, 13, 10, ...enc.encode('hello'), 13, 10);

export const sessionTarget: FuzzTarget<[Uint8Array[], number[]]> = {
  name: 'MudSession (the bot side): hostile server streams, random splits',
  bound:
    'never throws out of receive(); errors coded; lines <= maxLineLength (64); MSDP variables kept <= maxMsdpVariables (16); a line sent afterwards still arrives unless the stream was fatally corrupt',
  arbitrary: fc.tuple(fc.array(hostilePiece, { maxLength: 8 }), cuts(3000)),
  ciRuns: 400,
  open: pure(([pieces, raw]) => {
    const s = new MudSession({
      maxLineLength: 64,
      maxSubnegotiationBytes: 64,
      maxMsdpVariables: 16,
      gmcp: true,
    });
    const events: MudEvent[] = [];
    s.onEvent((e) => events.push(e));
    for (const c of chunked(concat(pieces), raw)) s.receive(c);
    const before = events.length;
    s.receive(RESYNC);
    s.drainOutput();
    let fatal = false;
    for (const e of events) {
      if (e.type === 'error') {
        assert.match(e.error.code, CODED);
        fatal ||= e.fatal === true;
      }
      if (e.type === 'line' || e.type === 'prompt') atMost(e.text.length, 64);
    }
    atMost(Object.keys(s.msdp).length, 16);
    if (!fatal && !s.reader.compressing)
      assert.ok(events.slice(before).some((e) => e.type === 'line' && e.text === 'hello'));
    s.end();
  }),
};

export const escapeRoundTripTarget: FuzzTarget<[Uint8Array, number[]]> = {
  name: 'telnet escaping: any data through escapeIac and the decoder, random splits',
  bound: 'the data comes back byte for byte (IAC doubled and undoubled); nothing left pending at the end',
  arbitrary: fc.tuple(fc.uint8Array({ maxLength: 300 }), cuts(600)),
  ciRuns: 800,
  open: pure(([data, raw]) => {
    const wire = escapeIac(data);
    const d = new TelnetDecoder({ stripCrNul: false });
    const out: number[] = [];
    for (const c of chunked(wire, raw)) for (const e of d.push(c)) if (e.type === 'data') out.push(...e.data);
    assert.deepEqual(d.end(), []);
    assert.deepEqual(out, [...data]);
  }),
};

export const smallDecodersTarget: FuzzTarget<[Uint8Array, string]> = {
  name: 'MSSP and BOT-line decoders: random bytes and text',
  bound: 'never throw; every error is coded (ERR_MSSP_MALFORMED, ERR_BOT_LINE_MALFORMED)',
  arbitrary: fc.tuple(fc.uint8Array({ maxLength: 200 }), fc.string({ maxLength: 120 })),
  ciRuns: 800,
  open: pure(([bytes, text]) => {
    const m = decodeMssp(bytes);
    if (m.error) assert.match(m.error.code, CODED);
    const p = parseBotLine(`[BOT:${text}`);
    if (p && 'error' in p) assert.equal(p.error.code, 'ERR_BOT_LINE_MALFORMED');
  }),
};

export const CODEC_TARGETS = [
  escapeRoundTripTarget,
  smallDecodersTarget,
  telnetDecoderTarget,
  unterminatedSbTarget,
  mccpTarget,
  mccpBombTarget,
  gmcpTarget,
  msdpTarget,
  sessionTarget,
] as FuzzTarget<unknown>[];
