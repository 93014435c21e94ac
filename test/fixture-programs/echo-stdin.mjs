// Echoes each stdin line as `echo: <line>`; exits with code 0 when stdin closes.
process.stdin.setEncoding('utf8');
let buffered = '';
process.stdin.on('data', (chunk) => {
  buffered += chunk;
  const lines = buffered.split('\n');
  buffered = lines.pop() ?? '';
  for (const line of lines) console.log(`echo: ${line}`);
});
process.stdin.on('end', () => process.exit(0));
console.log('ready');
