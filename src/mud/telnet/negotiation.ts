// Telnet option negotiation with the Q method (RFC 1143): per option and per side a state
// (NO, YES, WANTNO, WANTYES) plus a one-deep queue, so two peers can never loop.
//
//   local  = options WE perform   (we say WILL/WONT, the peer says DO/DONT)
//   remote = options THE PEER performs (the peer says WILL/WONT, we say DO/DONT)
//
// Pure: methods return the bytes to send and the state change to act on; nothing is written here.
import type { NegotiationVerb } from './constants.ts';
import { optionName } from './constants.ts';
import { encodeNegotiation } from './encoder.ts';

/** RFC 1143 state of one side of one option. */
export type QState = 'NO' | 'YES' | 'WANTNO' | 'WANTYES';

/** Which options we agree to. Unknown options are refused. */
export interface NegotiationPolicy {
  /** May we enable `option` on our side when the peer asks (DO)? */
  acceptLocal(option: number): boolean;
  /** Do we agree that the peer enables `option` (WILL)? */
  acceptRemote(option: number): boolean;
}

/** Policy from two option lists. */
export function policyFromLists(local: Iterable<number>, remote: Iterable<number>): NegotiationPolicy {
  const l = new Set(local);
  const r = new Set(remote);
  return { acceptLocal: (o) => l.has(o), acceptRemote: (o) => r.has(o) };
}

/** An option became enabled or disabled on one side. */
export interface OptionChange {
  side: 'local' | 'remote';
  option: number;
  enabled: boolean;
}

/** What a negotiation step produced: bytes to send (if any), a state change (if any), a protocol note. */
export interface NegotiationStep {
  send?: Uint8Array;
  change?: OptionChange;
  /** Set when the peer violated the protocol or a request was redundant (counted, not fatal). */
  note?: string;
}

interface SideState {
  state: QState;
  opposite: boolean;
}

const EMPTY_STEP: NegotiationStep = Object.freeze({});

/** Q-method negotiator for one connection. */
export class TelnetNegotiator {
  private readonly policy: NegotiationPolicy;
  private readonly us = new Map<number, SideState>();
  private readonly him = new Map<number, SideState>();
  /** Protocol violations by the peer (answers to questions never asked, etc.). */
  violations = 0;

  constructor(policy: NegotiationPolicy) {
    this.policy = policy;
  }

  /** Is `option` enabled on our side? */
  isLocalEnabled(option: number): boolean {
    return this.us.get(option)?.state === 'YES';
  }

  /** Is `option` enabled on the peer's side? */
  isRemoteEnabled(option: number): boolean {
    return this.him.get(option)?.state === 'YES';
  }

  /** Raw Q state of one side of an option (for tests and diagnostics). */
  stateOf(side: 'local' | 'remote', option: number): QState {
    return (side === 'local' ? this.us : this.him).get(option)?.state ?? 'NO';
  }

  /** Feed a received IAC WILL/WONT/DO/DONT. */
  receive(verb: NegotiationVerb, option: number): NegotiationStep {
    switch (verb) {
      case 'WILL':
        return this.onEnable(this.him, 'remote', option, this.policy.acceptRemote(option), 'DO', 'DONT');
      case 'WONT':
        return this.onDisable(this.him, 'remote', option, 'DO', 'DONT');
      case 'DO':
        return this.onEnable(this.us, 'local', option, this.policy.acceptLocal(option), 'WILL', 'WONT');
      case 'DONT':
        return this.onDisable(this.us, 'local', option, 'WILL', 'WONT');
    }
  }

  /** We want to enable (WILL) or disable (WONT) `option` on our side. */
  requestLocal(option: number, enable: boolean): NegotiationStep {
    return this.request(this.us, option, enable, 'WILL', 'WONT');
  }

  /** We ask the peer to enable (DO) or disable (DONT) `option`. */
  requestRemote(option: number, enable: boolean): NegotiationStep {
    return this.request(this.him, option, enable, 'DO', 'DONT');
  }

  private get(map: Map<number, SideState>, option: number): SideState {
    let s = map.get(option);
    if (!s) {
      s = { state: 'NO', opposite: false };
      map.set(option, s);
    }
    return s;
  }

  // Peer says WILL (remote side) or DO (local side).
  private onEnable(
    map: Map<number, SideState>,
    side: 'local' | 'remote',
    option: number,
    accept: boolean,
    yes: NegotiationVerb,
    no: NegotiationVerb,
  ): NegotiationStep {
    const s = this.get(map, option);
    switch (s.state) {
      case 'NO':
        if (accept) {
          s.state = 'YES';
          return { send: encodeNegotiation(yes, option), change: { side, option, enabled: true } };
        }
        return { send: encodeNegotiation(no, option) };
      case 'YES':
        return EMPTY_STEP;
      case 'WANTNO':
        this.violations++;
        if (s.opposite) {
          s.state = 'YES';
          s.opposite = false;
          return {
            change: { side, option, enabled: true },
            note: `${optionName(option)}: enable answered our disable`,
          };
        }
        s.state = 'NO';
        return { note: `${optionName(option)}: disable answered by enable` };
      case 'WANTYES':
        if (s.opposite) {
          s.state = 'WANTNO';
          s.opposite = false;
          return { send: encodeNegotiation(no, option), change: { side, option, enabled: true } };
        }
        s.state = 'YES';
        return { change: { side, option, enabled: true } };
    }
  }

  // Peer says WONT (remote side) or DONT (local side).
  private onDisable(
    map: Map<number, SideState>,
    side: 'local' | 'remote',
    option: number,
    yes: NegotiationVerb,
    no: NegotiationVerb,
  ): NegotiationStep {
    const s = this.get(map, option);
    switch (s.state) {
      case 'NO':
        return EMPTY_STEP;
      case 'YES':
        s.state = 'NO';
        return { send: encodeNegotiation(no, option), change: { side, option, enabled: false } };
      case 'WANTNO':
        if (s.opposite) {
          s.state = 'WANTYES';
          s.opposite = false;
          return { send: encodeNegotiation(yes, option), change: { side, option, enabled: false } };
        }
        s.state = 'NO';
        return { change: { side, option, enabled: false } };
      case 'WANTYES':
        s.state = 'NO';
        s.opposite = false;
        return EMPTY_STEP;
    }
  }

  private request(
    map: Map<number, SideState>,
    option: number,
    enable: boolean,
    yes: NegotiationVerb,
    no: NegotiationVerb,
  ): NegotiationStep {
    const s = this.get(map, option);
    const name = optionName(option);
    if (enable) {
      switch (s.state) {
        case 'NO':
          s.state = 'WANTYES';
          return { send: encodeNegotiation(yes, option) };
        case 'YES':
          return { note: `${name} already enabled` };
        case 'WANTNO':
          if (s.opposite) return { note: `${name} enable already queued` };
          s.opposite = true;
          return EMPTY_STEP;
        case 'WANTYES':
          if (s.opposite) s.opposite = false;
          else return { note: `${name} already negotiating enable` };
          return EMPTY_STEP;
      }
    }
    switch (s.state) {
      case 'NO':
        return { note: `${name} already disabled` };
      case 'YES':
        s.state = 'WANTNO';
        return { send: encodeNegotiation(no, option), change: undefined };
      case 'WANTNO':
        if (s.opposite) s.opposite = false;
        else return { note: `${name} already negotiating disable` };
        return EMPTY_STEP;
      case 'WANTYES':
        if (s.opposite) return { note: `${name} disable already queued` };
        s.opposite = true;
        return EMPTY_STEP;
    }
  }
}
