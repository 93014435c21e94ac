// Prints `ready`; on a `quit` line on stdin it dies by DIE_SIGNAL (default SIGUSR2), a signal the
// supervisor never sends: a server that crashes while it is being stopped.
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  if (chunk.includes('quit')) process.kill(process.pid, process.env.DIE_SIGNAL ?? 'SIGUSR2');
});
// Alive until a signal: with stdin not a pipe (the twin) it is at EOF at once, and an idle process
// exited 0 before the supervisor's SIGTERM now and then (signal null in a full run).
setInterval(() => {}, 1 << 30);
console.log('ready');
