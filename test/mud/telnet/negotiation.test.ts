import { describe, expect, it } from 'vitest';
import { DO, DONT, IAC, Opt, WILL, WONT } from '../../../src/mud/telnet/constants.ts';
import { TelnetDecoder } from '../../../src/mud/telnet/decoder.ts';
import type { NegotiationStep } from '../../../src/mud/telnet/negotiation.ts';
import { policyFromLists, TelnetNegotiator } from '../../../src/mud/telnet/negotiation.ts';

const bytes = (s: NegotiationStep) => (s.send ? [...s.send] : []);

// Two negotiators wired back to back; returns the number of messages exchanged.
function converse(a: TelnetNegotiator, bNeg: TelnetNegotiator, first: Uint8Array[], limit = 1000): number {
  const queue: { to: TelnetNegotiator; data: Uint8Array }[] = first.map((d) => ({ to: bNeg, data: d }));
  const decA = new TelnetDecoder();
  const decB = new TelnetDecoder();
  let n = 0;
  while (queue.length > 0) {
    if (++n > limit) throw new Error('negotiation loop');
    const { to, data } = queue.shift()!;
    const dec = to === a ? decA : decB;
    for (const e of dec.push(data)) {
      if (e.type !== 'negotiation') continue;
      const step = to.receive(e.verb, e.option);
      if (step.send) queue.push({ to: to === a ? bNeg : a, data: step.send });
    }
  }
  return n;
}

describe('TelnetNegotiator (Q method)', () => {
  const client = () =>
    new TelnetNegotiator(policyFromLists([Opt.TTYPE, Opt.NAWS], [Opt.MSDP, Opt.MCCP2, Opt.ECHO]));

  it('accepts wanted options and refuses the rest', () => {
    const c = client();
    expect(c.receive('DO', Opt.TTYPE)).toEqual({
      send: new Uint8Array([IAC, WILL, Opt.TTYPE]),
      change: { side: 'local', option: Opt.TTYPE, enabled: true },
    });
    expect(bytes(c.receive('DO', Opt.NEW_ENVIRON))).toEqual([IAC, WONT, Opt.NEW_ENVIRON]);
    expect(bytes(c.receive('WILL', Opt.MSDP))).toEqual([IAC, DO, Opt.MSDP]);
    expect(bytes(c.receive('WILL', Opt.GMCP))).toEqual([IAC, DONT, Opt.GMCP]);
    expect(c.isLocalEnabled(Opt.TTYPE)).toBe(true);
    expect(c.isRemoteEnabled(Opt.MSDP)).toBe(true);
    expect(c.isRemoteEnabled(Opt.GMCP)).toBe(false);
  });

  it('does not answer a repeated WILL for an enabled option (no loop)', () => {
    const c = client();
    c.receive('WILL', Opt.ECHO);
    expect(c.receive('WILL', Opt.ECHO)).toEqual({});
    const off = c.receive('WONT', Opt.ECHO);
    expect(bytes(off)).toEqual([IAC, DONT, Opt.ECHO]);
    expect(off.change).toEqual({ side: 'remote', option: Opt.ECHO, enabled: false });
    expect(c.receive('WONT', Opt.ECHO)).toEqual({});
  });

  it('handles an answer to our own request without replying', () => {
    const c = client();
    expect(bytes(c.requestRemote(Opt.MSDP, true))).toEqual([IAC, DO, Opt.MSDP]);
    expect(c.stateOf('remote', Opt.MSDP)).toBe('WANTYES');
    const r = c.receive('WILL', Opt.MSDP);
    expect(r.send).toBeUndefined();
    expect(r.change?.enabled).toBe(true);
  });

  it('queues an opposite request while one is pending', () => {
    const c = client();
    c.requestLocal(Opt.NAWS, true); // WANTYES
    expect(c.requestLocal(Opt.NAWS, false)).toEqual({}); // queued
    const r = c.receive('DO', Opt.NAWS); // answer arrives: enabled, then immediately WONT
    expect(bytes(r)).toEqual([IAC, WONT, Opt.NAWS]);
    expect(c.stateOf('local', Opt.NAWS)).toBe('WANTNO');
    c.receive('DONT', Opt.NAWS);
    expect(c.stateOf('local', Opt.NAWS)).toBe('NO');
  });

  it('two negotiators settle whatever they ask each other', () => {
    const server = new TelnetNegotiator(
      policyFromLists([Opt.MSDP, Opt.MCCP2, Opt.ECHO, Opt.CHARSET], [Opt.TTYPE, Opt.NAWS]),
    );
    const c = client();
    const offers = [
      server.requestRemote(Opt.TTYPE, true),
      server.requestRemote(Opt.NAWS, true),
      server.requestRemote(Opt.NEW_ENVIRON, true),
      server.requestLocal(Opt.CHARSET, true),
      server.requestLocal(Opt.MSDP, true),
      server.requestLocal(Opt.MCCP2, true),
      server.requestLocal(Opt.GMCP, true),
    ].map((s) => s.send!);
    const n = converse(server, c, offers);
    expect(n).toBeLessThan(20);
    expect(c.isLocalEnabled(Opt.TTYPE)).toBe(true);
    expect(server.isRemoteEnabled(Opt.NAWS)).toBe(true);
    expect(server.isRemoteEnabled(Opt.NEW_ENVIRON)).toBe(false);
    expect(c.isRemoteEnabled(Opt.MSDP)).toBe(true);
    expect(server.isLocalEnabled(Opt.MSDP)).toBe(true);
    expect(server.isLocalEnabled(Opt.GMCP)).toBe(false);
    expect(server.isLocalEnabled(Opt.CHARSET)).toBe(false);
  });

  it('two naive "always agree / always refuse" flips still terminate', () => {
    for (let seed = 0; seed < 50; seed++) {
      const opts = [1, 3, 24, 31, 69, 86];
      const pa = policyFromLists(
        opts.filter((_, i) => (seed >> i) & 1),
        opts,
      );
      const pb = policyFromLists(
        opts,
        opts.filter((_, i) => (seed >> (i + 1)) & 1),
      );
      const a = new TelnetNegotiator(pa);
      const bb = new TelnetNegotiator(pb);
      const first: Uint8Array[] = [];
      for (const o of opts) {
        const s1 = a.requestLocal(o, true);
        const s2 = a.requestRemote(o, (seed & 1) === 0);
        if (s1.send) first.push(s1.send);
        if (s2.send) first.push(s2.send);
      }
      const n = converse(a, bb, first);
      expect(n).toBeLessThan(60);
      for (const o of opts) {
        expect(a.isLocalEnabled(o)).toBe(bb.isRemoteEnabled(o));
        expect(a.isRemoteEnabled(o)).toBe(bb.isLocalEnabled(o));
      }
    }
  });
});
