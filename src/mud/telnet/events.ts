// Events produced by the telnet decoder. Data events may alias the input chunk (no copy).
import type { NetwrightError } from '../../errors.ts';
import type { NegotiationVerb } from './constants.ts';

/** Application bytes (IAC IAC unescaped, CR NUL reduced to CR). */
export interface TelnetDataEvent {
  type: 'data';
  data: Uint8Array;
}
/** A one-byte command other than negotiation/SB/GA/EOR (NOP, AYT, IP, DM, ...). */
export interface TelnetCommandEvent {
  type: 'command';
  command: number;
}
/** IAC GA or IAC EOR: "the prompt ends here". */
export interface TelnetPromptMarkEvent {
  type: 'prompt-mark';
  mark: 'GA' | 'EOR';
}
/** IAC WILL/WONT/DO/DONT <option>. */
export interface TelnetNegotiationEvent {
  type: 'negotiation';
  verb: NegotiationVerb;
  option: number;
}
/** IAC SB <option> <data> IAC SE, data unescaped. */
export interface TelnetSubnegotiationEvent {
  type: 'subnegotiation';
  option: number;
  data: Uint8Array;
}
/** A coded, recovered problem (the decoder keeps going). */
export interface TelnetErrorEvent {
  type: 'error';
  error: NetwrightError;
}

/** Everything the decoder emits, in stream order. */
export type TelnetEvent =
  | TelnetDataEvent
  | TelnetCommandEvent
  | TelnetPromptMarkEvent
  | TelnetNegotiationEvent
  | TelnetSubnegotiationEvent
  | TelnetErrorEvent;
