// MSSP (Mud Server Status Protocol, telnet option 70) payload codec:
//   payload := (MSSP_VAR name (MSSP_VAL value)+)*    several VALs = several values
import type { NetwrightError } from '../../errors.ts';
import { Opt } from '../telnet/constants.ts';
import { encodeSubnegotiation } from '../telnet/encoder.ts';
import { mudError } from '../telnet/errors.ts';

/** MSSP structure bytes. */
export const MSSP_VAR = 1;
export const MSSP_VAL = 2;

/** Server status: name -> value, or values when the server listed several. */
export type MsspStatus = Record<string, string | string[]>;

const utf8 = new TextDecoder('utf-8');

/** Decode an MSSP payload. Never throws. */
export function decodeMssp(data: Uint8Array): { status: MsspStatus; error?: NetwrightError } {
  const status: MsspStatus = {};
  let error: NetwrightError | undefined;
  let i = 0;
  const read = () => {
    const s = i;
    while (i < data.length && data[i] !== MSSP_VAR && data[i] !== MSSP_VAL) i++;
    return utf8.decode(data.subarray(s, i));
  };
  while (i < data.length) {
    if (data[i] !== MSSP_VAR) {
      error = mudError('ERR_MSSP_MALFORMED', `MSSP: expected VAR at byte ${i}`, { offset: i });
      break;
    }
    i++;
    const name = read();
    const values: string[] = [];
    while (i < data.length && data[i] === MSSP_VAL) {
      i++;
      values.push(read());
    }
    const prev = status[name];
    if (prev !== undefined) status[name] = [...(Array.isArray(prev) ? prev : [prev]), ...values];
    else status[name] = values.length === 1 ? values[0] : values;
  }
  return { status, error };
}

/** Encode a status record to an MSSP payload (not framed). */
export function encodeMssp(
  status: Readonly<Record<string, string | number | readonly (string | number)[]>>,
): Uint8Array {
  const out: number[] = [];
  const enc = new TextEncoder();
  const clean = (s: string | number) => enc.encode(String(s).replace(/[\u0001\u0002]/g, ''));
  for (const [name, value] of Object.entries(status)) {
    out.push(MSSP_VAR, ...clean(name));
    for (const v of Array.isArray(value) ? value : [value])
      out.push(MSSP_VAL, ...clean(v as string | number));
  }
  return new Uint8Array(out);
}

/** IAC SB MSSP <payload> IAC SE. */
export function encodeMsspFrame(
  status: Readonly<Record<string, string | number | readonly (string | number)[]>>,
): Uint8Array {
  return encodeSubnegotiation(Opt.MSSP, encodeMssp(status));
}
