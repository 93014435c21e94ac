// Telnet stack for MUD clients AND servers: pure byte state machines, no sockets, no timers.
//
// Pieces (each its own module):
//   TelnetDecoder    bytes -> TelnetEvent[] (data, command, negotiation, subnegotiation, prompt-mark, error)
//   TelnetReader     [MCCP inflate] + decoder; compression may start/end mid-chunk; push(chunk, sink)
//   TelnetWriter     framing + IAC escaping + [MCCP deflate]; every method returns bytes to write
//   TelnetNegotiator Q method (RFC 1143) per option; receive()/requestLocal()/requestRemote() return
//                    { send?: bytes, change?: { side, option, enabled } } - never loops
//   options.ts       NAWS, TTYPE/MTTS (MttsResponder), CHARSET payload codecs
//
// Server use (the fixture MUD):
//   const neg = new TelnetNegotiator(policyFromLists(
//     [Opt.CHARSET, Opt.MSDP, Opt.MSSP, Opt.MCCP2, Opt.MCCP3, Opt.GMCP, Opt.ECHO],  // we WILL
//     [Opt.TTYPE, Opt.NAWS]));                                                      // we accept his WILL
//   const w = new TelnetWriter({ newline: 'lfcr' });          // Mud98 writes "\n\r"
//   const r = new TelnetReader({ compressedOption: Opt.MCCP3,
//     shouldStartCompression: () => neg.isLocalEnabled(Opt.MCCP3) });  // we said WILL MCCP3
//   socket.write(w.step(neg.requestRemote(Opt.TTYPE, true)));  // IAC DO TTYPE ... offers in Mud98 order
//   socket.write(w.step(neg.requestLocal(Opt.MSDP, true)));    // IAC WILL MSDP
//   socket.on('data', (b) => r.push(b, (e) => {
//     if (e.type === 'negotiation') { const s = neg.receive(e.verb, e.option); socket.write(w.step(s));
//       if (s.change?.option === Opt.MCCP2 && s.change.side === 'local' && s.change.enabled)
//         socket.write(w.startCompression(Opt.MCCP2)); }    // IAC SB MCCP2 IAC SE, then zlib
//       // many clients? w.startCompression(Opt.MCCP2, { windowBits: 12, memLevel: 5 }) ~ 1/8 the memory
//     else if (e.type === 'subnegotiation') { ... decodeMsdp(e.data) ... }
//     else if (e.type === 'data') { ... lines ... } }));
//   socket.write(w.text('Password: ')); socket.write(w.step(neg.requestLocal(Opt.ECHO, true)));
//
// Client use: see src/mud/client/session.ts (MudSession composes all of this with MSDP/GMCP, ANSI,
// UTF-8 and lines), or the same three objects with the roles swapped (compressedOption: Opt.MCCP2).
export * from './constants.ts';
export type { TelnetDecoderOptions, TelnetDecoderStats } from './decoder.ts';
export { TelnetDecoder } from './decoder.ts';
export type { EncodeTextOptions } from './encoder.ts';
export {
  concatBytes,
  encodeCommand,
  encodeNegotiation,
  encodePromptMark,
  encodeSubnegotiation,
  encodeText,
  escapeIac,
} from './encoder.ts';
export type { MudErrorCode } from './errors.ts';
export { mudError } from './errors.ts';
export type * from './events.ts';
export type { InflateResult, MccpDeflaterOptions, MccpInflaterOptions } from './mccp.ts';
export { MccpDeflater, MccpInflater } from './mccp.ts';
export type { NegotiationPolicy, NegotiationStep, OptionChange, QState } from './negotiation.ts';
export { policyFromLists, TelnetNegotiator } from './negotiation.ts';
export {
  answerCharsetRequest,
  decodeCharset,
  decodeNaws,
  decodeTtype,
  encodeCharsetRequest,
  encodeNaws,
  encodeTtypeIs,
  encodeTtypeSend,
  Mtts,
  MttsResponder,
  parseMtts,
} from './options.ts';
export type {
  CompressionEvent,
  CorruptPolicy,
  ReaderEvent,
  TelnetReaderOptions,
  TelnetReaderStats,
} from './reader.ts';
export { TelnetReader } from './reader.ts';
export { TelnetWriter } from './writer.ts';
