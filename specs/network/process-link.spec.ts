// One spec for every backend: a server and a client PROCESS talk through a link started with
// `link.command(side, argv)` (the kernel backend runs them in its two namespaces, the others run them
// as they are), and the link's bandwidth paces their traffic. The same set/stats/history surface.
import { type ChildProcess, spawn } from 'node:child_process';
import { expect, test } from '../../fixtures/index.ts';
import { isRoot } from '../../src/impair/backends/kernel-exec.ts';
import { firstLine, freePort } from '../../test/helpers/net.ts';
import { BACKEND } from './backend.ts';

// Echoes every connection; prints "ready" once listening on argv host:port.
const SERVER = `
const [host, port] = process.argv.slice(1);
require('node:net').createServer((s) => { s.on('error', () => {}); s.pipe(s); })
  .listen(Number(port), host, () => console.log('ready'));
process.on('SIGTERM', () => process.exit(0));
setTimeout(() => process.exit(0), 60000).unref();`;

// Sends argv bytes, waits for all of them back, prints {"ms": elapsed}.
const CLIENT = `
const [host, port, bytes] = process.argv.slice(1);
const s = require('node:net').connect(Number(port), host, () => {
  const t0 = performance.now();
  let got = 0;
  s.on('data', (d) => { got += d.length; if (got >= Number(bytes)) { console.log(JSON.stringify({ ms: performance.now() - t0 })); process.exit(0); } });
  s.write(Buffer.alloc(Number(bytes), 1));
});
s.on('error', (e) => { console.log(JSON.stringify({ error: e.code })); process.exit(1); });
setTimeout(() => { console.log(JSON.stringify({ error: 'timeout' })); process.exit(1); }, 30000).unref();`;

test.skipIf(BACKEND === 'kernel' && !isRoot())(
  `a server and a client process through a ${BACKEND} link: bandwidth paces a 200 KB echo${BACKEND === 'kernel' && !isRoot() ? ' (kernel: needs root)' : ''}`,
  async ({ network }) => {
    const procs: ChildProcess[] = [];
    const start = (argv: string[]) => {
      const [cmd, ...args] = argv;
      const p = spawn(cmd as string, args, { stdio: ['ignore', 'pipe', 'inherit'] });
      procs.push(p);
      return p;
    };
    try {
      const link = await network.openLink({
        id: 'proc-1',
        protocol: 'tcp',
        upstream: { host: '127.0.0.1', port: await freePort() },
        endpoints: 'commands',
      });
      const up = link.upstreamAddress;
      const server = start(
        link.command('server', [process.execPath, '-e', SERVER, up.host, String(up.port)]),
      );
      expect(await firstLine(server, 15_000)).toBe('ready');
      const echo = async (bytes: number) => {
        const c = start(
          link.command('client', [
            process.execPath,
            '-e',
            CLIENT,
            link.listen.host,
            String(link.listen.port),
            String(bytes),
          ]),
        );
        return JSON.parse(await firstLine(c, 40_000)) as { ms?: number; error?: string };
      };
      const clean = await echo(200_000);
      expect(clean.error).toBeUndefined();
      // 1600 kbit/s = 200 KB/s each way: 200 KB up and its echo down take about a second.
      network.set({ bandwidth: 1600 });
      await link.settled();
      const paced = await echo(200_000);
      expect(paced.error).toBeUndefined();
      expect(paced.ms).toBeGreaterThan(700);
      expect(paced.ms).toBeLessThan(8000);
      expect(paced.ms as number).toBeGreaterThan((clean.ms as number) * 2);
      expect(network.history().map((h) => h.label)).toEqual(['bandwidth=1600']);
      expect(link.stats().upstream.configured.map((s) => s.type)).toEqual(['bandwidth']);
    } finally {
      for (const p of procs) p.kill('SIGKILL');
    }
  },
);
