// Decode throughput of the MUD client stack: plain vs MCCP2 traffic, and each stage alone.
// Run: node bench/mud-codecs.ts [megabytes=16]
// Prints MB/s of *decompressed* (application) bytes and ratios side by side. Not part of the tests.
import { MudSession } from '../src/mud/client/session.ts';
import { encodeMsdp } from '../src/mud/protocols/msdp.ts';
import { Opt } from '../src/mud/telnet/constants.ts';
import { TelnetDecoder } from '../src/mud/telnet/decoder.ts';
import { encodeNegotiation, encodeSubnegotiation } from '../src/mud/telnet/encoder.ts';
import { TelnetWriter } from '../src/mud/telnet/writer.ts';
import { AnsiStripper } from '../src/mud/text/ansi.ts';
import { LineSplitter } from '../src/mud/text/lines.ts';
import { Utf8StreamDecoder } from '../src/mud/text/utf8.ts';

const targetMb = Number(process.argv[2] ?? 16);
const CHUNK = 4096; // bytes per simulated socket read

// One "screen" of Mud98-shaped output: coloured room, mobs, combat, MSDP frame, prompt.
function screen(i: number): string {
  return (
    `\n\x1b[36mA Room in the Test Wing\x1b[0m\x1b[37m\x1b[40m\n  A plain room with plain walls, number ${i}.\n` +
    `[BOT:ROOM|vnum=${3700 + (i % 50)}|flags=indoors|sector=inside]\n[BOT:EXIT|dir=north|vnum=${3701 + (i % 50)}|flags=(none)]\n` +
    `\x1b[38;5;${i % 256}mthe training dummy's punch scratches you.\x1b[0m\nYour slash grazes the training dummy.\n` +
    `The training dummy is in excellent condition. \n\n\x1b[36m<${20 - (i % 5)}hp 100m 100mv> \x1b[0m`
  );
}

function buildStream(compress: boolean): { wire: Uint8Array; plainBytes: number } {
  const w = new TelnetWriter({ newline: 'lfcr' });
  const parts: Uint8Array[] = [encodeNegotiation('WILL', Opt.MSDP), encodeNegotiation('WILL', Opt.MCCP2)];
  if (compress) parts.push(w.startCompression(Opt.MCCP2));
  let plain = 0;
  // Batch a few screens per write like a server flushing once per pulse.
  for (let i = 0; plain < targetMb * 1024 * 1024; i += 4) {
    const text = screen(i) + screen(i + 1) + screen(i + 2) + screen(i + 3);
    const msdp = encodeSubnegotiation(
      Opt.MSDP,
      encodeMsdp({ HEALTH: String(20 - (i % 5)), ROOM_VNUM: String(3700 + i) }),
    );
    const t = w.text(text);
    const m = w.raw(msdp);
    parts.push(t, m);
    plain += Buffer.byteLength(text) + msdp.length;
  }
  if (compress) parts.push(w.stopCompression());
  const wire = Buffer.concat(parts);
  return { wire, plainBytes: plain };
}

function time(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return (performance.now() - t0) / 1000;
}

function chunks(buf: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < buf.length; i += CHUNK) out.push(buf.subarray(i, i + CHUNK));
  return out;
}

function runSession(wire: Uint8Array): { seconds: number; lines: number; prompts: number } {
  const parts = chunks(wire);
  let lines = 0;
  let prompts = 0;
  const seconds = time(() => {
    const s = new MudSession({ write: () => {} });
    s.onEvent((e) => {
      if (e.type === 'line') lines++;
      else if (e.type === 'prompt') prompts++;
    });
    for (const p of parts) s.receive(p);
    s.end();
  });
  return { seconds, lines, prompts };
}

const mb = (bytes: number) => bytes / (1024 * 1024);
const plain = buildStream(false);
const zipped = buildStream(true);
console.log(
  `mud-codecs bench: ${mb(plain.plainBytes).toFixed(1)} MB of application bytes, ${CHUNK}-byte reads`,
);
console.log(
  `wire: plain ${mb(plain.wire.length).toFixed(1)} MB, MCCP2 ${mb(zipped.wire.length).toFixed(2)} MB ` +
    `(compression ratio ${(plain.wire.length / zipped.wire.length).toFixed(1)}x)`,
);

// warm-up
runSession(plain.wire.subarray(0, 1 << 20));
runSession(zipped.wire.subarray(0, 1 << 18));

const rows: [string, number][] = [];
const p = runSession(plain.wire);
rows.push(['MudSession plain', mb(plain.plainBytes) / p.seconds]);
const z = runSession(zipped.wire);
rows.push(['MudSession MCCP2', mb(zipped.plainBytes) / z.seconds]);
if (p.lines !== z.lines || p.prompts !== z.prompts)
  console.log(`MISMATCH lines ${p.lines}/${z.lines} prompts ${p.prompts}/${z.prompts}`);

const parts = chunks(plain.wire);
rows.push([
  'telnet decoder only',
  mb(plain.wire.length) /
    time(() => {
      const d = new TelnetDecoder();
      for (const c of parts) d.push(c);
    }),
]);
const textParts = parts.map((c) => Buffer.from(c).toString('latin1'));
rows.push([
  'UTF-8 decoder only',
  mb(plain.wire.length) /
    time(() => {
      const u = new Utf8StreamDecoder();
      for (const c of parts) u.push(c);
    }),
]);
rows.push([
  'ANSI stripper only',
  mb(plain.wire.length) /
    time(() => {
      const a = new AnsiStripper();
      for (const t of textParts) a.push(t);
    }),
]);
rows.push([
  'line splitter only',
  mb(plain.wire.length) /
    time(() => {
      const l = new LineSplitter();
      for (const t of textParts) l.push(t);
    }),
]);

const base = rows[0][1];
console.log('stage                      MB/s   vs plain session');
for (const [name, rate] of rows)
  console.log(`${name.padEnd(24)} ${rate.toFixed(1).padStart(8)}   ${(rate / base).toFixed(2)}x`);
console.log(`lines ${p.lines}, prompts ${p.prompts}`);

// Memory per connection with compression active (RSS delta; zlib state lives outside the JS heap).
function rssMb(): number {
  return process.memoryUsage().rss / (1024 * 1024);
}
const N = 1000;
const before = rssMb();
const sessions: MudSession[] = [];
for (let i = 0; i < N; i++) {
  const s = new MudSession({ write: () => {} });
  s.receive(zipped.wire.subarray(0, 4096));
  sessions.push(s);
}
const afterSessions = rssMb();
const writers: TelnetWriter[] = [];
for (let i = 0; i < N; i++) {
  const w = new TelnetWriter();
  w.startCompression(Opt.MCCP2);
  w.text('hello\n');
  writers.push(w);
}
const afterDefault = rssMb();
const small: TelnetWriter[] = [];
for (let i = 0; i < N; i++) {
  const w = new TelnetWriter();
  w.startCompression(Opt.MCCP2, { windowBits: 12, memLevel: 5 });
  w.text('hello\n');
  small.push(w);
}
const afterSmall = rssMb();
console.log(
  `memory per connection (RSS, ${N} each): client session + inflate ${(((afterSessions - before) * 1024) / N).toFixed(0)} KiB, ` +
    `server deflate default ${(((afterDefault - afterSessions) * 1024) / N).toFixed(0)} KiB, ` +
    `deflate windowBits 12/memLevel 5 ${(((afterSmall - afterDefault) * 1024) / N).toFixed(0)} KiB`,
);
for (const s of sessions) s.end();
for (const w of [...writers, ...small]) w.close();
