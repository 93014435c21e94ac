// Ignores SIGTERM (says so on stdout) and runs until SIGKILL.
process.on('SIGTERM', () => console.log('got SIGTERM, ignoring it'));
console.log('ready');
setInterval(() => {}, 1_000);
