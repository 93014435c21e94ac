// Bench: how fast do playing bots notice a server that dies (SIGKILL) or hangs (SIGSTOP)?
//
//   node bench/mud-bot-faults.ts [--bots 20] [--play-ms 3000] [--pulse-ms 250]
//
// Starts the fixture MUD as its own process (ROM pulse by default), lets N bots play, then kills it
// (and, in a second round, stops it without closing any socket). Prints, per fault, the time from the
// signal to each bot's fault (min / p50 / max) and which error code the bots reported. The target is
// "within 1 s" for both; a killed server closes its sockets, so that one is near-instant.
import { MudBot } from '../src/mud/bot/index.ts';
import { startFixtureMud } from './fixture-mud.ts';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2)
  args.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1]);
const BOTS = Math.min(200, Number(args.get('bots') ?? 20));
const PLAY_MS = Math.min(60_000, Number(args.get('play-ms') ?? 3000));
const PULSE_MS = Number(args.get('pulse-ms') ?? 250);

const startServer = () => startFixtureMud(['--pulse-ms', String(PULSE_MS)]);

function summary(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
  return `min ${s[0].toFixed(0)} ms, p50 ${at(50).toFixed(0)} ms, max ${s[s.length - 1].toFixed(0)} ms (n=${s.length})`;
}

async function round(signal: 'SIGKILL' | 'SIGSTOP'): Promise<void> {
  const { child, port } = await startServer();
  const bots: MudBot[] = [];
  try {
    for (let i = 0; i < BOTS; i++) {
      const name = `Fault${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`;
      bots.push(await MudBot.connect({ port }, { name, password: 'bench123', transcriptBytes: 0 }));
    }
    const noticed: number[] = [];
    const codes = new Map<string, number>();
    let sentAt = 0;
    const playing = bots.map((b) =>
      b.play({ for: PLAY_MS + 30_000 }).then(
        () => codes.set('none', (codes.get('none') ?? 0) + 1),
        (err: { code?: string }) => {
          noticed.push(performance.now() - sentAt);
          codes.set(err.code ?? '?', (codes.get(err.code ?? '?') ?? 0) + 1);
        },
      ),
    );
    await new Promise((r) => setTimeout(r, PLAY_MS));
    sentAt = performance.now();
    child.kill(signal);
    await Promise.all(playing);
    console.log(
      `${signal === 'SIGKILL' ? 'killed (SIGKILL)' : 'hung (SIGSTOP)  '}: ${BOTS} bots noticed it in ${summary(noticed)}; ` +
        [...codes].map(([c, n]) => `${c} x${n}`).join(', '),
    );
  } finally {
    await Promise.all(bots.map((b) => b.close()));
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGCONT');
      child.kill('SIGKILL');
    }
  }
}

console.log(`fixture MUD at ${PULSE_MS} ms pulses, ${BOTS} bots playing ${PLAY_MS} ms before the fault`);
await round('SIGKILL');
await round('SIGSTOP');
