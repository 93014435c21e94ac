// A throw-away self-signed certificate for the TLS port, made at start-up with the openssl CLI into a
// private temp dir (never committed). Falls back to no TLS when openssl is missing.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NetwrightError } from '../../../src/errors.ts';

export interface SelfSignedCert {
  key: string;
  cert: string;
}

export function makeSelfSignedCert(commonName = 'localhost'): SelfSignedCert {
  const dir = mkdtempSync(join(tmpdir(), 'nw-mud-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '2',
        '-subj',
        `/CN=${commonName}`,
        '-addext',
        `subjectAltName=DNS:${commonName},IP:127.0.0.1`,
      ],
      { stdio: 'pipe', timeout: 20_000 },
    );
    return {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
  } catch (err) {
    throw new NetwrightError(
      'ERR_MUD_TLS_CERT',
      `could not make a self-signed certificate: ${(err as Error).message}`,
      {
        hint: 'install the openssl CLI, or start the fixture MUD with tls disabled (--no-tls)',
        cause: err,
      },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
