// Becomes ready, then after DELAY_MS (default 50) prints a Godot-style script error on stderr and runs on.
console.log('ready');
setTimeout(
  () => console.error('SCRIPT ERROR: Invalid call. Nonexistent function "foo".'),
  Number(process.env.DELAY_MS ?? 50),
);
setInterval(() => {}, 1_000);
