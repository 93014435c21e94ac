// Writes LINES (default 100000) numbered lines to stdout as fast as the pipe takes them, plus one long
// line of LONG chars (default 0 = none), then prints `done` and idles (or exits when EXIT=1).
const total = Number(process.env.LINES ?? 100_000);
const long = Number(process.env.LONG ?? 0);
let i = 0;
function pump() {
  while (i < total) {
    const batch = [];
    for (let k = 0; k < 1000 && i < total; k++) batch.push(`line ${i++} ${'x'.repeat(40)}`);
    if (!process.stdout.write(`${batch.join('\n')}\n`)) return process.stdout.once('drain', pump);
  }
  if (long > 0) process.stdout.write(`${'y'.repeat(long)}\n`);
  process.stdout.write('done\n', () => {
    if (process.env.EXIT === '1') process.exit(0);
  });
  setInterval(() => {}, 1_000);
}
pump();
