// A bot left alone in the fixture MUD's MUD School (in process, fast pulses) plays by itself; a server
// that dies or goes silent is noticed and reported with what the bot was doing; reconnecting works.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import '../../../fixtures/matchers/index.ts';
import { type MudServerHandle, startMudServer } from '../../../mud-fixtures/lib/server.ts';
import {
  type Behavior,
  defaultBehaviors,
  MudBot,
  type ReconnectAttempt,
} from '../../../src/mud/bot/index.ts';

let server: MudServerHandle | undefined;
const bots: MudBot[] = [];
const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(bots.splice(0).map((b) => b.close()));
  await server?.close();
  server = undefined;
  for (const s of servers.splice(0)) s.close();
});

// ROM timing scaled down: 5 ms pulses, a combat round every 2 pulses, a tick every 0.2 s.
const FAST = { pulseMs: 5, violencePulses: 2, mobilePulses: 8, tickPulses: 40 };

describe('a bot left alone in MUD School', () => {
  // The plain-text + MSDP variant, playing on to a level, is specs/mud-bot/plays-mud-school.spec.ts.
  it('explores, fights, loots, rests and trains (PLR_BOT lines)', async () => {
    server = await startMudServer({
      seed: 21,
      tlsPort: false,
      ...FAST,
      players: [{ name: 'Pupil', password: 'pw12345', bot: true }],
    });
    const bot = await MudBot.connect(
      { port: server.port },
      // No commands/s cap: at 5 ms pulses the default 20/s would be the bottleneck.
      {
        name: 'Pupil',
        password: 'pw12345',
        tuning: { respawnCheckMs: 3000, pollMs: 100 },
        queue: { maxPerSecond: 0 },
      },
    );
    bots.push(bot);
    const result = await bot.play({
      for: 60_000,
      until: () => bot.metrics.kills >= 2 && (bot.world.stats.trains ?? 1) === 0,
    });
    expect(result.reason).toBe('until');
    expect(bot).toHaveKilled({ min: 2 });
    expect(bot).toHaveGainedXp({ min: 200 });
    expect(bot.world.rooms.size).toBeGreaterThanOrEqual(12);
    const m = bot.snapshot();
    for (const b of ['explore', 'combat', 'loot', 'train']) expect(m.behaviors[b], b).toBeGreaterThan(0);
    expect(m.latencyMs.count).toBe(m.commands);
    const won = bot.metrics.fights.filter((f) => f.outcome === 'won');
    expect(won.every((f) => (f.xp ?? 0) > 0)).toBe(true);
    expect(bot.world.path('#3712')?.length).toBeGreaterThan(0);
    expect(JSON.stringify(bot.toMeta())).not.toContain('pw12345');
  });

  it('runs a behaviour the user registered, above the defaults', async () => {
    server = await startMudServer({ seed: 22, tlsPort: false, ...FAST });
    let said = 0;
    const chatter: Behavior = {
      name: 'chatter',
      priority: 95,
      canStart: (s) => !s.world.fighting && said < 2,
      async run(ctx) {
        await ctx.send(`say hello ${++said}`);
      },
    };
    const bot = await MudBot.connect(
      { port: server.port },
      { name: 'Talker', password: 'pw12345', behaviors: [...defaultBehaviors(), chatter] },
    );
    bots.push(bot);
    await bot.play({ for: 10_000, until: () => said >= 2 });
    expect(bot.transcript.list().some((e) => e.text === "You say 'hello 2'")).toBe(true);
    expect(Object.keys(bot.snapshot().behaviors)).toContain('chatter');
  });
});

