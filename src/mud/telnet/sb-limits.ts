// How large each option's subnegotiation payload may be (bytes, after IAC IAC is undone). A server
// that never sends IAC SE would otherwise make the decoder swallow game text as payload until the
// general limit; with these, TTYPE or NAWS gives up (and says so) within a few bytes.
import { Opt } from './constants.ts';

/** Payload limit of options whose payload has a fixed, small shape. */
export const SB_LIMITS: Readonly<Record<number, number>> = {
  /** IS/SEND + a terminal name of at most 40 characters (RFC 1091); MTTS "MTTS <bits>". */
  [Opt.TTYPE]: 64,
  /** width16 height16 (RFC 1073). */
  [Opt.NAWS]: 4,
  /** REQUEST + a separated list of charset names (RFC 2066). */
  [Opt.CHARSET]: 512,
  /** A few VAR/VALUE pairs (RFC 1572). */
  [Opt.NEW_ENVIRON]: 1024,
  /** The compression start marker is empty. */
  [Opt.MCCP2]: 0,
  [Opt.MCCP3]: 0,
  /** Options that never subnegotiate. */
  [Opt.ECHO]: 0,
  [Opt.SGA]: 0,
  [Opt.EOR]: 0,
};

/** Options whose payloads are data of any size up to the decoder's maxSubnegotiationBytes. */
export const SB_DATA_OPTIONS: readonly number[] = [Opt.MSDP, Opt.MSSP, Opt.GMCP];

/** Limit for options in neither list (ATCP, MXP, ZMP...: payloads we do not decode). */
export const SB_UNKNOWN_LIMIT = 4096;

/** The payload limit of `option`, never above `maxBytes` (the decoder's overall limit). */
export function sbLimit(
  option: number,
  maxBytes: number,
  overrides: Readonly<Record<number, number>> = {},
): number {
  const own = overrides[option] ?? SB_LIMITS[option];
  if (own !== undefined) return Math.min(own, maxBytes);
  return SB_DATA_OPTIONS.includes(option) ? maxBytes : Math.min(SB_UNKNOWN_LIMIT, maxBytes);
}
