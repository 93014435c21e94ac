// The worst-behaved child: ignores SIGTERM/SIGINT/SIGHUP and broken pipes, spawns COUNT (default 2)
// grandchildren that do the same, prints their pids as a `children` event, then runs until SIGKILL.
import { spawn } from 'node:child_process';

const deaf =
  "for (const s of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(s, () => {}); setInterval(() => {}, 1000);";
for (const s of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(s, () => {});
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});
const pids = [];
for (let i = 0; i < Number(process.env.COUNT ?? 2); i++) {
  pids.push(spawn(process.execPath, ['-e', deaf], { stdio: 'ignore' }).pid);
}
console.log(
  `[LOG_JSON]${JSON.stringify({ t: Date.now(), level: 'info', cat: 'proc', event: 'children', pids })}`,
);
setInterval(() => {}, 1_000);
