// Outbound side of one connection: frames telnet output and, once compression is on, deflates it.
//
//   text/commands ──► telnet framing (IAC escaped) ──► [MccpDeflater while compressing] ──► bytes
//
// Every method returns the exact bytes to write to the socket, in order.
import { Opt } from './constants.ts';
import type { EncodeTextOptions } from './encoder.ts';
import { encodeCommand, encodeSubnegotiation, encodeText, escapeIac } from './encoder.ts';
import type { MccpDeflaterOptions } from './mccp.ts';
import { MccpDeflater } from './mccp.ts';
import type { NegotiationStep } from './negotiation.ts';

/** Outbound half of a connection (client or server): every call returns wire bytes. */
export class TelnetWriter {
  private deflater: MccpDeflater | undefined;
  readonly stats = { plainBytes: 0, wireBytes: 0 };
  private readonly textOptions: EncodeTextOptions;

  constructor(textOptions: EncodeTextOptions = {}) {
    this.textOptions = textOptions;
  }

  /** Outbound compression is on. */
  get compressing(): boolean {
    return this.deflater !== undefined;
  }

  /** Text with the configured line ending ("\n" -> CR LF by default). */
  text(text: string, options?: EncodeTextOptions): Uint8Array {
    return this.out(encodeText(text, options ?? this.textOptions));
  }

  /** Raw application bytes (IAC escaped here). */
  data(bytes: Uint8Array): Uint8Array {
    return this.out(escapeIac(bytes));
  }

  /** Pre-framed telnet bytes (negotiation replies, commands). */
  raw(bytes: Uint8Array): Uint8Array {
    return this.out(bytes);
  }

  /** The reply bytes of a negotiation step (empty when there is nothing to send). */
  step(step: NegotiationStep): Uint8Array {
    return step.send ? this.out(step.send) : new Uint8Array(0);
  }

  command(command: number): Uint8Array {
    return this.out(encodeCommand(command));
  }

  subnegotiation(option: number, payload?: Uint8Array | string): Uint8Array {
    return this.out(encodeSubnegotiation(option, payload));
  }

  /**
   * Send IAC SB <option> IAC SE (uncompressed) and compress everything after it.
   * option: 86 for MCCP2 (server side), 87 for MCCP3 (client side). `zlib`: a level, or deflate settings.
   */
  startCompression(option: number = Opt.MCCP2, zlib?: number | MccpDeflaterOptions): Uint8Array {
    if (this.deflater) return new Uint8Array(0);
    const marker = this.out(encodeSubnegotiation(option));
    this.deflater = new MccpDeflater(typeof zlib === 'number' ? { level: zlib } : zlib);
    return marker;
  }

  /** End the zlib stream; later output is plain. */
  stopCompression(): Uint8Array {
    const d = this.deflater;
    if (!d) return new Uint8Array(0);
    this.deflater = undefined;
    const tail = d.finish();
    this.stats.wireBytes += tail.length;
    return tail;
  }

  /** Release zlib without ending the stream (socket closed). */
  close(): void {
    this.deflater?.close();
    this.deflater = undefined;
  }

  private out(bytes: Uint8Array): Uint8Array {
    this.stats.plainBytes += bytes.length;
    const wire = this.deflater ? this.deflater.compress(bytes) : bytes;
    this.stats.wireBytes += wire.length;
    return wire;
  }
}
