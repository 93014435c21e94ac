// Prints a few plain lines, LOG_JSON events (one malformed) and a ready event, then idles until killed
// or until EXIT_AFTER_MS. Env: EVENTS (count, default 3), EXIT_CODE, EXIT_AFTER_MS.
const count = Number(process.env.EVENTS ?? 3);
console.log('booting');
console.error('a stderr line');
for (let i = 0; i < count; i++) {
  console.log(`[LOG_JSON]${JSON.stringify({ t: Date.now(), level: 'info', cat: 'test', event: 'tick', i })}`);
}
console.log('[LOG_JSON]{not json');
console.log('[LOG_JSON][1,2]');
console.log(
  `[LOG_JSON]${JSON.stringify({ t: Date.now(), level: 'info', cat: 'net', event: 'ready', port: 0 })}`,
);
const timer = setInterval(() => {}, 1_000);
if (process.env.EXIT_AFTER_MS) {
  setTimeout(() => {
    console.log(`[LOG_JSON]${JSON.stringify({ t: Date.now(), level: 'info', cat: 'test', event: 'bye' })}`);
    clearInterval(timer);
    process.exitCode = Number(process.env.EXIT_CODE ?? 0);
  }, Number(process.env.EXIT_AFTER_MS));
}