describe('a server that goes away', () => {
  it('killed mid-play: play() rejects with ERR_MUD_CLOSED saying what the bot was doing, at once', async () => {
    server = await startMudServer({ seed: 23, tlsPort: false, ...FAST });
    const bot = await MudBot.connect({ port: server.port }, { name: 'Survivor', password: 'pw12345' });
    bots.push(bot);
    const playing = bot.play({ for: 30_000 });
    await new Promise((r) => setTimeout(r, 400));
    const killedAt = performance.now();
    await server.close();
    server = undefined;
    const err = await playing.catch((e) => e);
    expect(performance.now() - killedAt).toBeLessThan(1000);
    expect(err.code).toBe('ERR_MUD_CLOSED');
    expect(err.hint).toBeTruthy();
    expect(String(err.details.doing)).toMatch(/\w/);
    expect(err.details.tail.length).toBeGreaterThan(0);
    expect(bot.toMeta().fault?.code).toBe('ERR_MUD_CLOSED');
  });

  it('silent (stops answering, socket open): ERR_MUD_SILENT after the probe went unanswered', async () => {
    // A scripted MUD that logs in, answers MSDP and commands for a while, then stops answering anything.
    let answering = true;
    const s = net.createServer((sock) => {
      sock.on('error', () => {});
      sock.write(Buffer.from([255, 251, 69])); // IAC WILL MSDP
      sock.write('By what name do you wish to be known?\n\r');
      let stage = 0;
      let buf = '';
      sock.on('data', (d) => {
        if (!answering) return;
        buf += d
          .toString('latin1')
          .replace(/\xff[\xfb-\xfe]./gs, '')
          .replace(/\xff\xfa[\s\S]*?\xff\xf0/g, '');
        for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
          buf = buf.slice(i + 1);
          if (stage++ === 0) sock.write('Password: ');
          else sock.write('\n\rA Quiet Room\n\r[Exits: north]\n\r\n\r<20hp 100m 100mv> ');
        }
      });
    });
    servers.push(s);
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const port = (s.address() as net.AddressInfo).port;
    const bot = await MudBot.connect(
      { port },
      { name: 'Listener', password: 'pw12345', liveness: { probeAfterMs: 200, silentMs: 400 } },
    );
    bots.push(bot);
    const playing = bot.play({ for: 30_000 });
    await new Promise((r) => setTimeout(r, 300));
    answering = false;
    const t0 = performance.now();
    const err = await playing.catch((e) => e);
    expect(err.code).toBe('ERR_MUD_SILENT');
    expect(err.details.probed).toBe(true);
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  // Failed before: the bot dropped the socket with socket.destroy(), so the MCCP stream it cut was
  // counted as ERR_MCCP_CORRUPT on top of ERR_MUD_SILENT (on real Mud98 every silent bot had both).
  it('silent behind a compressed (MCCP) stream: ERR_MUD_SILENT only, the stream it cuts is no error', async () => {
    server = await startMudServer({ seed: 23, tlsPort: false, ...FAST });
    // A link that stops forwarding either way on demand (the server hangs; its socket stays open).
    let forwarding = true;
    const link = net.createServer((down) => {
      const up = net.connect(server!.port, '127.0.0.1');
      for (const [a, b] of [
        [down, up],
        [up, down],
      ] as const) {
        a.on('data', (d) => {
          if (forwarding) b.write(d);
        });
        a.on('error', () => {});
        a.on('close', () => b.destroy());
      }
    });
    servers.push(link);
    await new Promise<void>((r) => link.listen(0, '127.0.0.1', r));
    const bot = await MudBot.connect(
      { port: (link.address() as net.AddressInfo).port },
      {
        name: 'Squeezed',
        password: 'pw12345',
        liveness: { probeAfterMs: 200, silentMs: 400 },
        queue: { maxPerSecond: 0 },
      },
    );
    bots.push(bot);
    expect(bot.conn.stats().compressedBytesIn).toBeGreaterThan(0);
    const playing = bot.play({ for: 30_000 });
    await new Promise((r) => setTimeout(r, 300));
    forwarding = false;
    const err = await playing.catch((e) => e);
    expect(err.code).toBe('ERR_MUD_SILENT');
    await bot.close();
    expect(bot.metrics.errors).toEqual({ ERR_MUD_SILENT: 1 });
  });

  // Failed before: a server that died mid-stream counted ERR_MCCP_CORRUPT (the cut stream) on top of
  // ERR_MUD_CLOSED for every bot (10 SIGKILLed-Mud98 bots: 10 of each).
  it('a server that dies inside a compressed (MCCP) stream: ERR_MUD_CLOSED only, the cut stream is a note', async () => {
    server = await startMudServer({ seed: 24, tlsPort: false, ...FAST });
    // A link that can drop both sides at once, as a crashed server's kernel does.
    const downs: net.Socket[] = [];
    const link = net.createServer((down) => {
      downs.push(down);
      const up = net.connect(server!.port, '127.0.0.1');
      down.pipe(up);
      up.pipe(down);
      for (const s of [down, up]) s.on('error', () => {});
      down.on('close', () => up.destroy());
    });
    servers.push(link);
    await new Promise<void>((r) => link.listen(0, '127.0.0.1', r));
    const bot = await MudBot.connect(
      { port: (link.address() as net.AddressInfo).port },
      { name: 'Cutoff', password: 'pw12345', queue: { maxPerSecond: 0 } },
    );
    bots.push(bot);
    expect(bot.conn.stats().compressedBytesIn).toBeGreaterThan(0);
    const playing = bot.play({ for: 30_000 });
    await new Promise((r) => setTimeout(r, 300));
    for (const d of downs) d.destroy();
    const err = await playing.catch((e) => e);
    expect(err.code).toBe('ERR_MUD_CLOSED');
    await bot.close();
    expect(bot.metrics.errors).toEqual({ ERR_MUD_CLOSED: 1 });
    expect(bot.transcript.list().some((e) => e.text.includes('ended inside a compressed stream'))).toBe(true);
  });

  it('alive but quiet in a wait state is not silent: the probe is one Mud98 answers at once', async () => {
    // Real Mud98 answers MSDP SEND only with its 4-s mobile update (measured 1.0-3.8 s), LIST within
    // its pulse, wait state or not. `save` puts the character in a 4-round wait (Mud98: 12 s) during
    // which a command gets no answer and the server says nothing. Scaled: 25 ms pulses, the wait 1.2 s,
    // a mobile update every 10 s (at most one of them in these three waits). Before the probe was
    // LIST, the SEND probe went unanswered and the bot reported ERR_MUD_SILENT in each wait it missed.
    server = await startMudServer({
      seed: 25,
      tlsPort: false,
      pulseMs: 25,
      violencePulses: 12,
      mobilePulses: 400,
      tickPulses: 2400,
    });
    const bot = await MudBot.connect({ port: server.port }, { name: 'Saver', password: 'pw12345' });
    bots.push(bot);
    for (let i = 0; i < 3; i++) {
      await bot.send('save');
      const look = await bot.send('look');
      expect(look.latencyMs).toBeGreaterThan(1000); // it waited out the wait state
      expect(bot.lastFault).toBeUndefined();
    }
  }, 20_000);

  it('reconnects with backoff when configured and plays on', async () => {
    server = await startMudServer({ seed: 24, tlsPort: false, ...FAST });
    const port = server.port;
    const attempts: ReconnectAttempt[] = [];
    const bot = await MudBot.connect(
      { port },
      {
        name: 'Phoenix',
        password: 'pw12345',
        reconnect: { baseMs: 50, attempts: 20 },
        onReconnect: (a) => attempts.push(a),
      },
    );
    bots.push(bot);
    const playing = bot.play({
      for: 20_000,
      until: () => bot.metrics.reconnects >= 1 && bot.metrics.commands > 30,
    });
    await new Promise((r) => setTimeout(r, 300));
    bot.conn.socket.destroy(); // the link drops (the server keeps the character link-dead)
    const r = await playing;
    expect(r.reason).toBe('until');
    expect(r.reconnects).toBeGreaterThanOrEqual(1);
    expect(bot.metrics.errors.ERR_MUD_CLOSED).toBeGreaterThanOrEqual(1);
    // Each attempt is told (a swarm's fault finder reads them), with the fault that began the outage.
    expect(attempts.at(-1)).toMatchObject({ bot: 'Phoenix', outcome: 'back', cause: 'ERR_MUD_CLOSED' });
    expect(attempts.at(-1)!.faultAtMs).toBeGreaterThan(0);
  });
});
