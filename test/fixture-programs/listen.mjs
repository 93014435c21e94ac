// Listens on PORT (PROTO=tcp|udp, default tcp) on 127.0.0.1 after DELAY_MS (default 200), then idles.
// TERM_DIES_BY=SIGUSR2: on SIGTERM it dies by that signal instead (a server crashing while stopped).
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

const port = Number(process.env.PORT);
const proto = process.env.PROTO ?? 'tcp';
console.log(`binding ${proto} ${port} soon`);
setTimeout(
  () => {
    if (proto === 'udp') {
      createSocket('udp4').bind(port, '127.0.0.1', () => console.log('udp bound'));
    } else {
      createServer((s) => s.destroy()).listen(port, '127.0.0.1', () => console.log('tcp listening'));
    }
  },
  Number(process.env.DELAY_MS ?? 200),
);

if (process.env.TERM_DIES_BY) {
  process.on('SIGTERM', () => process.kill(process.pid, process.env.TERM_DIES_BY));
}
