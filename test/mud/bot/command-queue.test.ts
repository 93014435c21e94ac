// The command queue without a socket: one command in flight, pacing, lag backoff, failure, abort.
import { describe, expect, it } from 'vitest';
import { CommandQueue } from '../../../src/mud/bot/command-queue.ts';

function rig(opts: ConstructorParameters<typeof CommandQueue>[1] = {}) {
  const written: { cmd: string; at: number }[] = [];
  const q = new CommandQueue(
    { write: (cmd) => written.push({ cmd, at: performance.now() }), now: () => performance.now() },
    opts,
  );
  return { q, written };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('CommandQueue', () => {
  it('keeps one command in flight and answers each with its lines up to the prompt', async () => {
    const { q, written } = rig();
    const a = q.send('look');
    const b = q.send('score');
    expect(written.map((w) => w.cmd)).toEqual(['look']);
    q.line('A Room', []);
    q.prompt('<20hp> ');
    const ra = await a;
    expect(ra).toMatchObject({ command: 'look', lines: ['A Room'], prompt: '<20hp> ', retries: 0 });
    expect(ra.latencyMs).toBeGreaterThanOrEqual(0);
    await tick();
    expect(written.map((w) => w.cmd)).toEqual(['look', 'score']);
    q.prompt('<20hp> ');
    expect((await b).lines).toEqual([]);
  });

  it('keeps the minimum gap and the commands/s cap', async () => {
    const { q, written } = rig({ minGapMs: 30, maxPerSecond: 3 });
    const all = Array.from({ length: 4 }, (_, i) => q.send(`c${i}`));
    const answer = setInterval(() => q.prompt('> '), 5);
    await Promise.all(all);
    clearInterval(answer);
    const gaps = written.slice(1).map((w, i) => w.at - written[i].at);
    for (const g of gaps.slice(0, 2)) expect(g).toBeGreaterThanOrEqual(29);
    expect(written[3].at - written[0].at).toBeGreaterThanOrEqual(999); // 4th waits a second after the 1st
  });

  it('backs off and sends again after a lag refusal, then recovers', async () => {
    const { q, written } = rig({ lagBackoffMs: 40, lagRetries: 1 });
    const p = q.send('kill rat');
    q.line('You are still recovering.', [
      { kind: 'refusal', reason: 'lag', text: 'You are still recovering.' },
    ]);
    q.prompt('> ');
    expect(q.currentBackoffMs).toBe(40);
    await new Promise((r) => setTimeout(r, 60));
    expect(written.map((w) => w.cmd)).toEqual(['kill rat', 'kill rat']);
    expect(written[1].at - written[0].at).toBeGreaterThanOrEqual(39);
    q.prompt('> ');
    expect((await p).retries).toBe(1);
    expect(q.currentBackoffMs).toBe(20);
    expect(q.lagRefusals).toBe(1);
  });

  it('rejects what is in flight and queued when the connection fails, and aborts queued commands', async () => {
    const { q } = rig();
    const ac = new AbortController();
    const a = q.send('look');
    const b = q.send('score', { signal: ac.signal });
    const c = q.send('north');
    ac.abort(new Error('preempted'));
    await expect(b).rejects.toThrow('preempted');
    const err = new Error('gone');
    q.fail(err);
    await expect(a).rejects.toBe(err);
    await expect(c).rejects.toBe(err);
    await expect(q.send('look')).rejects.toBe(err);
    q.reset();
    const d = q.send('look');
    q.prompt('> ');
    await expect(d).resolves.toMatchObject({ command: 'look' });
  });

  it('times out a command whose prompt never comes (ERR_MUD_WAIT_TIMEOUT) and moves on', async () => {
    const { q, written } = rig({ timeoutMs: 30 });
    const a = q.send('save');
    const b = q.send('look');
    await expect(a).rejects.toMatchObject({ code: 'ERR_MUD_WAIT_TIMEOUT' });
    await tick();
    expect(written.map((w) => w.cmd)).toEqual(['save', 'look']);
    q.prompt('> ');
    await expect(b).resolves.toMatchObject({ command: 'look' });
  });

  it("a prompt after only ambient lines (others' doings) does not answer; the next one does", async () => {
    let t = 1000;
    const q = new CommandQueue({ write: () => {}, now: () => t });
    const look = q.send('look'); // written at 1000
    t = 1003;
    // Someone else's doing, with its own blank line and prompt, before the server reads our command.
    q.line('', []);
    q.line("Bob says 'hi'", [], true);
    expect(q.prompt('<20hp> ', 1003)).toBe(false);
    expect(q.inFlight?.command).toBe('look');
    t = 1250;
    q.line("Bob says 'hi'", [], true);
    q.line('The Entrance to MUD School', []);
    expect(q.prompt('<20hp> ', 1250)).toBe(true);
    const r = await look;
    expect(r.latencyMs).toBe(250);
    expect(r.lines).toEqual(['', "Bob says 'hi'", "Bob says 'hi'", 'The Entrance to MUD School']);
    expect(q.ambientPrompts).toBe(1);
    // A prompt with no line at all (blank lines aside) is an answer: a command without output.
    const wake = q.send('');
    q.line('', []);
    expect(q.prompt('> ')).toBe(true);
    await expect(wake).resolves.toMatchObject({ lines: [''] });
    // BOT lines are an answer's content (a room view for PLR_BOT players).
    const where = q.send('look');
    q.events([{ kind: 'no-exit' }], true);
    expect(q.prompt('> ')).toBe(true);
    await where;
  });

  it('says so in the timeout hint when ambient prompts were passed over', async () => {
    const q = new CommandQueue({ write: () => {}, now: () => performance.now() }, { timeoutMs: 30 });
    const p = q.send('emote waves');
    q.line('Bob has arrived.', [], true);
    q.prompt('> ');
    const err = await p.catch((e) => e);
    expect(err.code).toBe('ERR_MUD_WAIT_TIMEOUT');
    expect(err.details.ambientPrompts).toBe(1);
    expect(err.hint).toContain('ambient');
  });

  it('measures latency to when the prompt arrived, not to when the queue heard of it', async () => {
    let t = 1000;
    const answered: number[] = [];
    const q = new CommandQueue({ write: () => {}, now: () => t, answered: (_c, ms) => answered.push(ms) });
    const a = q.send('look'); // written at 1000
    t = 1012;
    q.prompt('> ', 1004); // the prompt's bytes came at 1004; parsing them took until 1012
    expect((await a).latencyMs).toBe(4);
    const b = q.send('look'); // written at 1012
    t = 1020;
    q.prompt('> ', 1000); // a stamp from before the write cannot be this command's answer: now is used
    expect((await b).latencyMs).toBe(8);
    const c = q.send('look');
    t = 1025;
    q.prompt('> ');
    expect((await c).latencyMs).toBe(5);
    expect(answered).toEqual([4, 8, 5]);
  });
});
