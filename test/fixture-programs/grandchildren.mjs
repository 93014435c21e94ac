// Spawns COUNT (default 2) grandchildren that ignore SIGTERM (IGNORE_TERM=1) or not, prints their pids
// as a `children` event, then idles (EXIT_PARENT=1: exits with EXIT_CODE instead). The grandchildren
// inherit stdout, so they also hold the pipe.
import { spawn } from 'node:child_process';

const count = Number(process.env.COUNT ?? 2);
const body =
  process.env.IGNORE_TERM === '1'
    ? "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000);"
    : 'setInterval(() => {}, 1000);';
const pids = [];
for (let i = 0; i < count; i++) {
  const child = spawn(process.execPath, ['-e', body], { stdio: ['ignore', 'inherit', 'inherit'] });
  pids.push(child.pid);
}
console.log(
  `[LOG_JSON]${JSON.stringify({ t: Date.now(), level: 'info', cat: 'proc', event: 'children', pids })}`,
);
if (process.env.EXIT_PARENT === '1') process.exit(Number(process.env.EXIT_CODE ?? 0));
setInterval(() => {}, 1_000);
