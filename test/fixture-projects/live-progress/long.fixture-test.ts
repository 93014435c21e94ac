import { createSocket } from 'node:dgram';
import { expect, test } from '../../../fixtures/index.ts';

test('a long test on an lte link', async ({ network }) => {
  network.profile('lte');
  // UDP traffic through one link (an echo upstream on loopback), so the progress line can show the
  // links' loss and round trip as they are measured.
  const echo = createSocket('udp4');
  echo.on('message', (m, r) => echo.send(m, r.port, r.address));
  await new Promise<void>((r) => echo.bind(0, '127.0.0.1', r));
  const link = await network.openLink({
    id: 'client-1',
    protocol: 'udp',
    upstream: { host: '127.0.0.1', port: echo.address().port },
  });
  const client = createSocket('udp4');
  let echoed = 0;
  client.on('message', () => echoed++);
  const timer = setInterval(() => client.send(Buffer.alloc(32), link.listen.port, '127.0.0.1'), 20);
  try {
    await new Promise((r) => setTimeout(r, 4000));
  } finally {
    clearInterval(timer);
    client.close();
    echo.close();
  }
  expect(network.history().at(-1)?.label).toBe('lte');
  expect(echoed).toBeGreaterThan(0);
}, 90_000);
