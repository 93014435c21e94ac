// Issue #15 defects (5) and (7), each against the fixture MUD in process or, where the fixture MUD
// has no such behaviour, a scripted loopback MUD that sends Mud98's lines (test vectors of our own).
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type MudServerHandle, startMudServer } from '../../../mud-fixtures/lib/server.ts';
import { MudBot } from '../../../src/mud/bot/index.ts';

let server: MudServerHandle | undefined;
let scripted: net.Server | undefined;
const bots: MudBot[] = [];
afterEach(async () => {
  await Promise.all(bots.splice(0).map((b) => b.close()));
  await server?.close();
  server = undefined;
  scripted?.close();
  scripted = undefined;
});

const TO_WIMPY = ['north', 'north', 'west', 'north', 'north', 'west', 'down', 'west'];

/** A scripted MUD: login, then `kill rat` starts a fight that `onKill` scripts. */
async function scriptedMud(onKill: (write: (s: string) => void) => void): Promise<number> {
  scripted = net.createServer((s) => {
    s.on('error', () => {});
    const write = (t: string) => {
      if (!s.destroyed) s.write(t);
    };
    write('By what name do you wish to be known?\n\r');
    let stage = 0;
    let buf = '';
    s.on('data', (d) => {
      buf += d.toString('latin1');
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        const line = buf.slice(0, i).replace(/\r$/, '');
        buf = buf.slice(i + 1);
        if (stage === 0) write('Password: ');
        else if (stage === 1) write('\n\rWelcome back.\n\r\n\r<20hp 100m 100mv> ');
        else if (line === 'kill rat') onKill(write);
        else write('\n\r<20hp 100m 100mv> ');
        stage++;
      }
    });
  });
  await new Promise<void>((r) => scripted!.listen(0, '127.0.0.1', r));
  return (scripted.address() as net.AddressInfo).port;
}

describe('#15 defect 5: FightOutcome.xp', () => {
  it('is set from the "You receive N experience points." line that follows "is DEAD!!"', async () => {
    server = await startMudServer({ seed: 11, tlsPort: false, pulseMs: 10, violencePulses: 3 });
    const bot = await MudBot.connect({ port: server.port }, { name: 'Xpcounter', password: 'pw12345' });
    bots.push(bot);
    for (const dir of TO_WIMPY) await bot.command(dir);
    const fight = await bot.fight('monster', { timeoutMs: 30_000 });
    expect(fight.outcome).toBe('won');
    expect(fight.xp).toBeGreaterThan(0);
    expect(fight.lines.some((l) => l.includes(`You receive ${fight.xp} experience points.`))).toBe(true);
  });
});

describe('#15 defect 7: dialogue and fight ends that used to wait out the timeout', () => {
  it('fails at once on "Password must be at least five characters long"', async () => {
    server = await startMudServer({ seed: 11, tlsPort: false, pulseMs: 10 });
    const t0 = performance.now();
    const err = await MudBot.connect(
      { port: server.port },
      { name: 'Shortpw', password: 'abc', timeoutMs: 15_000 },
    ).catch((e) => e);
    expect(err.code).toBe('ERR_MUD_LOGIN_FAILED');
    expect(err.hint).toMatch(/5 characters/);
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it('answers "Do you wish to connect anyway (Y/N)?" at once and takes the character over', async () => {
    server = await startMudServer({ seed: 11, tlsPort: false, pulseMs: 10 });
    const first = await MudBot.connect({ port: server.port }, { name: 'Twice', password: 'pw12345' });
    bots.push(first);
    const t0 = performance.now();
    const second = await MudBot.connect(
      { port: server.port },
      { name: 'Twice', password: 'pw12345', timeoutMs: 15_000 },
    );
    bots.push(second);
    expect(performance.now() - t0).toBeLessThan(5000);
    expect((await second.command('look')).length).toBeGreaterThan(0);
    await first.conn.closed;
  });

  it('ends fight() with target-fled when the target flees ("$n has fled!"), not after the timeout', async () => {
    const port = await scriptedMud((write) => {
      write(
        'Your slash grazes the rat.\n\rThe rat has some big nasty wounds and scratches.\n\r\n\r<20hp 100m 100mv> ',
      );
      setTimeout(() => write('The rat has fled!\n\r\n\r<20hp 100m 100mv> '), 50);
    });
    const bot = await MudBot.connect({ port }, { name: 'Chaser', password: 'pw12345' });
    bots.push(bot);
    const t0 = performance.now();
    const fight = await bot.fight('rat', { timeoutMs: 10_000 });
    expect(fight.outcome).toBe('target-fled');
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});
