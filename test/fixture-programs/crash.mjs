// Prints a few lines, then exits with EXIT_CODE (default 3) after EXIT_AFTER_MS (default 0).
// READY=1 prints a ready event first.
if (process.env.READY === '1') console.log('[LOG_JSON]{"t":0,"level":"info","cat":"x","event":"ready"}');
console.log('loading world');
console.error('fatal: world file missing');
setTimeout(() => process.exit(Number(process.env.EXIT_CODE ?? 3)), Number(process.env.EXIT_AFTER_MS ?? 0));
