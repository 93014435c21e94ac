// One connection as the game sees it: login state, output buffer, input queue, MSDP subscriptions.

import type { MsdpPair } from '../../../src/mud/protocols/msdp.ts';
import type { Char } from '../world/entities.ts';

/** What the game needs from a connection; the network layer (or a test) implements it. */
export interface Transport {
  /** Send game text (already coloured or stripped). */
  write(text: string): void;
  /** WILL ECHO (password mode) when false... i.e. `echo(false)` hides the client's echo. */
  echo(clientEchoes: boolean): void;
  /** Send one MSDP frame (MSDP or MSDP-over-GMCP as negotiated); `pairs` may be empty (an empty frame). */
  msdp(pairs: MsdpPair[]): void;
  msdpActive(): boolean;
  /** IAC GA after a prompt (only for characters with the telnet_ga comm flag). */
  promptMark?(): void;
  /** Send Mud98's DONT/WONT sequence for every option (after the quit text). */
  quitNegotiation(): void;
  /** Flush and close from the game side. */
  close(reason: string): void;
}

export type LoginState =
  | 'get_name'
  | 'confirm_new_name'
  | 'get_old_password'
  | 'break_connect'
  | 'get_new_password'
  | 'confirm_new_password'
  | 'get_new_race'
  | 'get_new_sex'
  | 'get_new_class'
  | 'get_alignment'
  | 'default_choice'
  | 'pick_weapon'
  | 'read_imotd'
  | 'read_motd'
  | 'playing'
  | 'closed';

/** Input lines queued per connection (the byte lid in the network layer usually trips first); overflow policy: disconnect. */
export const INPUT_QUEUE_MAX = 4096;

export interface Session {
  id: number;
  host: string;
  transport: Transport;
  state: LoginState;
  char: Char | undefined;
  /** Pending output for this pulse. */
  out: string[];
  /** A command was processed this pulse (controls the prompt and ROM's leading "\n\r"). */
  fcommand: boolean;
  input: string[];
  /** Creation scratch. */
  scratch: { name?: string; pwd?: string; isNew?: boolean; loaded?: Char };
  /** MSDP variables the client asked to REPORT, and the last value sent for each. */
  reported: Set<string>;
  lastSent: Map<string, string>;
  /** Variables asked for with SEND: Mud98 sends them with the next mobile-pulse update, not at once. */
  sendPending: Set<string>;
  connectedAt: number;
}
