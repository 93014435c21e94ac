// Telnet byte values (RFC 854/855) and the option numbers MUD servers use (RFC 857, 858, 885, 1073,
// 1091, 1572, 2066; MSDP/MSSP/MCCP/GMCP from the MUD client community specs).

/** Telnet command bytes. */
export const IAC = 255;
export const DONT = 254;
export const DO = 253;
export const WONT = 252;
export const WILL = 251;
export const SB = 250;
export const GA = 249;
export const EL = 248;
export const EC = 247;
export const AYT = 246;
export const AO = 245;
export const IP = 244;
export const BRK = 243;
export const DM = 242;
export const NOP = 241;
export const SE = 240;
export const EOR_CMD = 239;

/** Option numbers. */
export const Opt = {
  ECHO: 1,
  SGA: 3,
  TTYPE: 24,
  EOR: 25,
  NAWS: 31,
  NEW_ENVIRON: 39,
  CHARSET: 42,
  MSDP: 69,
  MSSP: 70,
  MCCP2: 86,
  MCCP3: 87,
  GMCP: 201,
} as const;

/** Byte values used inside subnegotiations. */
export const TTYPE_IS = 0;
export const TTYPE_SEND = 1;
export const CHARSET_REQUEST = 1;
export const CHARSET_ACCEPTED = 2;
export const CHARSET_REJECTED = 3;

/** NVT line control bytes. */
export const CR = 13;
export const LF = 10;
export const NUL = 0;

/** The four negotiation verbs. */
export type NegotiationVerb = 'WILL' | 'WONT' | 'DO' | 'DONT';

/** Verb name to command byte. */
export const VERB_BYTE: Readonly<Record<NegotiationVerb, number>> = { WILL, WONT, DO, DONT };

const OPTION_NAMES: Record<number, string> = {
  1: 'ECHO',
  3: 'SGA',
  24: 'TTYPE',
  25: 'EOR',
  31: 'NAWS',
  39: 'NEW-ENVIRON',
  42: 'CHARSET',
  69: 'MSDP',
  70: 'MSSP',
  86: 'MCCP2',
  87: 'MCCP3',
  201: 'GMCP',
};

/** Human name of an option number ("MSDP", "opt-200"), for logs and errors. */
export function optionName(option: number): string {
  return OPTION_NAMES[option] ?? `opt-${option}`;
}

const COMMAND_NAMES: Record<number, string> = {
  239: 'EOR',
  240: 'SE',
  241: 'NOP',
  242: 'DM',
  243: 'BRK',
  244: 'IP',
  245: 'AO',
  246: 'AYT',
  247: 'EC',
  248: 'EL',
  249: 'GA',
  250: 'SB',
  251: 'WILL',
  252: 'WONT',
  253: 'DO',
  254: 'DONT',
  255: 'IAC',
};

/** Human name of a command byte ("GA", "cmd-17"). */
export function commandName(command: number): string {
  return COMMAND_NAMES[command] ?? `cmd-${command}`;
}
