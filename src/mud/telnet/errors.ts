// Coded errors raised (or reported as events) by the MUD protocol stack.
import { NetwrightError } from '../../errors.ts';

/** Stable error codes of src/mud. Switch on these, never on message text. */
export type MudErrorCode =
  | 'ERR_TELNET_SB_OVERFLOW'
  | 'ERR_TELNET_SB_UNTERMINATED'
  | 'ERR_TELNET_TRUNCATED'
  | 'ERR_TELNET_UNKNOWN_COMMAND'
  | 'ERR_TELNET_NEGOTIATION'
  | 'ERR_MCCP_CORRUPT'
  | 'ERR_MCCP_OUTPUT_LIMIT'
  | 'ERR_MCCP_UNSUPPORTED'
  | 'ERR_MSDP_MALFORMED'
  | 'ERR_MSDP_OVERFLOW'
  | 'ERR_MSDP_TOO_DEEP'
  | 'ERR_GMCP_MALFORMED'
  | 'ERR_GMCP_TOO_DEEP'
  | 'ERR_MSSP_MALFORMED'
  | 'ERR_LINE_TOO_LONG'
  | 'ERR_UTF8_INVALID'
  | 'ERR_ANSI_SEQUENCE_TOO_LONG'
  | 'ERR_BOT_LINE_MALFORMED'
  | 'ERR_MUD_CONNECT'
  | 'ERR_MUD_CLOSED'
  | 'ERR_MUD_TIMEOUT'
  | 'ERR_MUD_INPUT_OVERFLOW'
  | 'ERR_MUD_DECODE_FAILED';

/** Build a NetwrightError with a MUD code. */
export function mudError(
  code: MudErrorCode,
  message: string,
  details: Record<string, unknown> = {},
  hint?: string,
): NetwrightError {
  return new NetwrightError(code, message, { details, hint });
}
