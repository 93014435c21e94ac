// report.html's network timeline and the network's own series share one clock (issue #13): the plot
// point that shows a `network.set()` sits at the set() call, not at the 500 ms mark before it (points
// used to be up to 500 ms, ~250 ms on average, early). Real UDP through a real link on loopback.
import { createSocket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { Network } from '../../src/impair/network.ts';
import { plotForMeta } from '../../src/report/build-report.ts';

describe('network timeline alignment in the plot', () => {
  it('the latency point after set() sits where the band of that change starts, at the set() call', async () => {
    const network = new Network({ seed: 5, spinMs: 0, busyPollMs: 0 });
    const echo = createSocket('udp4');
    const client = createSocket('udp4');
    try {
      const t0 = Date.now();
      echo.on('message', (m, r) => echo.send(m, r.port, r.address));
      await new Promise<void>((r) => echo.bind(0, '127.0.0.1', r));
      const link = await network.openLink({
        id: 'client-1',
        protocol: 'udp',
        upstream: { host: '127.0.0.1', port: echo.address().port },
      });
      let echoed = 0;
      client.on('message', () => echoed++);
      const timer = setInterval(() => client.send(Buffer.alloc(16), link.listen.port, '127.0.0.1'), 5);
      // Off the 500 ms grid on purpose: 730 ms after the test's t0 (the network started just after it).
      await new Promise((r) => setTimeout(r, 730 - (Date.now() - t0)));
      const setAt = Date.now() - t0;
      network.set({ latency: 60 });
      await new Promise((r) => setTimeout(r, 900));
      clearInterval(timer);
      await new Promise((r) => setTimeout(r, 150));
      expect(echoed).toBeGreaterThan(50);

      const meta = { t0, network: network.toMeta(), timeseries: network.timeseries() };
      const plot = plotForMeta(meta, { id: 't', title: 'alignment', failed: false });
      const band = plot?.network.find((n) => n.label.includes('60'));
      expect(band, JSON.stringify(plot?.network)).toBeDefined();
      // set() as the test timed it (Date.now) vs as the network recorded it (its own clock): a few ms.
      expect(Math.abs(band!.tMs - setAt)).toBeLessThanOrEqual(10);
      const up = plot!.series.find((s) => s.name === 'net client-1 up latency');
      expect(up, plot!.series.map((s) => s.name).join(', ')).toBeDefined();
      // The first point whose mean shows the new latency (> 30 ms), and the point before it.
      const i = up!.points.findIndex(([, v]) => v !== null && v > 30);
      expect(i, JSON.stringify(up!.points)).toBeGreaterThan(0);
      const [t] = up!.points[i];
      // The same clock: the point sits at the band's start (rounding only), so within a few ms of set().
      expect(
        Math.abs(t - band!.tMs),
        `point at ${t} ms, change at ${band!.tMs} ms: ${JSON.stringify(up!.points)}`,
      ).toBeLessThanOrEqual(3);
      expect(Math.abs(t - setAt)).toBeLessThanOrEqual(10);
      // Before the change the link added nothing: every earlier point is below 30 ms.
      for (const [, v] of up!.points.slice(0, i)) expect(v).toBeLessThan(30);
    } finally {
      client.close();
      echo.close();
      await network.close();
    }
  }, 20_000);
});
