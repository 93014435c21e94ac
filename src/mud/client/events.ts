// Typed events a MudSession emits.
import type { NetwrightError } from '../../errors.ts';
import type { GmcpMessage } from '../protocols/gmcp.ts';
import type { MsdpPair } from '../protocols/msdp.ts';
import type { MsspStatus } from '../protocols/mssp.ts';
import type { BotLine } from '../text/bot-lines.ts';

/** A complete line of text (ANSI stripped, no line break). */
export interface MudLineEvent {
  type: 'line';
  text: string;
  /** Cut by the line length bound. */
  overflow?: boolean;
}
/** A prompt: a partial line recognised by text, or ended by IAC GA / IAC EOR. */
export interface MudPromptEvent {
  type: 'prompt';
  text: string;
  /** 'idle': a partial line left unfinished for idlePromptMs (MudConnection option). */
  source: 'text' | 'GA' | 'EOR' | 'idle';
  /** Name of the matching textual pattern ('status', 'password', ...). */
  name?: string;
}
/** A parsed `[BOT:...]` line (the line event is emitted too). */
export interface MudBotEvent {
  type: 'bot';
  line: BotLine;
}
/** MSDP variables received (over MSDP, or over GMCP as "MSDP {json}"). */
export interface MudMsdpEvent {
  type: 'msdp';
  pairs: MsdpPair[];
  via: 'msdp' | 'gmcp';
}
/** A GMCP message (also MSDP-over-GMCP, which additionally yields an msdp event). */
export interface MudGmcpEvent {
  type: 'gmcp';
  message: GmcpMessage;
}
/** Server status (MSSP). */
export interface MudMsspEvent {
  type: 'mssp';
  status: MsspStatus;
}
/** The server took over echoing (password entry) or gave it back. */
export interface MudEchoEvent {
  type: 'echo-off' | 'echo-on';
}
/** A telnet option changed state. */
export interface MudOptionEvent {
  type: 'option';
  side: 'local' | 'remote';
  option: number;
  name: string;
  enabled: boolean;
}
/** Compression switched on/off: 'in' = MCCP2 from the server, 'out' = MCCP3 to the server. */
export interface MudCompressionEvent {
  type: 'compression';
  direction: 'in' | 'out';
  active: boolean;
}
/** A coded problem; the session recovered unless `fatal`. */
export interface MudErrorEvent {
  type: 'error';
  error: NetwrightError;
  fatal: boolean;
}

/** Everything a MudSession emits. */
export type MudEvent =
  | MudLineEvent
  | MudPromptEvent
  | MudBotEvent
  | MudMsdpEvent
  | MudGmcpEvent
  | MudMsspEvent
  | MudEchoEvent
  | MudOptionEvent
  | MudCompressionEvent
  | MudErrorEvent;
